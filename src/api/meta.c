/* SPDX-License-Identifier: MIT */
/* GET /api/v1/health: liveness for monitors and tests, no sign-in needed. */
#include "http/router.h"

static void health(struct req *r, struct resp *w)
{
    resp_json(w, 200,
              json_pack("{s:s,s:s,s:i}", "status", "ok", "version", UPTAKE_VERSION,
                        "schema_version", store_schema_version(r->app->store)));
}

const struct route api_meta_routes[] = {
    {"GET", "/api/v1/health", health, 0, NULL, EV_NONE},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
