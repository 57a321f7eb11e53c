/* SPDX-License-Identifier: MIT */
/* Routes of /api/v1/contests (docs/POINTS.md, "Contests"): admins create, change and cancel
 * contests; everyone signed in lists them and reads one with its standings. Also
 * GET /api/v1/points/badges, each badge with the people holding it (for the admin pages). */
#include "api/render.h"
#include "http/router.h"

#include "core/clock.h"
#include "core/contest.h"
#include "core/json_keys.h"

#include <string.h>

static const char *const contest_times[] = {"starts_at",  "ends_at",      "created_at",
                                            "updated_at", "cancelled_at", NULL};

static void render(json_t *c)
{
    static const char *const standing_times[] = {"reached_at", NULL};

    api_render_times(c, contest_times);
    if (json_is_object(c))
        api_render_times(json_object_get(c, "standings"), standing_times);
}

/* The value of key: the body's when it has it, else base's (a stored contest, or NULL). */
static json_t *pick(const json_t *body, const json_t *base, const char *key)
{
    json_t *v = json_object_get(body, key);
    return v || !base ? v : json_object_get(base, key);
}

/* A time: an ISO 8601 string from the body, or base's unix ms. */
static int time_of(const json_t *body, const json_t *base, const char *key, int64_t *out,
                   struct err *err)
{
    json_t *v = json_object_get(body, key);

    if (!v && base) {
        *out = json_integer_value(json_object_get(base, key));
        return 0;
    }
    if (!v || json_is_null(v))
        return err_field(err, UPT_EMALFORMED, key, "'%s' is required", key);
    if (clock_parse_iso(json_string_value(v), out) < 0)
        return err_field(err, UPT_EINVAL, key, "'%s' must be a time in ISO 8601", key);
    return 0;
}

/* An id list: null, or an array of at most CONTEST_IDS_MAX integers, into v. */
static int ids_of(const json_t *body, const json_t *base, const char *key, int64_t *v, size_t *n,
                  struct err *err)
{
    json_t *a = pick(body, base, key), *e;
    size_t i;

    *n = 0;
    if (!a || json_is_null(a))
        return 0;
    if (!json_is_array(a))
        return err_field(err, UPT_EMALFORMED, key, "'%s' must be an array of ids", key);
    if (json_array_size(a) > CONTEST_IDS_MAX)
        return err_field(err, UPT_EINVAL, key, "'%s' lists at most %d ids", key, CONTEST_IDS_MAX);
    json_array_foreach(a, i, e)
    {
        if (!json_is_integer(e))
            return err_field(err, UPT_EMALFORMED, key, "'%s' must be an array of ids", key);
        v[(*n)++] = json_integer_value(e);
    }
    return 0;
}

static int64_t int_or(const json_t *v, int64_t dflt)
{
    return json_is_integer(v) ? json_integer_value(v) : dflt;
}

static int def_of(const json_t *body, const json_t *base, struct contest_def *d, int64_t *users,
                  int64_t *teams, struct err *err)
{
    static const char *const allowed[] = {
        "name",  "starts_at",    "ends_at",  "metric",   "rule_id", "format", "target",
        "top_n", "participants", "user_ids", "team_ids", "prize",   NULL};
    const char *who, *metric, *format;
    int64_t top_n;
    int rc = json_check_keys(body, allowed, "ssssisiis??s", err);

    memset(d, 0, sizeof *d);
    if (rc < 0)
        return rc;
    d->id = base ? json_integer_value(json_object_get(base, "id")) : 0;
    d->name = json_string_value(pick(body, base, "name"));
    if (!d->name)
        return err_field(err, UPT_EMALFORMED, "name", "'name' is required");
    rc = time_of(body, base, "starts_at", &d->starts_at, err);
    if (rc == 0)
        rc = time_of(body, base, "ends_at", &d->ends_at, err);
    if (rc < 0)
        return rc;
    metric = json_string_value(pick(body, base, "metric"));
    format = json_string_value(pick(body, base, "format"));
    who = json_string_value(pick(body, base, "participants"));
    if (!format)
        return err_field(err, UPT_EMALFORMED, "format", "'format' is required");
    d->metric = contest_metric_parse(metric ? metric : "points");
    d->rule_id = int_or(pick(body, base, "rule_id"), 0);
    d->format = contest_format_parse(format);
    d->target = int_or(pick(body, base, "target"), 0);
    top_n = int_or(pick(body, base, "top_n"), 0);
    d->top_n = top_n < 0 || top_n > CONTEST_TOP_N_MAX ? -1 : (int)top_n;
    if (who && strcmp(who, "teams") != 0 && strcmp(who, "individuals") != 0)
        return err_field(err, UPT_EINVAL, "participants",
                         "participants must be individuals or teams");
    d->teams = who ? strcmp(who, "teams") == 0 : d->format == CONTEST_TEAMS;
    d->prize = json_string_value(pick(body, base, "prize"));
    rc = ids_of(body, base, "user_ids", users, &d->nusers, err);
    if (rc == 0)
        rc = ids_of(body, base, "team_ids", teams, &d->nteams, err);
    d->user_ids = users;
    d->team_ids = teams;
    return rc;
}

static void reply(struct resp *w, int rc, struct err *err, int status, json_t *out)
{
    if (rc < 0) {
        json_decref(out);
        resp_error(w, err);
        return;
    }
    render(out);
    resp_json(w, status, out);
}

static void contests_create(struct req *r, struct resp *w)
{
    int64_t users[CONTEST_IDS_MAX], teams[CONTEST_IDS_MAX];
    struct err err = ERR_INIT;
    struct contest_def d;
    json_t *body = NULL, *out = NULL;
    int rc = req_json(r, &body, &err);

    if (rc == 0)
        rc = def_of(body, NULL, &d, users, teams, &err);
    if (rc == 0)
        rc = store_contest_save(r->app->store, &r->actor, &d, &out, &err);
    json_decref(body);
    reply(w, rc, &err, 201, out);
}

/* PATCH /api/v1/contests/:id: the members given replace the stored ones. */
static void contests_update(struct req *r, struct resp *w)
{
    int64_t users[CONTEST_IDS_MAX], teams[CONTEST_IDS_MAX], id = 0;
    struct err err = ERR_INIT;
    struct contest_def d;
    json_t *body = NULL, *base = NULL, *out = NULL;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = req_json(r, &body, &err);
    if (rc == 0)
        rc = store_contest_get(r->app->store, &r->actor, id, &base, &err);
    if (rc == 0)
        rc = def_of(body, base, &d, users, teams, &err);
    if (rc == 0)
        rc = store_contest_save(r->app->store, &r->actor, &d, &out, &err);
    json_decref(body);
    json_decref(base);
    reply(w, rc, &err, 200, out);
}

static void contests_list(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    json_t *items = NULL;
    int rc = store_contests_list(r->app->store, &r->actor, &items, &err);

    if (rc == 0)
        items = json_pack("{s:o}", "items", items);
    if (rc == 0)
        api_render_times(json_object_get(items, "items"), contest_times);
    if (rc < 0)
        resp_error(w, &err);
    else
        resp_json(w, 200, items);
}

static void contests_get(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    json_t *out = NULL;
    int64_t id = 0;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = store_contest_get(r->app->store, &r->actor, id, &out, &err);
    reply(w, rc, &err, 200, out);
}

static void contests_cancel(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    json_t *out = NULL;
    int64_t id = 0;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = store_contest_cancel(r->app->store, &r->actor, id, &out, &err);
    reply(w, rc, &err, 200, out);
}

/* GET /api/v1/points/badges: every badge with who holds it now. */
static void badges_list(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    json_t *items = NULL;

    if (store_points_badges(r->app->store, &r->actor, &items, &err) < 0) {
        resp_error(w, &err);
        return;
    }
    resp_json(w, 200, json_pack("{s:o}", "items", items));
}

const struct route api_contests_routes[] = {
    {"GET", "/api/v1/contests", contests_list, ROUTE_AUTH, NULL, EV_NONE},
    {"POST", "/api/v1/contests", contests_create, ROUTE_AUTH | ROUTE_CSRF | ROUTE_ADMIN, NULL,
     EV_NONE},
    {"GET", "/api/v1/contests/:id", contests_get, ROUTE_AUTH, NULL, EV_NONE},
    {"PATCH", "/api/v1/contests/:id", contests_update, ROUTE_AUTH | ROUTE_CSRF | ROUTE_ADMIN, NULL,
     EV_NONE},
    {"POST", "/api/v1/contests/:id/cancel", contests_cancel, ROUTE_AUTH | ROUTE_CSRF | ROUTE_ADMIN,
     NULL, EV_NONE},
    {"GET", "/api/v1/points/badges", badges_list, ROUTE_AUTH, NULL, EV_NONE},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
