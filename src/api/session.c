/* SPDX-License-Identifier: MIT */
/* Sign in, who am I, sign out: server-side sessions in an HttpOnly SameSite cookie, with a
 * CSRF token that unsafe requests echo in X-CSRF-Token. Failed sign-ins are throttled per
 * account and per client address (counted in the database, so across instances), logged and
 * recorded as 'login.failed' events. */
#include "http/auth.h"
#include "http/router.h"

#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *principal_json(const struct principal *p)
{
    return json_pack("{s:I,s:s,s:s,s:s,s:o,s:b}", "id", (json_int_t)p->user_id, "email", p->email,
                     "name", p->name, "role", access_role_name(p->role), "team_id",
                     p->team_id ? json_integer(p->team_id) : json_null(), "is_integration",
                     p->is_integration);
}

/* Reads {"email","password"}: both strings, nothing else. */
static int parse_credentials(struct req *r, json_t **body, const char **email,
                             const char **password, struct err *err)
{
    static const char *const keys[] = {"email", "password", NULL};
    const char *values[2];
    int rc = req_json_strings(r, body, keys, values, err);

    if (rc < 0)
        return rc;
    *email = values[0];
    *password = values[1];
    if (!*email || !**email)
        return err_field(err, UPT_EINVAL, "email", "'email' is required");
    if (!*password || !**password)
        return err_field(err, UPT_EINVAL, "password", "'password' is required");
    if (strlen(*email) > 254 || strlen(*password) > 1024)
        return err_set(err, UPT_EAUTH, "wrong email or password");
    return 0;
}

/* Appends s to b for a quoted log value: quotes, backslashes and control bytes are escaped, so an
 * email cannot forge a log line. */
static void add_log_value(struct buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            buf_addf(b, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            buf_addf(b, "\\x%02x", c);
        else
            buf_addc(b, (char)c);
    }
}

/* A failed sign-in leaves an info log line (address and email, never the password) and a
 * 'login.failed' event naming the account tried when it exists, so an admin can see guessing.
 * A failure to record it is logged and does not change the answer. */
static void record_failure(struct req *r, const char *email, int64_t user_id)
{
    struct err err = ERR_INIT, ignored = ERR_INIT;
    struct buf line = BUF_INIT;
    struct actor nobody = {0, ROLE_REP, 0, 0, r->actor.now};
    json_t *detail = json_pack("{s:s}", "ip", r->client_ip);

    if (!user_id)
        (void)store_user_find_email(r->app->store, email, &user_id, &ignored);
    add_log_value(&line, email);
    log_info("msg=\"sign-in failed\" req=%s ip=%s email=\"%s\" user=%lld", r->id, r->client_ip,
             line.s, (long long)user_id);
    if (store_event_add(r->app->store, &nobody, EV_LOGIN_FAILED, "user", user_id, detail, &err) < 0)
        log_warn("msg=\"cannot record a failed sign-in\" req=%s error=\"%s\"", r->id, err.message);
    json_decref(detail);
    buf_release(&line);
}

/* Counts a failure of key; one that cannot be counted is logged, and the answer stays 401. */
static void note_failure(struct req *r, const char *key)
{
    struct err err = ERR_INIT;

    if (store_sign_in_failed(r->app->store, key, r->actor.now, &err) < 0)
        log_warn("msg=\"cannot count a failed sign-in\" req=%s error=\"%s\"", r->id, err.message);
}

static void session_create(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    json_t *body = NULL;
    const char *email = NULL, *password = NULL;
    char *hash = NULL, acct_key[300], ip_key[100], token[AUTH_TOKEN_LEN], csrf[65];
    unsigned char token_hash[32], raw[32];
    struct principal p = {0};
    struct store *st = r->app->store;
    int rc = parse_credentials(r, &body, &email, &password, &err);

    if (rc < 0)
        goto out;
    snprintf(acct_key, sizeof acct_key, "acct:%s", email);
    for (char *c = acct_key; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    snprintf(ip_key, sizeof ip_key, "ip:%s", r->client_ip);
    /* A count that cannot be read refuses the sign-in (the store's error): fail closed. */
    int acct_blocked = 1, ip_blocked = 1, limit = r->app->cfg.login_limit;
    rc = store_sign_in_blocked(st, acct_key, r->actor.now, limit, &acct_blocked, &err);
    if (rc == 0)
        rc = store_sign_in_blocked(st, ip_key, r->actor.now, limit, &ip_blocked, &err);
    if (rc < 0)
        goto out;
    if (acct_blocked || ip_blocked) {
        rc = err_set(&err, UPT_ELIMIT, "too many failed sign-ins; wait a minute and try again");
        goto out;
    }
    rc = store_user_credentials(st, email, &p, &hash, &err);
    if (rc < 0 && rc != UPT_ENOTFOUND)
        goto out;
    if (!auth_password_verify(rc == 0 ? hash : NULL, password)) {
        note_failure(r, acct_key);
        note_failure(r, ip_key);
        record_failure(r, email, rc == 0 ? p.user_id : 0);
        rc = err_set(&err, UPT_EAUTH, "wrong email or password");
        goto out;
    }
    if (store_sign_in_clear(st, acct_key, &err) < 0) {
        /* The old count stays: the person may meet the limit sooner, never later. */
        log_warn("msg=\"cannot clear failed sign-ins\" req=%s error=\"%s\"", r->id, err.message);
        err_clear(&err);
    }
    auth_token_new(token, token_hash);
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(csrf, sizeof csrf, raw, sizeof raw);
    int64_t expires = r->actor.now + (int64_t)r->app->cfg.session_hours * 3600000;
    struct actor a = {p.user_id, p.role, p.team_id, 0, r->actor.now};
    rc = store_tx_begin(st, &err);
    if (rc < 0)
        goto out;
    rc = store_session_create(st, p.user_id, token_hash, csrf, r->actor.now, expires, &err);
    if (rc == 0)
        rc = store_event_add(st, &a, EV_LOGIN, "user", p.user_id, NULL, &err);
    if (rc < 0) {
        store_tx_rollback(st);
        goto out;
    }
    rc = store_tx_commit(st, &err);
    if (rc < 0)
        goto out;
    char cookie[256];
    snprintf(cookie, sizeof cookie, AUTH_COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s",
             token, r->app->cfg.session_hours * 3600, r->app->cfg.cookie_secure ? "; Secure" : "");
    resp_json(w, 200, json_pack("{s:o,s:s}", "user", principal_json(&p), "csrf_token", csrf));
    resp_header(w, r, "Set-Cookie", cookie);
    resp_header(w, r, "Cache-Control", "no-store");
out:
    sodium_memzero(token, sizeof token);
    free(hash);
    json_decref(body);
    if (rc < 0)
        resp_error(w, &err);
}

static void session_get(struct req *r, struct resp *w)
{
    json_t *out = json_pack("{s:o}", "user", principal_json(&r->user));

    if (!r->via_token)
        json_object_set_new(out, "csrf_token", json_string(r->user.csrf_token));
    resp_json(w, 200, out);
    resp_header(w, r, "Cache-Control", "no-store");
}

static void session_delete(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    unsigned char hash[32];
    const char *cookie = req_cookie(r, AUTH_COOKIE);

    if (r->via_token || !cookie) {
        err_set(&err, UPT_EMALFORMED, "there is no session cookie to end");
        resp_error(w, &err);
        return;
    }
    auth_token_hash(cookie, hash);
    if (store_session_delete(r->app->store, hash, &err) < 0) {
        resp_error(w, &err);
        return;
    }
    r->event_kind = EV_LOGOUT;
    resp_empty(w, 204);
    resp_header(w, r, "Set-Cookie", AUTH_COOKIE "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
}

const struct route api_session_routes[] = {
    {"POST", "/api/v1/session", session_create, 0, NULL, EV_NONE},
    {"GET", "/api/v1/session", session_get, ROUTE_AUTH, NULL, EV_SESSION_VIEW},
    {"DELETE", "/api/v1/session", session_delete, ROUTE_AUTH | ROUTE_CSRF, NULL, EV_NONE},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
