/* SPDX-License-Identifier: MIT */
/* Routes of /api/v1/reports: pipeline totals per stage, and the manager's team report. */
#include "http/router.h"

#include "core/records.h"

#include <stdint.h>

static void reports_pipeline(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    json_t *stages = NULL;
    int64_t owner_id = 0, team_id = 0;
    int rc = req_query_int(r, "owner_id", 1, INT64_MAX, 0, &owner_id, &err);

    if (rc == 0)
        rc = req_query_int(r, "team_id", 1, INT64_MAX, 0, &team_id, &err);
    if (rc == 0)
        rc = store_report_pipeline(r->app->store, &r->actor, owner_id, team_id, &stages, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    resp_json(w, 200, json_pack("{s:o}", "stages", stages));
}

static void reports_team(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    json_t *report = NULL, *deal;
    int64_t team_id = 0;
    size_t i;
    int rc = req_query_int(r, "team_id", 1, INT64_MAX, 0, &team_id, &err);

    if (rc == 0)
        rc = store_report_team(r->app->store, &r->actor, team_id, &report, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    json_array_foreach(json_object_get(report, "at_risk"), i, deal)
        records_render(&kind_deal, deal);
    r->event_entity = "team";
    r->event_entity_id = json_integer_value(json_object_get(json_object_get(report, "team"), "id"));
    resp_json(w, 200, report);
}

const struct route api_reports_routes[] = {
    {"GET", "/api/v1/reports/pipeline", reports_pipeline, ROUTE_AUTH, NULL, "report.pipeline"},
    {"GET", "/api/v1/reports/team", reports_team, ROUTE_AUTH, NULL, "report.team"},
    {NULL, NULL, NULL, 0, NULL, NULL},
};
