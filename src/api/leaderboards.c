/* SPDX-License-Identifier: MIT */
/* GET /api/v1/leaderboards?period=today|week|month|quarter|custom&from=&to=&by=person|team
 * &metric=points|improved|percent: the ledger's totals per person or team for the period and
 * the one before, ranked by core/leaderboard.c (rank_sort, as the adoption scorecard). A public
 * board: names as each person consented (core/consent.h); people hidden from boards are left
 * out of the person board (ranked without them; a hidden viewer sees themselves, marked) but
 * count in their team's total. A person's target for the period is their weekly one times its
 * working days (weekends and configured holidays left out) over 5, prorated for new joiners;
 * a team's is the sum of its people's. */
#include "api/render.h"
#include "http/router.h"

#include "core/clock.h"
#include "core/consent.h"
#include "core/leaderboard.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

static int range_of(struct req *r, struct lb_range *range, struct err *err)
{
    const char *name = req_query(r, "period"), *from = req_query(r, "from");
    const char *to = req_query(r, "to");
    int p = lb_period_parse(name ? name : "week");
    int64_t f = 0, t = 0;

    if (p < 0)
        return err_field(err, UPT_EMALFORMED, "period",
                         "'period' must be today, week, month, quarter or custom");
    if (p == LB_CUSTOM) {
        if (!from || !to || clock_check_date(from) < 0 || clock_check_date(to) < 0 ||
            clock_parse_iso(from, &f) < 0 || clock_parse_iso(to, &t) < 0)
            return err_field(err, UPT_EMALFORMED, "from",
                             "a custom period needs 'from' and 'to' dates YYYY-MM-DD");
        t += CLOCK_DAY_MS; /* to is inclusive */
    }
    if (lb_range_of(p, r->actor.now, f, t, range) < 0)
        return err_field(err, UPT_EMALFORMED, "from",
                         "'from' must be before 'to' and at most 366 days apart");
    return 0;
}

static void range_render(json_t *o, const char *key, const struct lb_range *range)
{
    char a[16], b[16];

    clock_format_day(range->from, a, sizeof a);
    clock_format_day(range->to - 1, b, sizeof b);
    json_object_set_new(o, key, json_pack("{s:s,s:s}", "from", a, "to", b));
}

static json_t *percent_json(double p)
{
    return p < 0 ? json_null() : json_real((double)(int64_t)(p * 10 + 0.5) / 10);
}

/* A full period's target (before prorating for a new joiner), null without one. */
static json_t *target_json(int64_t target)
{
    return target > 0 ? json_integer(target) : json_null();
}

static void leaderboards_get(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    struct lb_range range, prev;
    const char *by = req_query(r, "by"), *metric_name = req_query(r, "metric");
    int metric = lb_metric_parse(metric_name ? metric_name : "points");
    json_t *totals = NULL, *items = json_array(), *out = NULL;
    struct lb_entry *v = NULL, *shown = NULL;
    struct lb_team *teams = NULL;
    int64_t *holidays = NULL;
    size_t nholidays = 0;
    struct consent_settings cs;
    struct consent_viewer viewer = {.user_id = r->actor.user_id,
                                    .is_admin = r->actor.role == ROLE_ADMIN};
    size_t n = 0, nteams = 0, nshown = 0;
    int rc = range_of(r, &range, &err);

    if (rc == 0 && by && strcmp(by, "person") != 0 && strcmp(by, "team") != 0)
        rc = err_field(&err, UPT_EMALFORMED, "by", "'by' must be person or team");
    if (rc == 0 && metric < 0)
        rc = err_field(&err, UPT_EMALFORMED, "metric",
                       "'metric' must be points, improved or percent");
    if (rc < 0)
        goto out;
    lb_range_previous(&range, &prev);
    rc = store_board_settings(r->app->store, &cs, &err);
    if (rc == 0)
        rc = store_points_totals(r->app->store, prev.from, range.from, range.to, &totals, &err);
    if (rc == 0)
        rc = store_holidays_days(r->app->store, range.from, range.to, &holidays, &nholidays, &err);
    if (rc < 0)
        goto out;
    n = json_array_size(totals);
    v = xmalloc((n ? n : 1) * sizeof *v);
    shown = xmalloc((n ? n : 1) * sizeof *shown);
    teams = xmalloc((n ? n : 1) * sizeof *teams);
    for (size_t i = 0; i < n; i++) {
        json_t *t = json_array_get(totals, i);
        int64_t team = json_integer_value(json_object_get(t, "team_id"));
        int64_t user = json_integer_value(json_object_get(t, "user_id"));
        int visible;
        viewer.manages_owner =
            json_integer_value(json_object_get(t, "team_manager_id")) == r->actor.user_id;
        /* t's name becomes the public one in place; the entry borrows it. */
        visible = consent_apply(t, "user_id", "name", &cs,
                                json_string_value(json_object_get(t, "board_visibility")), &viewer);
        v[i] = (struct lb_entry){
            .user_id = user,
            .name = json_string_value(json_object_get(t, "name")),
            .team_id = team,
            .points = json_integer_value(json_object_get(t, "points")),
            .previous = json_integer_value(json_object_get(t, "previous")),
            .target = lb_target_of_week(json_integer_value(json_object_get(t, "per_week")), &range,
                                        holidays, nholidays),
            .joined_at = json_integer_value(json_object_get(t, "created_at"))};
        if (visible)
            shown[nshown++] = v[i];
        if (team && json_is_string(json_object_get(t, "team_name"))) {
            size_t k = 0;
            while (k < nteams && teams[k].team_id != team)
                k++;
            if (k == nteams)
                teams[nteams++] = (struct lb_team){
                    .team_id = team, .name = json_string_value(json_object_get(t, "team_name"))};
        }
    }
    if (by && strcmp(by, "team") == 0) {
        lb_teams(v, n, teams, nteams, metric, &range, holidays, nholidays);
        for (size_t k = 0; k < nteams; k++)
            json_array_append_new(
                items,
                json_pack("{s:i,s:I,s:s,s:i,s:I,s:I,s:I,s:o,s:o}", "rank", teams[k].rank, "team_id",
                          (json_int_t)teams[k].team_id, "name", teams[k].name, "people",
                          teams[k].people, "points", (json_int_t)teams[k].points, "previous",
                          (json_int_t)teams[k].previous, "improvement",
                          (json_int_t)teams[k].improvement, "percent",
                          percent_json(teams[k].percent), "target", target_json(teams[k].target)));
    } else {
        lb_rank(shown, nshown, metric, &range, holidays, nholidays);
        for (size_t i = 0; i < nshown; i++) {
            json_t *it =
                json_pack("{s:i,s:I,s:s,s:o,s:I,s:I,s:I,s:o,s:o}", "rank", shown[i].rank, "user_id",
                          (json_int_t)shown[i].user_id, "name", shown[i].name, "team_id",
                          shown[i].team_id ? json_integer(shown[i].team_id) : json_null(), "points",
                          (json_int_t)shown[i].points, "previous", (json_int_t)shown[i].previous,
                          "improvement", (json_int_t)shown[i].improvement, "percent",
                          percent_json(shown[i].percent), "target", target_json(shown[i].target));
            if (shown[i].user_id == r->actor.user_id)
                json_object_set_new(it, "you", json_true());
            json_array_append_new(items, it);
        }
    }
    out = json_pack("{s:s,s:s,s:s}", "period",
                    req_query(r, "period") ? req_query(r, "period") : "week", "by",
                    by ? by : "person", "metric", metric_name ? metric_name : "points");
    range_render(out, "range", &range);
    range_render(out, "previous", &prev);
    json_object_set(out, "items", items);
out:
    json_decref(totals);
    json_decref(items);
    free(v);
    free(shown);
    free(teams);
    free(holidays);
    if (rc < 0)
        resp_error(w, &err);
    else
        resp_json(w, 200, out);
}

const struct route api_leaderboards_routes[] = {
    {"GET", "/api/v1/leaderboards", leaderboards_get, ROUTE_AUTH, NULL, EV_NONE},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
