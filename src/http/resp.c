/* SPDX-License-Identifier: MIT */
/* JSON responses and the one table that maps errors to statuses. */
#include "http/resp.h"

#include "core/log.h"

#include <stdlib.h>
#include <string.h>

int resp_status_of(int code)
{
    switch (code) {
    case 0:
        return 200;
    case UPT_EMALFORMED:
        return 400;
    case UPT_EINVAL:
        return 422;
    case UPT_ENOTFOUND:
        return 404;
    case UPT_ECONFLICT:
        return 409;
    case UPT_EAUTH:
        return 401;
    case UPT_EPERM:
        return 403;
    case UPT_ETOOBIG:
        return 413;
    case UPT_ELIMIT:
        return 429;
    default:
        return 500;
    }
}

void resp_json(struct resp *w, int status, json_t *body)
{
    resp_release(w);
    w->status = status;
    w->body = json_dumps(body, JSON_COMPACT);
    w->body_len = w->body ? strlen(w->body) : 0;
    w->content_type = "application/json";
    json_decref(body);
}

void resp_error(struct resp *w, const struct err *err)
{
    int status = resp_status_of(err->code);
    json_t *e = json_pack("{s:s,s:s}", "code", err_code_name(err->code), "message",
                          status == 500 ? "internal error; see the server log" : err->message);

    if (status == 500)
        log_err("msg=\"request failed\" error=\"%s\"", err->message);
    if (err->field[0])
        json_object_set_new(e, "field", json_string(err->field));
    resp_json(w, status, json_pack("{s:o}", "error", e));
}

void resp_empty(struct resp *w, int status)
{
    resp_release(w);
    w->status = status;
}

void resp_header(struct resp *w, struct req *r, const char *name, const char *value)
{
    if (w->nheaders == RESP_MAX_HEADERS)
        return;
    w->headers[w->nheaders].key = name;
    w->headers[w->nheaders].value = arena_strdup(&r->arena, value);
    w->nheaders++;
}

void resp_release(struct resp *w)
{
    if (w->body && !w->body_static)
        free(w->body);
    w->body = NULL;
    w->body_len = 0;
    w->body_static = 0;
    w->content_type = NULL;
}
