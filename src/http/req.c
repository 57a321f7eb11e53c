/* SPDX-License-Identifier: MIT */
/* Accessors over the request collected by server.c. */
#include "http/req.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *req_query(const struct req *r, const char *key)
{
    for (int i = 0; i < r->nquery; i++)
        if (strcmp(r->query[i].key, key) == 0)
            return r->query[i].value ? r->query[i].value : "";
    return NULL;
}

const char *req_header(const struct req *r, const char *name)
{
    for (int i = 0; i < r->nheaders; i++)
        if (strcasecmp(r->headers[i].key, name) == 0)
            return r->headers[i].value;
    return NULL;
}

const char *req_cookie(struct req *r, const char *name)
{
    size_t n = strlen(name);

    for (int i = 0; i < r->nheaders; i++) {
        const char *p;
        if (strcasecmp(r->headers[i].key, "Cookie") != 0)
            continue;
        p = r->headers[i].value;
        while (p && *p) {
            while (*p == ' ' || *p == ';')
                p++;
            if (strncmp(p, name, n) == 0 && p[n] == '=') {
                const char *v = p + n + 1;
                return arena_strndup(&r->arena, v, strcspn(v, ";"));
            }
            p = strchr(p, ';');
        }
    }
    return NULL;
}

int req_json(struct req *r, json_t **out, struct err *err)
{
    json_error_t jerr;

    *out = NULL;
    if (!r->body || r->body_len == 0)
        return err_set(err, UPT_EMALFORMED, "the request needs a JSON body");
    /* Any value parses, so that a well-formed scalar or array is told apart from broken JSON:
     * every endpoint takes an object. */
    *out = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
    if (!*out)
        return err_set(err, UPT_EMALFORMED, "malformed JSON at line %d column %d: %s", jerr.line,
                       jerr.column, jerr.text);
    if (!json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        return err_set(err, UPT_EMALFORMED, "the body must be a JSON object");
    }
    return 0;
}

int req_json_strings(struct req *r, json_t **out, const char *const *keys, const char **values,
                     struct err *err)
{
    const char *key;
    json_t *v;
    int rc = req_json(r, out, err);

    for (size_t i = 0; keys[i]; i++)
        values[i] = NULL;
    if (rc < 0)
        return rc;
    json_object_foreach(*out, key, v)
    {
        size_t i = 0;
        while (keys[i] && strcmp(keys[i], key) != 0)
            i++;
        if (!keys[i])
            return err_field(err, UPT_EMALFORMED, key, "unknown field '%s'", key);
        if (!json_is_string(v))
            return err_field(err, UPT_EMALFORMED, key, "'%s' must be a string", key);
        values[i] = json_string_value(v);
    }
    return 0;
}

static int parse_i64(const char *s, int64_t *out)
{
    char *end = NULL;
    long long v;

    if (!s || !*s || (*s != '-' && (*s < '0' || *s > '9')))
        return -1;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

int req_param_id(const struct req *r, int i, int64_t *id, struct err *err)
{
    if (i >= r->nparams || parse_i64(r->params[i], id) < 0 || *id <= 0)
        return err_set(err, UPT_ENOTFOUND, "'%s' is not an id", i < r->nparams ? r->params[i] : "");
    return 0;
}

int req_query_int(const struct req *r, const char *key, int64_t lo, int64_t hi, int64_t def,
                  int64_t *out, struct err *err)
{
    const char *v = req_query(r, key);

    *out = def;
    if (!v)
        return 0;
    if (parse_i64(v, out) < 0 || *out < lo || *out > hi)
        return err_field(err, UPT_EMALFORMED, key, "'%s' must be a whole number from %lld to %lld",
                         key, (long long)lo, (long long)hi);
    return 0;
}

const char *req_log_text(const char *in, char *out, size_t size)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;

    for (const unsigned char *p = (const unsigned char *)in; *p && o + 5 < size; p++) {
        if (*p < 0x20 || *p >= 0x7f || *p == '"' || *p == '\\') {
            out[o++] = '\\';
            out[o++] = 'x';
            out[o++] = hex[*p >> 4];
            out[o++] = hex[*p & 15];
        } else {
            out[o++] = (char)*p;
        }
    }
    if (size)
        out[o] = '\0';
    return out;
}
