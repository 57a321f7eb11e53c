/* SPDX-License-Identifier: MIT */
/* Routes of personal points targets (/api/v1/points/targets) and configured holidays
 * (/api/v1/holidays), docs/POINTS.md "Targets and holidays": admins set anyone's target,
 * managers their teams', everyone reads their own; admins keep the holidays, everyone signed in
 * reads them. A body that is not what the route takes is 400 naming the field, a value out of
 * range 422. */
#include "api/render.h"
#include "http/router.h"

#include "core/clock.h"
#include "core/json_keys.h"

#include <string.h>

static const char *const target_times[] = {"set_at", NULL};
static const char *const holiday_times[] = {"created_at", NULL};

static void targets_list(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    json_t *items = NULL;

    if (store_points_targets_list(r->app->store, &r->actor, &items, &err) < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_times(items, target_times);
    resp_json(w, 200, json_pack("{s:o}", "items", items));
}

/* PUT /api/v1/points/targets/:user_id {"per_week": N} */
static void target_put(struct req *r, struct resp *w)
{
    static const char *const allowed[] = {"per_week", NULL};
    struct err err = ERR_INIT;
    json_t *body = NULL, *out = NULL, *v;
    int64_t id = 0;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = req_json(r, &body, &err);
    if (rc == 0)
        rc = json_check_keys(body, allowed, "?", &err);
    if (rc == 0) {
        v = json_object_get(body, "per_week");
        if (!v)
            rc = err_field(&err, UPT_EMALFORMED, "per_week", "'per_week' is required");
        else if (!json_is_integer(v))
            rc = err_field(&err, UPT_EMALFORMED, "per_week", "'per_week' must be an integer");
        else
            rc = store_points_target_set(r->app->store, &r->actor, id, json_integer_value(v), &out,
                                         &err);
    }
    json_decref(body);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_times(out, target_times);
    resp_json(w, 200, out);
}

static void target_delete(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    int64_t id = 0;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = store_points_target_clear(r->app->store, &r->actor, id, &err);
    if (rc < 0)
        resp_error(w, &err);
    else
        resp_empty(w, 204);
}

/* A query date: absent (NULL) or YYYY-MM-DD. */
static int date_arg(struct req *r, const char *key, const char **out, struct err *err)
{
    const char *v = req_query(r, key);

    *out = v;
    if (v && (strlen(v) != 10 || clock_check_date(v) < 0))
        return err_field(err, UPT_EMALFORMED, key, "'%s' must be a date YYYY-MM-DD", key);
    return 0;
}

/* GET /api/v1/holidays?from=&to= (both inclusive, optional) */
static void holidays_list(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    const char *from = NULL, *to = NULL;
    json_t *items = NULL;
    int rc = date_arg(r, "from", &from, &err);

    if (rc == 0)
        rc = date_arg(r, "to", &to, &err);
    if (rc == 0)
        rc = store_holidays_list(r->app->store, from, to, &items, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_times(items, holiday_times);
    resp_json(w, 200, json_pack("{s:o}", "items", items));
}

/* POST /api/v1/holidays {"day":"YYYY-MM-DD","name":"..."} */
static void holidays_create(struct req *r, struct resp *w)
{
    static const char *const keys[] = {"day", "name", NULL};
    const char *values[2] = {NULL, NULL};
    struct err err = ERR_INIT;
    json_t *body = NULL, *out = NULL;
    int rc = req_json_strings(r, &body, keys, values, &err);

    if (rc == 0 && !values[0])
        rc = err_field(&err, UPT_EMALFORMED, "day", "'day' is required");
    if (rc == 0 && !values[1])
        rc = err_field(&err, UPT_EMALFORMED, "name", "'name' is required");
    if (rc == 0)
        rc = store_holiday_add(r->app->store, &r->actor, values[0], values[1], &out, &err);
    json_decref(body);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_times(out, holiday_times);
    resp_json(w, 201, out);
}

static void holidays_delete(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    const char *day = r->nparams > 0 ? r->params[0] : NULL;
    int rc = 0;

    if (!day || strlen(day) != 10 || clock_check_date(day) < 0)
        rc = err_set(&err, UPT_ENOTFOUND, "holiday not found");
    if (rc == 0)
        rc = store_holiday_delete(r->app->store, &r->actor, day, &err);
    if (rc < 0)
        resp_error(w, &err);
    else
        resp_empty(w, 204);
}

const struct route api_targets_routes[] = {
    {"GET", "/api/v1/points/targets", targets_list, ROUTE_AUTH, NULL, EV_NONE},
    {"PUT", "/api/v1/points/targets/:id", target_put, ROUTE_AUTH | ROUTE_CSRF, NULL, EV_NONE},
    {"DELETE", "/api/v1/points/targets/:id", target_delete, ROUTE_AUTH | ROUTE_CSRF, NULL, EV_NONE},
    {"GET", "/api/v1/holidays", holidays_list, ROUTE_AUTH, NULL, EV_NONE},
    {"POST", "/api/v1/holidays", holidays_create, ROUTE_AUTH | ROUTE_CSRF | ROUTE_ADMIN, NULL,
     EV_NONE},
    {"DELETE", "/api/v1/holidays/:day", holidays_delete, ROUTE_AUTH | ROUTE_CSRF | ROUTE_ADMIN,
     NULL, EV_NONE},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
