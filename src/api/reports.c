/* SPDX-License-Identifier: MIT */
/* Routes of /api/v1/reports: pipeline totals per stage (closed deals optionally only since a
 * time), the manager's team report, and the team's deals at risk page by page. */
#include "api/records.h"
#include "api/render.h"
#include "http/router.h"

#include "core/clock.h"
#include "core/records.h"

#include <stdint.h>

static void reports_pipeline(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    json_t *stages = NULL;
    int64_t owner_id = 0, team_id = 0, closed_after = 0;
    const char *after = req_query(r, "closed_after");
    int rc = req_query_int(r, "owner_id", 1, INT64_MAX, 0, &owner_id, &err);

    if (rc == 0)
        rc = req_query_int(r, "team_id", 1, INT64_MAX, 0, &team_id, &err);
    if (rc == 0 && after && (clock_parse_iso(after, &closed_after) < 0 || closed_after <= 0))
        rc = err_field(&err, UPT_EMALFORMED, "closed_after",
                       "'closed_after' must be an ISO 8601 time");
    if (rc == 0)
        rc = store_report_pipeline(r->app->store, &r->actor, owner_id, team_id, closed_after,
                                   &stages, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    resp_json(w, 200, json_pack("{s:o}", "stages", stages));
}

/* Renders deals with whether the caller may change each. */
static int render_deals(struct req *r, json_t *deals, struct err *err)
{
    int rc = api_records_may_change(r, &kind_deal, deals, "owner_id", err);

    if (rc < 0)
        return rc;
    api_render_records(&kind_deal, deals);
    return 0;
}

/* The cursor of the page after one that started at offset and showed shown of total. */
static json_t *next_cursor(struct req *r, int64_t offset, size_t shown, int64_t total)
{
    int64_t next = offset + (int64_t)shown;

    return shown && next < total ? json_string(api_cursor_encode(r, next)) : json_null();
}

static void reports_team(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    json_t *report = NULL, *risk;
    int64_t team_id = 0;
    int rc = req_query_int(r, "team_id", 1, INT64_MAX, 0, &team_id, &err);

    if (rc == 0)
        rc = store_report_team(r->app->store, &r->actor, team_id, &report, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    risk = json_object_get(report, "at_risk");
    if (render_deals(r, risk, &err) < 0) {
        json_decref(report);
        resp_error(w, &err);
        return;
    }
    json_object_set_new(report, "at_risk_next_cursor",
                        next_cursor(r, 0, json_array_size(risk),
                                    json_integer_value(json_object_get(report, "at_risk_total"))));
    r->event_entity = "team";
    r->event_entity_id = json_integer_value(json_object_get(json_object_get(report, "team"), "id"));
    resp_json(w, 200, report);
}

/* GET /reports/at_risk?team_id=&limit=&cursor=: every deal at risk of the team, a page at a
 * time, with how many there are. */
static void reports_at_risk(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    json_t *page = NULL, *items;
    int64_t team_id = 0, limit = REPORT_AT_RISK_PAGE, offset = 0;
    int rc = req_query_int(r, "team_id", 1, INT64_MAX, 0, &team_id, &err);

    if (rc == 0)
        rc = req_query_int(r, "limit", 1, 200, REPORT_AT_RISK_PAGE, &limit, &err);
    if (rc == 0)
        rc = api_cursor_decode(req_query(r, "cursor"), &offset, &err);
    if (rc == 0)
        rc = store_report_at_risk(r->app->store, &r->actor, team_id, offset, limit, &page, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    items = json_object_get(page, "items");
    if (render_deals(r, items, &err) < 0) {
        json_decref(page);
        resp_error(w, &err);
        return;
    }
    json_object_set_new(page, "next_cursor",
                        next_cursor(r, offset, json_array_size(items),
                                    json_integer_value(json_object_get(page, "total"))));
    r->event_entity = "team";
    r->event_entity_id = json_integer_value(json_object_get(json_object_get(page, "team"), "id"));
    resp_json(w, 200, page);
}

const struct route api_reports_routes[] = {
    {"GET", "/api/v1/reports/pipeline", reports_pipeline, ROUTE_AUTH, NULL, EV_REPORT_PIPELINE},
    {"GET", "/api/v1/reports/team", reports_team, ROUTE_AUTH, NULL, EV_REPORT_TEAM},
    {"GET", "/api/v1/reports/at_risk", reports_at_risk, ROUTE_AUTH, NULL, EV_REPORT_AT_RISK},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
