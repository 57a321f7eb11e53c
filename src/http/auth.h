/* SPDX-License-Identifier: MIT */
/* Passwords (argon2id), random tokens stored only as hashes, sessions, CSRF (libsodium). */
#ifndef UPTAKE_HTTP_AUTH_H
#define UPTAKE_HTTP_AUTH_H

#include "http/req.h"

#include <stddef.h>

#define AUTH_COOKIE    "uptake_session"
#define AUTH_TOKEN_LEN 44 /* base64url of 32 random bytes, plus NUL */

/* Initialises libsodium; call once before anything else here. Returns 0 or -1. */
int auth_init(void);

/* Hashes password with argon2id into out (crypto_pwhash_STRBYTES). Returns 0 or UPT_EIO.
 * Hashing and verifying run one at a time to bound memory. */
int auth_password_hash(const char *password, char *out, size_t size);
/* 1 when password matches hash, else 0. Runs the same work for a NULL hash, so an unknown
 * email takes as long as a wrong password. */
int auth_password_verify(const char *hash, const char *password);

/* Whether password may be set (8 to 1,024 bytes); else UPT_EINVAL naming field. */
int auth_password_acceptable(const char *password, const char *field, struct err *err);

/* A new random token (text) and the 32-byte hash that is stored instead of it. */
void auth_token_new(char token[AUTH_TOKEN_LEN], unsigned char hash[32]);
void auth_token_hash(const char *token, unsigned char hash[32]);

/* Accepts a Bearer token or the session cookie: fills r->user, r->actor, r->authed. A bad
 * Bearer token is UPT_EAUTH; a stale cookie simply leaves the request unauthenticated. */
int auth_authenticate(struct req *r, struct err *err);
/* Whether a display token's hash is still live (a TV's open stream checks it again). */
int auth_display_valid(struct store *st, const unsigned char hash[32], int64_t now);
/* Whether the request may manage access (create tokens, make admins, change roles and
 * passwords): a signed-in session always may, a Bearer token only when an admin created it with
 * may_manage. Otherwise UPT_EPERM naming what was refused. */
int auth_check_manage(const struct req *r, const char *what, struct err *err);
/* Checks X-CSRF-Token against the session's token in constant time; UPT_EPERM. */
int auth_check_csrf(struct req *r, struct err *err);

#endif
