/* SPDX-License-Identifier: MIT */
/* Authentication with libsodium: no home-made crypto. */
#include "http/auth.h"

#include "core/config.h"
#include "core/log.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

/* argon2id with OWASP's minimum for it (19 MiB, 2 passes), one hash at a time: each hash holds
 * its memory while it runs, so concurrent sign-ins would multiply the server's peak RSS. */
#define PWHASH_OPSLIMIT 2
#define PWHASH_MEMLIMIT (19u * 1024 * 1024)
static pthread_mutex_t pwhash_lock = PTHREAD_MUTEX_INITIALIZER;

int auth_init(void)
{
    return sodium_init() < 0 ? -1 : 0;
}

int auth_password_hash(const char *password, char *out, size_t size)
{
    int rc;

    if (size < crypto_pwhash_STRBYTES)
        return UPT_EIO;
    pthread_mutex_lock(&pwhash_lock);
    rc = crypto_pwhash_str_alg(out, password, strlen(password), PWHASH_OPSLIMIT, PWHASH_MEMLIMIT,
                               crypto_pwhash_ALG_ARGON2ID13);
    pthread_mutex_unlock(&pwhash_lock);
    return rc == 0 ? 0 : UPT_EIO;
}

/* A fixed hash verified when the account does not exist, so timing does not reveal it. */
static char dummy_hash[crypto_pwhash_STRBYTES];

int auth_password_verify(const char *hash, const char *password)
{
    int ok;

    if (!hash) {
        pthread_mutex_lock(&pwhash_lock);
        if (!dummy_hash[0] &&
            crypto_pwhash_str_alg(dummy_hash, "not a real password", 19, PWHASH_OPSLIMIT,
                                  PWHASH_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0)
            dummy_hash[0] = '\0';
        ok = dummy_hash[0] ? crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) : -1;
        pthread_mutex_unlock(&pwhash_lock);
        (void)ok;
        return 0;
    }
    pthread_mutex_lock(&pwhash_lock);
    ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
    pthread_mutex_unlock(&pwhash_lock);
    return ok;
}

void auth_token_hash(const char *token, unsigned char hash[32])
{
    crypto_generichash(hash, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

int auth_password_acceptable(const char *password, const char *field, struct err *err)
{
    if (strlen(password) < 8)
        return err_field(err, UPT_EINVAL, field, "'%s' needs at least 8 characters", field);
    if (strlen(password) > 1024)
        return err_field(err, UPT_EINVAL, field, "'%s' is too long", field);
    return 0;
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

/* Sign-ins read lately, per worker thread. Most requests come from a few browsers, and reading
 * a session costs a database read as dear as the record the request asks for. An entry is used
 * only while the store's auth generation is the one it was read under (any change to users,
 * sessions or tokens in this process drops them all) and for SIGNIN_TTL_MS at most, the bound
 * on how late a change by another process (the CLI) takes effect. */
#define SIGNIN_SLOTS  16
#define SIGNIN_TTL_MS 2000
struct signin {
    unsigned char hash[32];
    int via_token;
    uint64_t generation;
    int64_t read_at; /* 0: empty */
    struct principal user;
};
static __thread struct signin signins[SIGNIN_SLOTS];
static __thread unsigned signin_next;

static const struct principal *signin_find(const unsigned char hash[32], int via_token,
                                           uint64_t generation, int64_t now)
{
    for (int i = 0; i < SIGNIN_SLOTS; i++) {
        const struct signin *e = &signins[i];
        if (e->read_at && e->via_token == via_token && e->generation == generation &&
            now >= e->read_at && now - e->read_at < SIGNIN_TTL_MS &&
            (via_token || now < e->user.expires_at) && sodium_memcmp(e->hash, hash, 32) == 0)
            return &e->user;
    }
    return NULL;
}

static void signin_keep(const unsigned char hash[32], int via_token, uint64_t generation,
                        int64_t now, const struct principal *user)
{
    struct signin *e = &signins[signin_next++ % SIGNIN_SLOTS];

    memcpy(e->hash, hash, 32);
    e->via_token = via_token;
    e->generation = generation;
    e->read_at = now;
    e->user = *user;
}

/* Looks up the principal of a session or token hash, from this thread's recent sign-ins or the
 * store. */
static int lookup(struct req *r, const unsigned char hash[32], int via_token, struct err *err)
{
    /* Read before the store, so a change racing with the lookup leaves the entry stale. */
    uint64_t generation = store_auth_generation(r->app->store);
    const struct principal *known = signin_find(hash, via_token, generation, r->actor.now);
    int rc;

    if (known) {
        r->user = *known;
        return 0;
    }
    rc = via_token ? store_token_lookup(r->app->store, hash, r->actor.now, &r->user, err)
                   : store_session_lookup(r->app->store, hash, r->actor.now, &r->user, err);
    if (rc == 0)
        signin_keep(hash, via_token, generation, r->actor.now, &r->user);
    return rc;
}

static void set_actor(struct req *r)
{
    r->authed = 1;
    r->actor.user_id = r->user.user_id;
    r->actor.role = r->user.role;
    r->actor.team_id = r->user.team_id;
    r->actor.visibility = config_visibility(&r->app->cfg);
}

/* A TV's display token, from ?display_token= (EventSource cannot set headers) or
 * "Authorization: Display". Not cached: every request reads it, so a revoked one stops at
 * once. */
static int display_authenticate(struct req *r, const char *token, struct err *err)
{
    int rc;

    if (!token[0] || strlen(token) > 100)
        return err_set(err, UPT_EAUTH, "the display token is not valid");
    auth_token_hash(token, r->display_hash);
    rc = store_tv_token_lookup(r->app->store, r->display_hash, r->actor.now, &r->tv, err);
    if (rc < 0)
        return rc;
    r->display = 1;
    return 0;
}

int auth_display_valid(struct store *st, const unsigned char hash[32], int64_t now)
{
    struct err err = ERR_INIT;
    struct tv_display d;

    return store_tv_token_lookup(st, hash, now, &d, &err) == 0;
}

int auth_authenticate(struct req *r, struct err *err)
{
    const char *authz = req_header(r, "Authorization");
    const char *display = req_query(r, "display_token");
    unsigned char hash[32];
    int rc;

    if (authz && strncmp(authz, "Display ", 8) == 0)
        display = authz + 8;
    if (display)
        return display_authenticate(r, display, err);

    if (authz && strncmp(authz, "Bearer ", 7) == 0) {
        auth_token_hash(authz + 7, hash);
        rc = lookup(r, hash, 1, err);
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
    rc = lookup(r, hash, 0, err);
    if (rc == 0)
        memcpy(r->session_hash, hash, sizeof hash);
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

    if (!sent || strlen(sent) != n || n == 0 || sodium_memcmp(sent, r->user.csrf_token, n) != 0)
        return err_set(err, UPT_EPERM,
                       "missing or wrong X-CSRF-Token header (it comes with the session)");
    return 0;
}

int auth_check_manage(const struct req *r, const char *what, struct err *err)
{
    if (!r->via_token || r->user.may_manage)
        return 0;
    return err_set(err, UPT_EPERM,
                   "this API token may not %s; an admin can create a token with 'may_manage'",
                   what);
}
