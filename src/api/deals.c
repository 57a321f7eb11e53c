/* SPDX-License-Identifier: MIT */
/* Routes of /api/v1/deals: generic record handlers (PATCH honours If-Match against the deal's
 * version) and the stage history. */
#include "api/records.h"
#include "api/render.h"
#include "core/records.h"

static void deals_history(struct req *r, struct resp *w)
{
    static const char *const times[] = {"changed_at", NULL};
    struct err err = ERR_INIT;
    json_t *items = NULL;
    int64_t id;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = store_deal_history(r->app->store, &r->actor, id, &items, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_times(items, times);
    r->event_entity = "deal";
    r->event_entity_id = id;
    resp_json(w, 200, json_pack("{s:o}", "items", items));
}

const struct route api_deals_routes[] = {
    RECORD_ROUTES("/api/v1/deals", kind_deal, DEAL),
    {"GET", "/api/v1/deals/:id/history", deals_history, ROUTE_AUTH, NULL, EV_DEAL_HISTORY},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
