/* SPDX-License-Identifier: MIT */
/* Routes of /api/v1/adoption: the scorecard of users, one user's explained score, teams and
 * the organization, each as JSON or, with format=csv, as CSV (docs/ADOPTION.md). */
#include "http/router.h"

#include "io/csv_out.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The query from the request: from, to, team, include_integration; weights from config. */
static int query_of(struct req *r, struct adoption_query *q, int *csv, struct err *err)
{
    const char *from = req_query(r, "from"), *to = req_query(r, "to");
    const char *format = req_query(r, "format"), *integ = req_query(r, "include_integration");
    int64_t team = 0;

    memset(q, 0, sizeof *q);
    if (from && strlen(from) >= sizeof q->from)
        return err_field(err, UPT_EINVAL, "from", "'from' must be a date YYYY-MM-DD");
    if (to && strlen(to) >= sizeof q->to)
        return err_field(err, UPT_EINVAL, "to", "'to' must be a date YYYY-MM-DD");
    snprintf(q->from, sizeof q->from, "%s", from ? from : "");
    snprintf(q->to, sizeof q->to, "%s", to ? to : "");
    if (req_query_int(r, "team", 1, INT64_MAX, 0, &team, err) < 0)
        return err->code;
    q->team_id = team;
    if (integ && strcmp(integ, "true") != 0 && strcmp(integ, "false") != 0)
        return err_field(err, UPT_EMALFORMED, "include_integration",
                         "'include_integration' must be true or false");
    q->include_integration = integ && strcmp(integ, "true") == 0;
    if (format && strcmp(format, "csv") != 0 && strcmp(format, "json") != 0)
        return err_field(err, UPT_EMALFORMED, "format", "'format' must be json or csv");
    *csv = format && strcmp(format, "csv") == 0;
    config_adoption(&r->app->cfg, &q->weights, &q->stale_days);
    return 0;
}

static void send_csv(struct req *r, struct resp *w, struct csv_out *c, const char *name)
{
    char disposition[128];

    w->status = 200;
    w->body = csv_out_detach(c, &w->body_len);
    w->content_type = "text/csv; charset=utf-8";
    snprintf(disposition, sizeof disposition, "attachment; filename=\"%s.csv\"", name);
    resp_header(w, r, "Content-Disposition", disposition);
}

/* The columns of a person's row: header name and JSON path (object keys separated by '/'). */
static const char *const user_columns[][2] = {
    {"rank", "rank"},
    {"user_id", "user_id"},
    {"name", "name"},
    {"email", "email"},
    {"role", "role"},
    {"team", "team_name"},
    {"score", "score"},
    {"access", "components/access"},
    {"process", "components/process"},
    {"quality", "components/quality"},
    {"previous_score", "previous_score"},
    {"trend", "trend"},
    {"lagging", "lagging"},
    {"active_days", "metrics/access/active_days"},
    {"expected_days", "metrics/access/expected_days"},
    {"last_active", "metrics/access/last_active"},
    {"activities", "metrics/process/activities"},
    {"meaningful_activities", "metrics/process/meaningful_activities"},
    {"tasks_due", "metrics/process/tasks_due"},
    {"tasks_on_time", "metrics/process/tasks_on_time"},
    {"fields_expected", "metrics/quality/fields_expected"},
    {"fields_filled", "metrics/quality/fields_filled"},
    {"open_deals", "metrics/quality/open_deals"},
    {"deals_past_close_date", "metrics/quality/deals_past_close_date"},
    {"deals_without_next_step", "metrics/quality/deals_without_next_step"},
    {"stale", "metrics/quality/stale"},
    {"leads_converted", "metrics/outcome/leads_converted"},
    {"deals_won", "metrics/outcome/deals_won"},
    {"deals_lost", "metrics/outcome/deals_lost"},
    {"days_to_first_activity", "metrics/rollout/days_to_first_activity"},
};

static const char *const team_columns[][2] = {
    {"team_id", "team_id"},       {"name", "name"},
    {"users", "users"},           {"score", "score"},
    {"access", "components/access"}, {"process", "components/process"},
    {"quality", "components/quality"}, {"active_users", "active_users"},
    {"logged_in_users", "logged_in_users"}, {"lagging_users", "lagging_users"},
};

static const json_t *at_path(const json_t *v, const char *path)
{
    char key[64];

    while (v && *path) {
        const char *slash = strchr(path, '/');
        size_t n = slash ? (size_t)(slash - path) : strlen(path);
        if (n >= sizeof key)
            return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        v = json_object_get(v, key);
        path += n + (slash ? 1 : 0);
    }
    return v;
}

static void csv_table(struct csv_out *c, const json_t *items, const char *const (*cols)[2],
                      size_t ncols)
{
    const json_t *item;
    size_t i;

    for (size_t k = 0; k < ncols; k++)
        csv_cell(c, cols[k][0]);
    csv_row_end(c);
    json_array_foreach(items, i, item)
    {
        for (size_t k = 0; k < ncols; k++)
            csv_cell_json(c, at_path(item, cols[k][1]));
        csv_row_end(c);
    }
}

/* Every scalar of obj as "path,value" rows (the organization and one user's summary). */
static void csv_flat(struct csv_out *c, const json_t *obj, const char *prefix)
{
    const char *key;
    const json_t *v;

    json_object_foreach((json_t *)obj, key, v)
    {
        char path[256];
        snprintf(path, sizeof path, "%s%s%s", prefix, prefix[0] ? "." : "", key);
        if (json_is_object(v)) {
            csv_flat(c, v, path);
        } else if (!json_is_array(v)) {
            csv_cell(c, path);
            csv_cell_json(c, v);
            csv_row_end(c);
        }
    }
}

static void adoption_users(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    struct adoption_query q;
    json_t *out = NULL;
    int csv = 0;
    int rc = query_of(r, &q, &csv, &err);

    if (rc == 0)
        rc = store_adoption_users(r->app->store, &r->actor, &q, &out, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    if (!csv) {
        resp_json(w, 200, out);
        return;
    }
    struct csv_out c;
    csv_out_init(&c);
    csv_table(&c, json_object_get(out, "items"), user_columns,
              sizeof user_columns / sizeof user_columns[0]);
    json_decref(out);
    send_csv(r, w, &c, "adoption-users");
}

static void adoption_user(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    struct adoption_query q;
    json_t *out = NULL;
    int64_t id = 0;
    int csv = 0;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = query_of(r, &q, &csv, &err);
    if (rc == 0)
        rc = store_adoption_user(r->app->store, &r->actor, &q, id, &out, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    r->event_entity = "user";
    r->event_entity_id = id;
    if (!csv) {
        resp_json(w, 200, out);
        return;
    }
    struct csv_out c;
    const json_t *part;
    size_t i;
    csv_out_init(&c);
    csv_cell(&c, "figure");
    csv_cell(&c, "value");
    csv_row_end(&c);
    csv_flat(&c, out, "");
    csv_row_end(&c);
    /* Then the parts: what each measured and what it cost. */
    static const char *const part_columns[][2] = {
        {"component", "component"}, {"part", "part"},     {"measured", "measured"},
        {"value", "value"},         {"points_lost", "points_lost"}, {"text", "text"},
    };
    csv_table(&c, json_object_get(out, "parts"), part_columns,
              sizeof part_columns / sizeof part_columns[0]);
    (void)part;
    (void)i;
    json_decref(out);
    send_csv(r, w, &c, "adoption-user");
}

static void adoption_teams(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    struct adoption_query q;
    json_t *out = NULL;
    int csv = 0;
    int rc = query_of(r, &q, &csv, &err);

    if (rc == 0)
        rc = store_adoption_teams(r->app->store, &r->actor, &q, &out, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    if (!csv) {
        resp_json(w, 200, out);
        return;
    }
    struct csv_out c;
    csv_out_init(&c);
    csv_table(&c, json_object_get(out, "items"), team_columns,
              sizeof team_columns / sizeof team_columns[0]);
    json_decref(out);
    send_csv(r, w, &c, "adoption-teams");
}

static void adoption_org(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    struct adoption_query q;
    json_t *out = NULL;
    int csv = 0;
    int rc = query_of(r, &q, &csv, &err);

    if (rc == 0)
        rc = store_adoption_org(r->app->store, &r->actor, &q, &out, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    if (!csv) {
        resp_json(w, 200, out);
        return;
    }
    struct csv_out c;
    csv_out_init(&c);
    csv_cell(&c, "figure");
    csv_cell(&c, "value");
    csv_row_end(&c);
    csv_flat(&c, out, "");
    json_decref(out);
    send_csv(r, w, &c, "adoption-org");
}

const struct route api_adoption_routes[] = {
    {"GET", "/api/v1/adoption/users", adoption_users, ROUTE_AUTH, NULL, "adoption.users"},
    {"GET", "/api/v1/adoption/users/:id", adoption_user, ROUTE_AUTH, NULL, "adoption.user"},
    {"GET", "/api/v1/adoption/teams", adoption_teams, ROUTE_AUTH, NULL, "adoption.teams"},
    {"GET", "/api/v1/adoption/org", adoption_org, ROUTE_AUTH, NULL, "adoption.org"},
    {NULL, NULL, NULL, 0, NULL, NULL},
};
