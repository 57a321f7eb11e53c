/* SPDX-License-Identifier: MIT */
/* A parsed request as handlers see it: no libmicrohttpd types, everything valid until the
 * request's arena is released. */
#ifndef UPTAKE_HTTP_REQ_H
#define UPTAKE_HTTP_REQ_H

#include "core/app.h"
#include "core/arena.h"
#include "core/err.h"
#include "store/store.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct kv {
    const char *key;
    const char *value;
};

/* More query arguments or headers than these are refused (400, 431), never cut short. */
#define REQ_MAX_QUERY   64
#define REQ_MAX_HEADERS 64
#define REQ_MAX_PARAMS  4

struct route;

struct req {
    const char *method;
    const char *path; /* without the query string */
    struct kv query[REQ_MAX_QUERY];
    int nquery;
    struct kv headers[REQ_MAX_HEADERS];
    int nheaders;
    const char *body;
    size_t body_len;
    const char *params[REQ_MAX_PARAMS]; /* ":id" segments of the matched route, in order */
    int nparams;
    const struct route *route; /* the matched route, NULL for static files (router_prepare) */
    const void *route_data;    /* the matched route's data (a record kind for generic handlers) */
    char client_ip[64];
    char id[17]; /* request id for log lines */

    struct app *app;
    struct arena arena;
    int authed;                     /* a session or token was accepted */
    int via_token;                  /* signed in with Authorization: Bearer */
    unsigned char session_hash[32]; /* the session cookie's hash, when signed in with one */
    /* A TV's display token (auth.c): read-only, its channel's routes only (ROUTE_DISPLAY);
     * authed stays 0, so no user is behind the request. */
    int display;
    unsigned char display_hash[32];
    struct tv_display tv;
    struct principal user;
    struct actor actor; /* the signed-in user acting now */

    /* The read event the router queues after a successful GET (see http/usage.h). */
    enum event_kind event_kind; /* EV_NONE: none */
    const char *event_entity;
    int64_t event_entity_id;
};

/* The query argument key, or NULL. */
const char *req_query(const struct req *r, const char *key);
/* The header name (case-insensitive), or NULL. */
const char *req_header(const struct req *r, const char *name);
/* The value of cookie name, copied into the arena, or NULL. */
const char *req_cookie(struct req *r, const char *name);

/* Parses the body as one JSON object (new reference in *out). Empty, malformed or non-UTF-8
 * bodies are UPT_EMALFORMED with the position of the problem; a well-formed value that is not
 * an object is UPT_EMALFORMED "the body must be a JSON object". */
int req_json(struct req *r, json_t **out, struct err *err);
/* Parses a body of string fields only: keys is a NULL-ended list, values[i] gets keys[i]'s text
 * (NULL when absent). Another key or a value that is not a string is UPT_EMALFORMED naming the
 * field. *out holds the parsed body (new reference) the values point into. */
int req_json_strings(struct req *r, json_t **out, const char *const *keys, const char **values,
                     struct err *err);

/* in made safe for a key="value" log line, in out (size bytes, cut short if need be): quotes,
 * backslashes, control characters and bytes past ASCII are written \xHH, so no request value
 * can end a line or a value early. Returns out. */
const char *req_log_text(const char *in, char *out, size_t size);

/* Parses the i-th route parameter as a positive id; UPT_ENOTFOUND when it is not one. */
int req_param_id(const struct req *r, int i, int64_t *id, struct err *err);

/* Parses an integer query argument within [lo, hi], or def when absent; UPT_EMALFORMED. */
int req_query_int(const struct req *r, const char *key, int64_t lo, int64_t hi, int64_t def,
                  int64_t *out, struct err *err);

#endif
