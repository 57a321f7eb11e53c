/* SPDX-License-Identifier: MIT */
/* The response a handler builds; server.c turns it into HTTP. */
#ifndef UPTAKE_HTTP_RESP_H
#define UPTAKE_HTTP_RESP_H

#include "http/req.h"

#include <jansson.h>

#define RESP_MAX_HEADERS 12

struct resp {
    int status;
    char *body; /* malloc'd unless body_static */
    size_t body_len;
    int body_static; /* body points at embedded data */
    const char *content_type;
    struct kv headers[RESP_MAX_HEADERS]; /* values live in the request arena */
    int nheaders;
    /* An event stream (api/stream.c): server.c answers with a subscriber of the live hub. */
    int stream;
    int stream_has_last, stream_known; /* Last-Event-ID sent, and a number stream.h accepts */
    int64_t stream_last;
};

/* Serialises body (stolen: the reference is released) as the response. */
void resp_json(struct resp *w, int status, json_t *body);
/* The JSON error for err: status from the one error-to-status table. */
void resp_error(struct resp *w, const struct err *err);
/* A 204 with no body. */
void resp_empty(struct resp *w, int status);
/* Adds a header; name must be static, value is copied into r's arena. */
void resp_header(struct resp *w, struct req *r, const char *name, const char *value);
/* The HTTP status for an enum upt_err. */
int resp_status_of(int code);
void resp_release(struct resp *w);

#endif
