/* SPDX-License-Identifier: MIT */
/* API tokens for integrations: shown once at creation, stored only as a hash. An admin may
 * create a token for another user (typically an integration user), and only an admin may let a
 * token manage access (may_manage); a token without it cannot create tokens. */
#include "api/render.h"
#include "http/auth.h"
#include "http/router.h"

#include "core/json_keys.h"
#include "core/validate.h"

#include <sodium.h>
#include <string.h>

static void tokens_list(struct req *r, struct resp *w)
{
    static const char *const times[] = {"created_at", "revoked_at", NULL};
    struct err err = ERR_INIT;
    json_t *items = NULL;

    if (store_token_list(r->app->store, r->user.user_id, &items, &err) < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_times(items, times);
    resp_json(w, 200, json_pack("{s:o,s:n}", "items", items, "next_cursor"));
}

static void tokens_create(struct req *r, struct resp *w)
{
    const char *name = NULL;
    struct err err = ERR_INIT;
    json_t *body = NULL;
    json_t *v;
    int64_t user_id = r->user.user_id, id = 0;
    int may_manage = 0;
    char token[AUTH_TOKEN_LEN] = "";
    unsigned char hash[32];
    int rc = auth_check_manage(r, "create tokens", &err);

    if (rc == 0)
        rc = req_json(r, &body, &err);

    if (rc < 0)
        goto out;
    static const char *const allowed[] = {"name", "user_id", "may_manage", NULL};
    if ((rc = json_check_keys(body, allowed, "s?b", &err)) < 0)
        goto out;
    v = json_object_get(body, "user_id");
    if (v && !json_is_integer(v)) {
        rc = err_field(&err, UPT_EMALFORMED, "user_id", "'user_id' must be an integer");
        goto out;
    }
    name = json_string_value(json_object_get(body, "name"));
    if (v)
        user_id = json_integer_value(v);
    may_manage = json_is_true(json_object_get(body, "may_manage"));
    if (validate_name(name, 100) < 0) {
        rc = err_field(&err, UPT_EINVAL, "name", "'name' must be 1 to 100 characters");
        goto out;
    }
    if (user_id != r->user.user_id && r->user.role != ROLE_ADMIN) {
        rc = err_field(&err, UPT_EPERM, "user_id", "only an admin may create tokens for others");
        goto out;
    }
    if (may_manage && r->user.role != ROLE_ADMIN) {
        rc = err_field(&err, UPT_EPERM, "may_manage",
                       "only an admin may create a token that manages access");
        goto out;
    }
    json_t *user = NULL;
    rc = store_user_get(r->app->store, user_id, &user, &err);
    int active = json_is_true(json_object_get(user, "active"));
    json_decref(user);
    if (rc == UPT_ENOTFOUND || (rc == 0 && !active))
        rc = err_field(&err, UPT_EINVAL, "user_id", "user '%lld' is not an active user",
                       (long long)user_id);
    if (rc < 0)
        goto out;
    auth_token_new(token, hash);
    rc =
        store_token_create(r->app->store, user_id, name, may_manage, hash, r->actor.now, &id, &err);
    if (rc < 0)
        goto out;
    r->event_kind = EV_TOKEN_CREATED;
    r->event_entity = "token";
    r->event_entity_id = id;
    resp_json(w, 201,
              json_pack("{s:I,s:s,s:I,s:b,s:s}", "id", (json_int_t)id, "name", name, "user_id",
                        (json_int_t)user_id, "may_manage", may_manage, "token", token));
    resp_header(w, r, "Cache-Control", "no-store");
out:
    sodium_memzero(token, sizeof token);
    json_decref(body);
    if (rc < 0)
        resp_error(w, &err);
}

static void tokens_revoke(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    int64_t id;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = store_token_revoke(r->app->store, &r->actor, id, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    r->event_kind = EV_TOKEN_REVOKED;
    r->event_entity = "token";
    r->event_entity_id = id;
    resp_empty(w, 204);
}

const struct route api_tokens_routes[] = {
    {"GET", "/api/v1/tokens", tokens_list, ROUTE_AUTH, NULL, EV_TOKEN_LIST},
    {"POST", "/api/v1/tokens", tokens_create, ROUTE_AUTH | ROUTE_CSRF, NULL, EV_NONE},
    {"DELETE", "/api/v1/tokens/:id", tokens_revoke, ROUTE_AUTH | ROUTE_CSRF, NULL, EV_NONE},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
