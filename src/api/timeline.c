/* SPDX-License-Identifier: MIT */
/* 360° timeline: one store call, rendered as a page with a cursor. */
#include "api/timeline.h"

#include "api/records.h"

void timeline_h(struct req *r, struct resp *w)
{
    const struct record_kind *k = r->route_data;
    struct err err = ERR_INIT;
    json_t *items = NULL;
    int64_t id, limit, before = 0, next = 0;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = req_query_int(r, "limit", 1, 500, 100, &limit, &err);
    if (rc == 0)
        rc = api_cursor_decode(req_query(r, "cursor"), &before, &err);
    if (rc == 0)
        rc = store_timeline(r->app->store, &r->actor, k, id, before, (int)limit, &items, &next,
                            &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    r->event_entity = k->name;
    r->event_entity_id = id;
    api_list_response(r, w, items, next);
}
