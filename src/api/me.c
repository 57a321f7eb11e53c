/* SPDX-License-Identifier: MIT */
/* Routes of /api/v1/me: what concerns the signed-in user only, such as recently viewed
 * records. */
#include "http/router.h"
#include "http/usage.h"

static void me_recent(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    json_t *items = NULL;
    int64_t limit = 10;
    int rc = req_query_int(r, "limit", 1, 50, 10, &limit, &err);

    /* Views are queued events; flush them so the view that just happened is listed. */
    if (rc == 0 && r->app->usage)
        usage_flush(r->app->usage);
    if (rc == 0)
        rc = store_recent_views(r->app->store, &r->actor, (int)limit, &items, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    resp_json(w, 200, json_pack("{s:o}", "items", items));
}

const struct route api_me_routes[] = {
    {"GET", "/api/v1/me/recent", me_recent, ROUTE_AUTH, NULL, "me.recent"},
    {NULL, NULL, NULL, 0, NULL, NULL},
};
