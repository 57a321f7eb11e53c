/* SPDX-License-Identifier: MIT */
/* The event log for admins: GET /api/v1/events?user_id=&kind=&since=&until=&limit=&cursor=. */
#include "api/records.h"
#include "api/render.h"
#include "http/router.h"
#include "http/usage.h"

#include "core/clock.h"

#include <string.h>

static int time_arg(struct req *r, const char *key, int64_t *out, struct err *err)
{
    const char *v = req_query(r, key);

    *out = 0;
    if (v && clock_parse_iso(v, out) < 0)
        return err_field(err, UPT_EMALFORMED, key, "'%s' must be an ISO 8601 time", key);
    return 0;
}

static void events_list(struct req *r, struct resp *w)
{
    static const char *const times[] = {"at", NULL};
    struct err err = ERR_INIT;
    struct event_query q = {0};
    json_t *items = NULL;
    int64_t limit, next = 0;
    int rc = req_query_int(r, "user_id", 1, INT64_MAX, 0, &q.user_id, &err);

    if (rc == 0)
        rc = req_query_int(r, "limit", 1, 1000, 100, &limit, &err);
    if (rc == 0)
        rc = time_arg(r, "since", &q.since, &err);
    if (rc == 0)
        rc = time_arg(r, "until", &q.until, &err);
    if (rc == 0)
        rc = api_cursor_decode(req_query(r, "cursor"), &q.cursor, &err);
    q.kind = req_query(r, "kind");
    if (rc == 0 && q.kind && strlen(q.kind) > 48)
        rc = err_field(&err, UPT_EMALFORMED, "kind", "'kind' is too long");
    /* Flush queued reads first, so the list includes what just happened. */
    if (rc == 0 && r->app->usage)
        usage_flush(r->app->usage);
    q.limit = (int)limit;
    if (rc == 0)
        rc = store_events_list(r->app->store, &q, &items, &next, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_times(items, times);
    api_list_response(r, w, items, next);
}

const struct route api_events_routes[] = {
    {"GET", "/api/v1/events", events_list, ROUTE_AUTH | ROUTE_ADMIN, NULL, EV_EVENT_LIST},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
