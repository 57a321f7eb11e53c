/* SPDX-License-Identifier: MIT */
/* 360° timeline: one store call, rendered as a page with a cursor. */
#include "api/timeline.h"

#include "api/records.h"
#include "api/render.h"
#include "core/records.h"

#include <string.h>

/* Activities, tasks and deals in a timeline say whether the caller may change them (user_id is
 * their owner); relationship changes are history, not records. */
static int mark_items(struct req *r, json_t *items, struct err *err)
{
    static const struct record_kind *const kinds[] = {&kind_activity, &kind_task, &kind_deal};
    json_t *item;
    size_t i;

    json_array_foreach(items, i, item)
    {
        const char *type = json_string_value(json_object_get(item, "type"));
        for (size_t j = 0; type && j < sizeof kinds / sizeof kinds[0]; j++) {
            if (strcmp(type, kinds[j]->name) != 0)
                continue;
            int rc = api_records_may_change(r, kinds[j], item, "user_id", err);
            if (rc < 0)
                return rc;
        }
    }
    return 0;
}

void timeline_h(struct req *r, struct resp *w)
{
    static const char *const times[] = {"at", NULL};
    const struct record_kind *k = r->route_data;
    struct err err = ERR_INIT;
    json_t *items = NULL;
    struct timeline_pos before = {0, 0}, next = {0, 0};
    int64_t id, limit;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = req_query_int(r, "limit", 1, 500, 100, &limit, &err);
    if (rc == 0)
        rc = api_cursor_decode_pair(req_query(r, "cursor"), &before.at, &before.key, &err);
    if (rc == 0)
        rc = store_timeline(r->app->store, &r->actor, k, id, &before, (int)limit, &items, &next,
                            &err);
    if (rc == 0)
        rc = mark_items(r, items, &err);
    if (rc < 0) {
        json_decref(items);
        resp_error(w, &err);
        return;
    }
    api_render_times(items, times);
    r->event_entity = k->name;
    r->event_entity_id = id;
    resp_json(w, 200,
              json_pack("{s:o,s:o}", "items", items, "next_cursor",
                        next.key ? json_string(api_cursor_encode_pair(r, next.at, next.key))
                                 : json_null()));
}
