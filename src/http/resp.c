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

/* The length of the valid UTF-8 sequence at s (1 to 4), or 0 when the bytes there are not one
 * (stray continuation, overlong form, surrogate, past U+10FFFF, cut short). */
static size_t utf8_seq(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n;
    unsigned cp, min;

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2, cp = c & 0x1f, min = 0x80;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3, cp = c & 0x0f, min = 0x800;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4, cp = c & 0x07, min = 0x10000;
    else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

/* in as valid UTF-8 in out: each byte that does not start a valid sequence becomes U+FFFD, so
 * an error quoting a client's bytes (or cut short mid-character) still has its text. */
static const char *as_utf8(const char *in, char *out, size_t size)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t o = 0;

    while (*p && o + 4 < size) {
        size_t n = utf8_seq(p);
        if (n == 0) {
            memcpy(out + o, "\xef\xbf\xbd", 3);
            o += 3;
            p++;
        } else {
            memcpy(out + o, p, n);
            o += n;
            p += n;
        }
    }
    out[o] = '\0';
    return out;
}

void resp_error(struct resp *w, const struct err *err)
{
    char message[3 * sizeof err->message + 1], field[3 * sizeof err->field + 1];
    char logged[2 * sizeof err->message];
    int status = resp_status_of(err->code);
    json_t *e = json_pack("{s:s,s:s}", "code", err_code_name(err->code), "message",
                          status == 500 ? "internal error; see the server log"
                                        : as_utf8(err->message, message, sizeof message));

    if (status == 500)
        log_err("msg=\"request failed\" error=\"%s\"",
                req_log_text(err->message, logged, sizeof logged));
    if (err->field[0])
        json_object_set_new(e, "field", json_string(as_utf8(err->field, field, sizeof field)));
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
