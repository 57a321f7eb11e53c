/* SPDX-License-Identifier: MIT */
/* Routes of /api/v1/me: what concerns the signed-in user only: recently viewed records, what
 * needs their care (deals at risk, leads gone quiet), and changing one's own password. */
#include "api/records.h"
#include "api/render.h"
#include "http/auth.h"
#include "http/router.h"
#include "http/usage.h"

#include "core/log.h"
#include "core/records.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void me_recent(struct req *r, struct resp *w)
{
    static const char *const times[] = {"viewed_at", NULL};
    struct err err = ERR_INIT;
    json_t *items = NULL;
    int64_t limit = 10;
    int rc = req_query_int(r, "limit", 1, 50, 10, &limit, &err);

    /* Views are queued events; flush them so the view that just happened is listed. */
    if (rc == 0 && r->app->usage)
        usage_flush(r->app->usage);
    if (rc == 0)
        rc = store_recent_views(r->app->store, &r->actor, (int)limit, &items, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_times(items, times);
    resp_json(w, 200, json_pack("{s:o}", "items", items));
}

/* GET /me/attention?limit=: the signed-in user's deals at risk and new or working leads with
 * nothing done in the at-risk window, as Today lists them. */
static void me_attention(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    json_t *out = NULL;
    int64_t limit = 50;
    int rc = req_query_int(r, "limit", 1, 200, 50, &limit, &err);

    if (rc == 0)
        rc = store_report_attention(r->app->store, &r->actor, limit, &out, &err);
    if (rc == 0)
        rc = api_records_may_change(r, &kind_deal, json_object_get(out, "deals"), "owner_id", &err);
    if (rc == 0)
        rc = api_records_may_change(r, &kind_lead, json_object_get(out, "leads"), "owner_id", &err);
    if (rc < 0) {
        json_decref(out);
        resp_error(w, &err);
        return;
    }
    api_render_records(&kind_deal, json_object_get(out, "deals"));
    api_render_records(&kind_lead, json_object_get(out, "leads"));
    resp_json(w, 200, out);
}

/* Reads {"current_password","new_password"}: two strings, nothing else. */
static int parse_password_change(struct req *r, json_t **body, const char **current,
                                 const char **next, struct err *err)
{
    static const char *const keys[] = {"current_password", "new_password", NULL};
    const char *values[2];
    int rc = req_json_strings(r, body, keys, values, err);

    if (rc < 0)
        return rc;
    *current = values[0];
    *next = values[1];
    if (!*current || !**current)
        return err_field(err, UPT_EINVAL, "current_password", "'current_password' is required");
    if (!*next)
        return err_field(err, UPT_EINVAL, "new_password", "'new_password' is required");
    return auth_password_acceptable(*next, "new_password", err);
}

/* POST /me/password: the signed-in user changes their password, proving the current one. Their
 * other sessions end; this one stays. Wrong current passwords are throttled like sign-ins. */
static void me_password(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    json_t *body = NULL, *patch = NULL, *user = NULL;
    const char *current = NULL, *next = NULL;
    char *stored = NULL, hash[256] = "", key[64];
    struct principal p = {0};
    struct store *st = r->app->store;
    int rc = r->via_token ? err_set(&err, UPT_EPERM, "sign in with your password to change it")
                          : parse_password_change(r, &body, &current, &next, &err);

    snprintf(key, sizeof key, "pw:%lld", (long long)r->actor.user_id);
    int blocked = 1; /* a count that cannot be read refuses (the store's error) */
    if (rc == 0)
        rc = store_sign_in_blocked(st, key, r->actor.now, r->app->cfg.login_limit, &blocked, &err);
    if (rc == 0 && blocked)
        rc = err_set(&err, UPT_ELIMIT, "too many wrong passwords; wait a minute and try again");
    if (rc == 0)
        rc = store_user_credentials(st, r->user.email, &p, &stored, &err);
    if (rc == 0 && !auth_password_verify(stored, current)) {
        struct err failed = ERR_INIT;
        if (store_sign_in_failed(st, key, r->actor.now, &failed) < 0)
            log_warn("msg=\"cannot count a wrong password\" req=%s error=\"%s\"", r->id,
                     failed.message);
        rc = err_field(&err, UPT_EINVAL, "current_password", "that is not your current password");
    }
    if (rc == 0 && auth_password_hash(next, hash, sizeof hash) < 0)
        rc = err_set(&err, UPT_EIO, "cannot hash the password");
    if (rc == 0) {
        struct err cleared = ERR_INIT;
        if (store_sign_in_clear(st, key, &cleared) < 0)
            log_warn("msg=\"cannot clear wrong passwords\" req=%s error=\"%s\"", r->id,
                     cleared.message);
        patch = json_pack("{s:s}", "password_hash", hash);
        rc = store_tx_begin(st, &err);
        if (rc == 0)
            rc = store_user_update(st, &r->actor, r->actor.user_id, patch, &user, &err);
        if (rc == 0)
            rc = store_sessions_end_others(st, r->actor.user_id, r->session_hash, &err);
        if (rc == 0)
            rc = store_event_add(st, &r->actor, EV_PASSWORD_CHANGED, "user", r->actor.user_id, NULL,
                                 &err);
        if (rc == 0)
            rc = store_tx_commit(st, &err);
        else
            store_tx_rollback(st);
    }
    sodium_memzero(hash, sizeof hash);
    if (stored)
        sodium_memzero(stored, strlen(stored));
    free(stored);
    json_decref(body);
    json_decref(patch);
    json_decref(user);
    if (rc < 0)
        resp_error(w, &err);
    else
        resp_empty(w, 204);
}

const struct route api_me_routes[] = {
    {"POST", "/api/v1/me/password", me_password, ROUTE_AUTH | ROUTE_CSRF, NULL, EV_NONE},
    {"GET", "/api/v1/me/recent", me_recent, ROUTE_AUTH, NULL, EV_ME_RECENT},
    {"GET", "/api/v1/me/attention", me_attention, ROUTE_AUTH, NULL, EV_ME_ATTENTION},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
