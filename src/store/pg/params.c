/* SPDX-License-Identifier: MIT */
/* The parameter rewrite of params.h: one pass over the SQL text, copying it and replacing
 * each parameter by its number. */
#include "store/pg/params.h"

#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_word(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_';
}

/* Where the quoted text starting at p (on its opening quote q) ends, past the closing quote;
 * a doubled quote is part of the text. */
static const char *skip_quoted(const char *p, char q)
{
    p++;
    while (*p) {
        if (*p == q) {
            if (p[1] != q)
                return p + 1;
            p++;
        }
        p++;
    }
    return p;
}

static const char *skip_comment(const char *p)
{
    if (p[0] == '-') {
        while (*p && *p != '\n')
            p++;
        return p;
    }
    p += 2;
    while (*p && !(p[0] == '*' && p[1] == '/'))
        p++;
    return *p ? p + 2 : p;
}

static int add_param(struct pg_params *p, int *cap, const char *name, size_t len)
{
    if (name) {
        for (int i = 0; i < p->n; i++)
            if (p->names[i] && strlen(p->names[i]) == len && memcmp(p->names[i], name, len) == 0)
                return i + 1;
    }
    if (p->n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        p->names = xrealloc(p->names, (size_t)*cap * sizeof *p->names);
    }
    char *copy = NULL;
    if (name) {
        copy = xmalloc(len + 1);
        memcpy(copy, name, len);
        copy[len] = '\0';
    }
    p->names[p->n++] = copy;
    return p->n;
}

/* ?NNN is parameter NNN, as in SQLite (bound by that position); the parameters up to it
 * exist, unnamed, if they had not appeared yet. */
static int numbered_param(struct pg_params *p, int *cap, const char **s)
{
    char *end = NULL;
    long v = strtol(*s + 1, &end, 10);

    *s = end;
    if (v < 1 || v > 32766)
        return 0; /* left as it is: the server will say what is wrong */
    while (p->n < v)
        add_param(p, cap, NULL, 0);
    return (int)v;
}

void pg_params_rewrite(const char *sql, struct pg_params *p)
{
    size_t len = strlen(sql);
    /* Each parameter is at least one character and becomes $ and at most 10 digits. */
    size_t cap = len * 11 + 1, o = 0;
    int ncap = 0;
    const char *s = sql;

    memset(p, 0, sizeof *p);
    p->sql = xmalloc(cap);
    while (*s) {
        const char *from = s;
        int num = 0;

        if (*s == '\'' || *s == '"') {
            s = skip_quoted(s, *s);
        } else if ((s[0] == '-' && s[1] == '-') || (s[0] == '/' && s[1] == '*')) {
            s = skip_comment(s);
        } else if (s[0] == ':' && s[1] == ':') {
            s += 2;
        } else if (*s == '?' && s[1] >= '0' && s[1] <= '9') {
            num = numbered_param(p, &ncap, &s);
        } else if (*s == '?') {
            num = add_param(p, &ncap, NULL, 0);
            s++;
        } else if (*s == '$' && is_word(s[1])) {
            const char *e = s + 1;
            while (is_word(*e))
                e++;
            num = add_param(p, &ncap, s, (size_t)(e - s));
            s = e;
        } else {
            s++;
        }
        if (num) {
            o += (size_t)snprintf(p->sql + o, cap - o, "$%d", num);
        } else {
            memcpy(p->sql + o, from, (size_t)(s - from));
            o += (size_t)(s - from);
        }
    }
    p->sql[o] = '\0';
}

void pg_params_release(struct pg_params *p)
{
    for (int i = 0; i < p->n; i++)
        free(p->names[i]);
    free(p->names);
    free(p->sql);
    memset(p, 0, sizeof *p);
}

int pg_params_index(const struct pg_params *p, const char *name)
{
    for (int i = 0; i < p->n; i++)
        if (p->names[i] && strcmp(p->names[i], name) == 0)
            return i + 1;
    return 0;
}
