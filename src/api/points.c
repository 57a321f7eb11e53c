/* SPDX-License-Identifier: MIT */
/* Routes of /api/v1/points (docs/POINTS.md): the rule table (anyone signed in reads it, admins
 * write it), a person's ledger with the rule behind each row, and admin adjustments. A body
 * that is not what the route takes (bad JSON, unknown fields, wrong types, values out of
 * range, an adjustment without a reason) is 400 naming the field. */
#include "api/render.h"
#include "http/router.h"

#include "core/clock.h"
#include "core/json_keys.h"
#include "core/points_rules.h"

#include <stdint.h>
#include <string.h>

static const char *const rule_times[] = {"created_at", "updated_at", NULL};
static const char *const ledger_times[] = {"at", NULL};

static void rules_list(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    json_t *items = NULL;

    if (store_points_rules_list(r->app->store, &items, &err) < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_times(items, rule_times);
    resp_json(w, 200, json_pack("{s:o}", "items", items));
}

/* An integer member within [lo, hi] into *out (absent: unchanged). */
static int int_in(const json_t *body, const char *key, int64_t lo, int64_t hi, int64_t *out,
                  struct err *err)
{
    json_t *v = json_object_get(body, key);

    if (!v)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return err_field(err, UPT_EMALFORMED, key, "'%s' must be an integer from %lld to %lld", key,
                         (long long)lo, (long long)hi);
    *out = json_integer_value(v);
    return 0;
}

/* The rule a body describes over base (a stored rule as JSON, or NULL for a new one: then
 * name, event_kind and points are required). Strings point into body or base. */
static int rule_of(const json_t *body, const json_t *base, struct points_rule *out, struct err *err)
{
    static const char *const allowed[] = {"name",       "event_kind", "condition", "amount_min",
                                          "amount_max", "points",     "cap_day",   "cap_week",
                                          "active",     NULL};
    const json_t *src[2] = {base, body};
    const char *kind = NULL, *cond = "none", *why = NULL, *field = NULL;
    int64_t v[5] = {0, 0, 0, 0, 0}; /* amount_min, amount_max, points, cap_day, cap_week */
    static const char *const ints[] = {"amount_min", "amount_max", "points", "cap_day", "cap_week"};
    static const int64_t hi[] = {INT64_MAX / 2, INT64_MAX / 2, POINTS_MAX_POINTS, POINTS_MAX_CAP,
                                 POINTS_MAX_CAP};
    int rc = json_check_keys(body, allowed, "sssiiiiib", err);
    int active = 1;

    if (rc < 0)
        return rc;
    memset(out, 0, sizeof *out);
    for (int s = 0; s < 2; s++) {
        const json_t *o = src[s];
        if (!o)
            continue;
        if (json_object_get(o, "name"))
            out->name = json_string_value(json_object_get(o, "name"));
        if (json_object_get(o, "event_kind"))
            kind = json_string_value(json_object_get(o, "event_kind"));
        if (json_object_get(o, "condition"))
            cond = json_string_value(json_object_get(o, "condition"));
        if (json_is_boolean(json_object_get(o, "active")))
            active = json_is_true(json_object_get(o, "active"));
        for (int i = 0; i < 5; i++)
            if ((rc = int_in(o, ints[i], i == 2 ? 1 : 0, hi[i], &v[i], err)) < 0)
                return rc;
    }
    if (!base && !json_object_get(body, "name"))
        return err_field(err, UPT_EMALFORMED, "name", "'name' is required");
    if (!base && !json_object_get(body, "points"))
        return err_field(err, UPT_EMALFORMED, "points", "'points' is required");
    if (!kind)
        return err_field(err, UPT_EMALFORMED, "event_kind", "'event_kind' is required");
    out->kind = strcmp(kind, POINTS_KIND_WEEK_END) == 0 ? EV_NONE : event_kind_lookup(kind);
    if (out->kind == EV_NONE && strcmp(kind, POINTS_KIND_WEEK_END) != 0)
        return err_field(err, UPT_EMALFORMED, "event_kind", "'event_kind' '%s' is not a known kind",
                         kind);
    if (points_condition_parse(cond) < 0)
        return err_field(err, UPT_EMALFORMED, "condition", "'condition' '%s' is not a condition",
                         cond);
    out->condition = points_condition_parse(cond);
    out->amount_min = v[0];
    out->amount_max = v[1];
    out->points = (int)v[2];
    out->cap_day = (int)v[3];
    out->cap_week = (int)v[4];
    out->active = active;
    if (points_rule_check(out, &field, &why) < 0)
        return err_field(err, UPT_EMALFORMED, field, "%s", why);
    return 0;
}

static void rules_create(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    struct points_rule rule;
    json_t *body = NULL, *out = NULL;
    int rc = req_json(r, &body, &err);

    if (rc == 0)
        rc = rule_of(body, NULL, &rule, &err);
    if (rc == 0)
        rc = store_points_rule_save(r->app->store, &r->actor, &rule, &out, &err);
    json_decref(body);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_times(out, rule_times);
    resp_json(w, 201, out);
}

static void rules_update(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    struct points_rule rule;
    json_t *body = NULL, *base = NULL, *out = NULL;
    int64_t id = 0;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = req_json(r, &body, &err);
    if (rc == 0)
        rc = store_points_rule_get(r->app->store, id, &base, &err);
    if (rc == 0)
        rc = rule_of(body, base, &rule, &err);
    if (rc == 0) {
        rule.id = id;
        rc = store_points_rule_save(r->app->store, &r->actor, &rule, &out, &err);
    }
    json_decref(body);
    json_decref(base);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_times(out, rule_times);
    resp_json(w, 200, out);
}

/* GET /api/v1/points/ledger?user_id=&cursor=&limit=: the signed-in user's own without user_id. */
static void ledger_list(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    json_t *items = NULL;
    int64_t user = 0, cursor = 0, limit = 0, next = 0, total = 0;
    int rc = req_query_int(r, "user_id", 1, INT64_MAX, r->user.user_id, &user, &err);

    if (rc == 0)
        rc = req_query_int(r, "cursor", 0, INT64_MAX, 0, &cursor, &err);
    if (rc == 0)
        rc = req_query_int(r, "limit", 1, 500, 50, &limit, &err);
    if (rc == 0)
        rc = store_points_history(r->app->store, &r->actor, user, cursor, (int)limit, &items, &next,
                                  &total, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_times(items, ledger_times);
    resp_json(w, 200,
              json_pack("{s:I,s:I,s:o,s:o}", "user_id", (json_int_t)user, "total",
                        (json_int_t)total, "items", items, "next_cursor",
                        next ? json_integer(next) : json_null()));
}

/* GET /api/v1/points/summary?user_id=: total, streak and badges (the caller's own by default). */
static void summary_get(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    json_t *out = NULL;
    int64_t user = 0;
    int rc = req_query_int(r, "user_id", 1, INT64_MAX, r->user.user_id, &user, &err);

    if (rc == 0)
        rc = store_points_summary(r->app->store, &r->actor, user, &out, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    resp_json(w, 200, out);
}

/* POST /api/v1/points/adjustments {"user_id","points","reason"}: admins. */
static void adjustments_create(struct req *r, struct resp *w)
{
    static const char *const allowed[] = {"user_id", "points", "reason", NULL};
    struct err err = ERR_INIT;
    json_t *body = NULL, *out = NULL;
    int64_t user = 0, points = 0;
    const char *reason = NULL;
    int rc = req_json(r, &body, &err);

    if (rc == 0)
        rc = json_check_keys(body, allowed, "iis", &err);
    if (rc == 0 && !json_is_integer(json_object_get(body, "user_id")))
        rc = err_field(&err, UPT_EMALFORMED, "user_id", "'user_id' is required");
    if (rc == 0 && !json_is_integer(json_object_get(body, "points")))
        rc = err_field(&err, UPT_EMALFORMED, "points", "'points' is required");
    if (rc == 0)
        rc = int_in(body, "user_id", 1, INT64_MAX, &user, &err);
    if (rc == 0)
        rc = int_in(body, "points", -POINTS_MAX_ADJUST, POINTS_MAX_ADJUST, &points, &err);
    if (rc == 0 && points == 0)
        rc = err_field(&err, UPT_EMALFORMED, "points", "'points' must not be 0");
    reason = json_string_value(json_object_get(body, "reason"));
    if (rc == 0 && (!reason || strspn(reason, " \t\r\n") == strlen(reason)))
        rc = err_field(&err, UPT_EMALFORMED, "reason", "an adjustment needs a reason");
    if (rc == 0 && strlen(reason) > 500)
        rc = err_field(&err, UPT_EMALFORMED, "reason", "'reason' must be at most 500 characters");
    if (rc == 0)
        rc = store_points_adjust(r->app->store, &r->actor, user, points, reason, &out, &err);
    json_decref(body);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_times(out, ledger_times);
    resp_json(w, 201, out);
}

/* POST /api/v1/points/week-end {"week": any day of the week, default the one before this}. */
static void week_end_run(struct req *r, struct resp *w)
{
    static const char *const allowed[] = {"week", NULL};
    struct err err = ERR_INIT;
    json_t *body = NULL, *out = NULL;
    const char *week = NULL;
    int64_t day = r->actor.now / CLOCK_DAY_MS - 7, ms = 0;
    int rc = r->body_len ? req_json(r, &body, &err) : 0;

    if (rc == 0 && body)
        rc = json_check_keys(body, allowed, "s", &err);
    week = body ? json_string_value(json_object_get(body, "week")) : NULL;
    if (rc == 0 && week) {
        if (clock_check_date(week) < 0 || clock_parse_iso(week, &ms) < 0)
            rc = err_field(&err, UPT_EMALFORMED, "week", "'week' must be a date YYYY-MM-DD");
        else
            day = ms / CLOCK_DAY_MS - (ms % CLOCK_DAY_MS < 0);
    }
    if (rc == 0)
        rc = store_points_week_end(r->app->store, &r->actor, day, &out, &err);
    json_decref(body);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    resp_json(w, 200, out);
}

const struct route api_points_routes[] = {
    {"GET", "/api/v1/points/rules", rules_list, ROUTE_AUTH, NULL, EV_NONE},
    {"POST", "/api/v1/points/rules", rules_create, ROUTE_AUTH | ROUTE_CSRF | ROUTE_ADMIN, NULL,
     EV_NONE},
    {"PATCH", "/api/v1/points/rules/:id", rules_update, ROUTE_AUTH | ROUTE_CSRF | ROUTE_ADMIN, NULL,
     EV_NONE},
    {"GET", "/api/v1/points/ledger", ledger_list, ROUTE_AUTH, NULL, EV_NONE},
    {"GET", "/api/v1/points/summary", summary_get, ROUTE_AUTH, NULL, EV_NONE},
    {"POST", "/api/v1/points/adjustments", adjustments_create,
     ROUTE_AUTH | ROUTE_CSRF | ROUTE_ADMIN, NULL, EV_NONE},
    {"POST", "/api/v1/points/week-end", week_end_run, ROUTE_AUTH | ROUTE_CSRF | ROUTE_ADMIN, NULL,
     EV_NONE},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
