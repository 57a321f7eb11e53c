/* SPDX-License-Identifier: MIT */
/* Users: list and read (everyone, so records can name owners), add and change (admins),
 * deactivation with successors who inherit every record and open task (per kind if wanted, with
 * a dry run that shows what would move), and reactivation. Through an API token, making admins,
 * changing roles or passwords and (de)activating admins need a token with may_manage. */
#include "api/render.h"
#include "http/auth.h"
#include "http/router.h"

#include "core/validate.h"

#include "core/json_keys.h"

#include <sodium.h>
#include <string.h>

static int check_name(const char *name, struct err *err)
{
    if (validate_name(name, VALIDATE_USER_NAME_CHARS) < 0)
        return err_field(err, UPT_EINVAL, "name", "'name' must be 1 to %d characters",
                         VALIDATE_USER_NAME_CHARS);
    return 0;
}

static void users_list(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    json_t *items = NULL;
    const char *all = req_query(r, "include_inactive");
    int rc = store_user_list(r->app->store, all && strcmp(all, "true") == 0, &items, &err);

    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_users(items);
    resp_json(w, 200, json_pack("{s:o,s:n}", "items", items, "next_cursor"));
}

static void users_get(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    json_t *user = NULL;
    int64_t id;
    int rc;

    if (r->nparams && strcmp(r->params[0], "me") == 0) {
        id = r->user.user_id;
        rc = 0;
    } else {
        rc = req_param_id(r, 0, &id, &err);
    }
    if (rc == 0)
        rc = store_user_get(r->app->store, id, &user, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_users(user);
    resp_json(w, 200, user);
}

static void users_create(struct req *r, struct resp *w)
{
    static const char *const allowed[] = {"email",    "name",           "role", "team_id",
                                          "password", "is_integration", NULL};
    struct err err = ERR_INIT;
    json_t *body = NULL, *user = NULL;
    char hash[256] = "";
    struct user_new u = {0};
    int64_t id = 0;
    int rc = req_json(r, &body, &err);

    if (rc == 0)
        rc = json_check_keys(body, allowed, "sssisb", &err);
    if (rc < 0)
        goto out;
    json_t *integ = json_object_get(body, "is_integration");
    u.email = json_string_value(json_object_get(body, "email"));
    u.name = json_string_value(json_object_get(body, "name"));
    u.role = access_role_parse(json_string_value(json_object_get(body, "role")));
    u.team_id = json_integer_value(json_object_get(body, "team_id"));
    u.is_integration = json_is_true(integ);
    const char *password = json_string_value(json_object_get(body, "password"));
    if (!u.email || validate_email(u.email) < 0) {
        rc = err_field(&err, UPT_EINVAL, "email", "'email' must be an email address");
        goto out;
    }
    rc = check_name(u.name, &err);
    if (rc < 0)
        goto out;
    if (u.role < 0) {
        rc = err_field(&err, UPT_EINVAL, "role", "'role' must be one of: admin, manager, rep");
        goto out;
    }
    if (u.role == ROLE_ADMIN || password) {
        rc = auth_check_manage(r, u.role == ROLE_ADMIN ? "add admins" : "set passwords", &err);
        if (rc < 0)
            goto out;
    }
    if (password) {
        rc = auth_password_acceptable(password, "password", &err);
        if (rc == 0 && auth_password_hash(password, hash, sizeof hash) < 0)
            rc = err_set(&err, UPT_EIO, "cannot hash the password");
        if (rc < 0)
            goto out;
        u.password_hash = hash;
    } else if (!u.is_integration) {
        rc = err_field(&err, UPT_EINVAL, "password",
                       "'password' is required unless the user is an integration");
        goto out;
    }
    rc = store_user_create(r->app->store, &r->actor, &u, &id, &err);
    if (rc == 0)
        rc = store_user_get(r->app->store, id, &user, &err);
out:
    sodium_memzero(hash, sizeof hash);
    json_decref(body);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_users(user);
    resp_json(w, 201, user);
}

static void users_update(struct req *r, struct resp *w)
{
    static const char *const allowed[] = {"name",          "role",     "team_id", "is_ambassador",
                                          "is_power_user", "password", NULL};
    struct err err = ERR_INIT;
    json_t *body = NULL, *patch = NULL, *user = NULL;
    char hash[256] = "";
    int64_t id;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = req_json(r, &body, &err);
    if (rc == 0)
        rc = json_check_keys(body, allowed, "ssibbs", &err);
    if (rc < 0)
        goto out;
    if (json_object_get(body, "role") || json_object_get(body, "password")) {
        rc = auth_check_manage(r, "change roles or passwords", &err);
        if (rc < 0)
            goto out;
    }
    patch = json_deep_copy(body);
    json_object_del(patch, "password");
    if (json_object_get(body, "name"))
        rc = check_name(json_string_value(json_object_get(body, "name")), &err);
    if (rc == 0 && json_object_get(body, "role") &&
        access_role_parse(json_string_value(json_object_get(body, "role"))) < 0)
        rc = err_field(&err, UPT_EINVAL, "role", "'role' must be one of: admin, manager, rep");
    if (rc == 0 && json_object_get(body, "password")) {
        const char *password = json_string_value(json_object_get(body, "password"));
        rc = auth_password_acceptable(password, "password", &err);
        if (rc == 0 && auth_password_hash(password, hash, sizeof hash) < 0)
            rc = err_set(&err, UPT_EIO, "cannot hash the password");
        if (rc == 0)
            json_object_set_new(patch, "password_hash", json_string(hash));
    }
    if (rc == 0)
        rc = store_user_update(r->app->store, &r->actor, id, patch, &user, &err);
out:
    sodium_memzero(hash, sizeof hash);
    json_decref(body);
    json_decref(patch);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_users(user);
    resp_json(w, 200, user);
}

/* Through a token, (de)activating an admin needs may_manage: it changes who manages access. */
static int check_admin_change(struct req *r, int64_t id, struct err *err)
{
    json_t *user = NULL;
    int rc = store_user_get(r->app->store, id, &user, err);

    if (rc == 0 && strcmp(json_string_value(json_object_get(user, "role")), "admin") == 0)
        rc = auth_check_manage(r, "deactivate or reactivate admins", err);
    json_decref(user);
    return rc;
}

/* Reads {"successors":{kind:id,…}} into plan->to; unknown kinds and non-ids are refused. */
static int parse_successors(const json_t *v, struct handover_plan *plan, struct err *err)
{
    const char *key;
    json_t *id;

    if (!v || json_is_null(v))
        return 0;
    if (!json_is_object(v))
        return err_field(err, UPT_EMALFORMED, "successors",
                         "'successors' must be an object of record kind to user id");
    json_object_foreach((json_t *)v, key, id)
    {
        int k = 0;
        while (k < STORE_HANDOVER_KINDS && strcmp(store_handover_kinds[k], key) != 0)
            k++;
        if (k == STORE_HANDOVER_KINDS)
            return err_field(err, UPT_EMALFORMED, "successors",
                             "'successors' has unknown kind '%s'", key);
        if (json_is_null(id))
            continue;
        if (!json_is_integer(id) || json_integer_value(id) <= 0)
            return err_field(err, UPT_EMALFORMED, "successors", "'successors.%s' must be a user id",
                             key);
        plan->to[k] = json_integer_value(id);
    }
    return 0;
}

/* POST /users/:id/deactivate {"successor_id", "successors":{kind:id}, "dry_run"}: a dry run
 * answers what would move to whom and changes nothing. */
static void users_deactivate(struct req *r, struct resp *w)
{
    static const char *const allowed[] = {"successor_id", "successors", "dry_run", NULL};
    struct err err = ERR_INIT;
    json_t *body = NULL, *summary = NULL, *user = NULL;
    struct handover_plan plan = {0};
    int64_t id;
    int dry_run = 0;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = req_json(r, &body, &err);
    if (rc == 0)
        rc = json_check_keys(body, allowed, "i?b", &err);
    if (rc == 0)
        rc = parse_successors(json_object_get(body, "successors"), &plan, &err);
    if (rc == 0) {
        plan.successor_id = json_integer_value(json_object_get(body, "successor_id"));
        dry_run = json_is_true(json_object_get(body, "dry_run"));
        rc = check_admin_change(r, id, &err);
    }
    if (rc == 0)
        rc = store_user_deactivate(r->app->store, &r->actor, id, &plan, dry_run, &summary, &err);
    if (rc == 0)
        rc = store_user_get(r->app->store, id, &user, &err);
    json_decref(body);
    if (rc < 0) {
        json_decref(summary);
        resp_error(w, &err);
        return;
    }
    api_render_users(user);
    json_object_set_new(summary, "user", user);
    json_object_set_new(summary, "dry_run", json_boolean(dry_run));
    resp_json(w, 200, summary);
}

/* POST /users/:id/reactivate, with no body or an empty object. */
static void users_reactivate(struct req *r, struct resp *w)
{
    static const char *const allowed[] = {NULL};
    struct err err = ERR_INIT;
    json_t *body = NULL, *user = NULL;
    int64_t id;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0 && r->body_len) {
        rc = req_json(r, &body, &err);
        if (rc == 0)
            rc = json_check_keys(body, allowed, "", &err);
    }
    if (rc == 0)
        rc = check_admin_change(r, id, &err);
    if (rc == 0)
        rc = store_user_reactivate(r->app->store, &r->actor, id, &err);
    if (rc == 0)
        rc = store_user_get(r->app->store, id, &user, &err);
    json_decref(body);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_users(user);
    resp_json(w, 200, user);
}

const struct route api_users_routes[] = {
    {"GET", "/api/v1/users", users_list, ROUTE_AUTH, NULL, EV_USER_LIST},
    {"POST", "/api/v1/users", users_create, ROUTE_AUTH | ROUTE_CSRF | ROUTE_ADMIN, NULL, EV_NONE},
    {"GET", "/api/v1/users/:id", users_get, ROUTE_AUTH, NULL, EV_USER_VIEW},
    {"PATCH", "/api/v1/users/:id", users_update, ROUTE_AUTH | ROUTE_CSRF | ROUTE_ADMIN, NULL,
     EV_NONE},
    {"POST", "/api/v1/users/:id/deactivate", users_deactivate,
     ROUTE_AUTH | ROUTE_CSRF | ROUTE_ADMIN, NULL, EV_NONE},
    {"POST", "/api/v1/users/:id/reactivate", users_reactivate,
     ROUTE_AUTH | ROUTE_CSRF | ROUTE_ADMIN, NULL, EV_NONE},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
