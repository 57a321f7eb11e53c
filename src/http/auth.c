/* SPDX-License-Identifier: MIT */
/* Authentication with libsodium: no home-made crypto. */
#include "http/auth.h"

#include "core/config.h"
#include "core/log.h"

#include <sodium.h>
#include <string.h>

int auth_init(void)
{
    return sodium_init() < 0 ? -1 : 0;
}

int auth_password_hash(const char *password, char *out, size_t size)
{
    if (size < crypto_pwhash_STRBYTES ||
        crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return UPT_EIO;
    return 0;
}

/* A fixed hash verified when the account does not exist, so timing does not reveal it. */
static char dummy_hash[crypto_pwhash_STRBYTES];

int auth_password_verify(const char *hash, const char *password)
{
    if (!hash) {
        if (!dummy_hash[0] &&
            auth_password_hash("not a real password", dummy_hash, sizeof dummy_hash) < 0)
            return 0;
        if (crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0)
            return 0;
        return 0;
    }
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void auth_token_hash(const char *token, unsigned char hash[32])
{
    crypto_generichash(hash, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

void auth_token_new(char token[AUTH_TOKEN_LEN], unsigned char hash[32])
{
    unsigned char raw[32];

    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(token, AUTH_TOKEN_LEN, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    auth_token_hash(token, hash);
}

static void set_actor(struct req *r)
{
    r->authed = 1;
    r->actor.user_id = r->user.user_id;
    r->actor.role = r->user.role;
    r->actor.team_id = r->user.team_id;
    r->actor.visibility = config_visibility(&r->app->cfg);
}

int auth_authenticate(struct req *r, struct err *err)
{
    const char *authz = req_header(r, "Authorization");
    unsigned char hash[32];
    int rc;

    if (authz && strncmp(authz, "Bearer ", 7) == 0) {
        auth_token_hash(authz + 7, hash);
        rc = store_token_lookup(r->app->store, hash, r->actor.now, &r->user, err);
        if (rc < 0)
            return rc == UPT_EAUTH ? rc : err_set(err, rc, "%s", err->message);
        r->via_token = 1;
        set_actor(r);
        return 0;
    }
    const char *cookie = req_cookie(r, AUTH_COOKIE);
    if (!cookie || strlen(cookie) > 100)
        return 0;
    auth_token_hash(cookie, hash);
    rc = store_session_lookup(r->app->store, hash, r->actor.now, &r->user, err);
    if (rc == UPT_EAUTH) {
        err_clear(err);
        return 0;
    }
    if (rc < 0)
        return rc;
    set_actor(r);
    return 0;
}

int auth_check_csrf(struct req *r, struct err *err)
{
    const char *sent = req_header(r, "X-CSRF-Token");
    size_t n = strlen(r->user.csrf_token);

    if (!sent || strlen(sent) != n || n == 0 ||
        sodium_memcmp(sent, r->user.csrf_token, n) != 0)
        return err_set(err, UPT_EPERM,
                       "missing or wrong X-CSRF-Token header (it comes with the session)");
    return 0;
}
