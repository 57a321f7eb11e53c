/* SPDX-License-Identifier: MIT */
/* Routes of /api/v1/adoption: the scorecard of users, one user's explained score, teams and
 * the organization, each as JSON or, with format=csv, as CSV (docs/ADOPTION.md). */
#include "http/router.h"

#include "io/adoption_csv.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The query from the request: from, to, team, include_integration, metrics (always in CSV);
 * weights from config. */
static int query_of(struct req *r, struct adoption_query *q, int *csv, struct err *err)
{
    const char *from = req_query(r, "from"), *to = req_query(r, "to");
    const char *format = req_query(r, "format"), *integ = req_query(r, "include_integration");
    const char *with_metrics = req_query(r, "metrics");
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
    if (with_metrics && strcmp(with_metrics, "true") != 0 && strcmp(with_metrics, "false") != 0)
        return err_field(err, UPT_EMALFORMED, "metrics", "'metrics' must be true or false");
    q->with_metrics = *csv || (with_metrics && strcmp(with_metrics, "true") == 0);
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

/* Sends a store answer as JSON, or as CSV written by to_csv into NAME.csv. Takes out. */
static void reply(struct req *r, struct resp *w, json_t *out, int csv,
                  void (*to_csv)(struct csv_out *, const json_t *), const char *name)
{
    struct csv_out c;

    if (!csv) {
        resp_json(w, 200, out);
        return;
    }
    csv_out_init(&c);
    to_csv(&c, out);
    json_decref(out);
    send_csv(r, w, &c, name);
}

typedef int (*adoption_answer)(struct store *st, const struct actor *a,
                               const struct adoption_query *q, json_t **out, struct err *err);

/* A scorecard over many people: the list, the teams, the organization. */
static void summary(struct req *r, struct resp *w, adoption_answer answer,
                    void (*to_csv)(struct csv_out *, const json_t *), const char *name)
{
    struct err err = ERR_INIT;
    struct adoption_query q;
    json_t *out = NULL;
    int csv = 0;
    int rc = query_of(r, &q, &csv, &err);

    if (rc == 0)
        rc = answer(r->app->store, &r->actor, &q, &out, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    reply(r, w, out, csv, to_csv, name);
}

static void adoption_users(struct req *r, struct resp *w)
{
    summary(r, w, store_adoption_users, adoption_csv_users, "adoption-users");
}

static void adoption_teams(struct req *r, struct resp *w)
{
    summary(r, w, store_adoption_teams, adoption_csv_teams, "adoption-teams");
}

static void adoption_org(struct req *r, struct resp *w)
{
    summary(r, w, store_adoption_org, adoption_csv_flat, "adoption-org");
}

static void adoption_user(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    struct adoption_query q;
    json_t *out = NULL;
    int64_t id = 0;
    int csv = 0;
    /* "me": the signed-in person, for "My adoption" */
    int rc = r->params[0] && strcmp(r->params[0], "me") == 0 ? (id = r->actor.user_id, 0)
                                                             : req_param_id(r, 0, &id, &err);

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
    reply(r, w, out, csv, adoption_csv_user, "adoption-user");
}

const struct route api_adoption_routes[] = {
    {"GET", "/api/v1/adoption/users", adoption_users, ROUTE_AUTH, NULL, EV_ADOPTION_USERS},
    {"GET", "/api/v1/adoption/users/:id", adoption_user, ROUTE_AUTH, NULL, EV_ADOPTION_USER},
    {"GET", "/api/v1/adoption/teams", adoption_teams, ROUTE_AUTH, NULL, EV_ADOPTION_TEAMS},
    {"GET", "/api/v1/adoption/org", adoption_org, ROUTE_AUTH, NULL, EV_ADOPTION_ORG},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
