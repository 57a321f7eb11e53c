/* SPDX-License-Identifier: MIT */
/* struct buf: growable, terminated, limit-aware string builder. */
#include "core/buf.h"

#include "core/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char buf_empty[1];

void buf_init(struct buf *b, size_t limit)
{
    b->s = buf_empty;
    b->len = 0;
    b->cap = 0;
    b->limit = limit;
    b->overflow = 0;
}

static int grow(struct buf *b, size_t extra)
{
    size_t want = b->len + extra + 1;

    if (b->limit && b->len + extra > b->limit) {
        b->overflow = 1;
        return -1;
    }
    if (want <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < want)
        cap *= 2;
    if (b->cap == 0) {
        b->s = xmalloc(cap);
        b->s[0] = '\0';
    } else {
        b->s = xrealloc(b->s, cap);
    }
    b->cap = cap;
    return 0;
}

void buf_add(struct buf *b, const void *data, size_t n)
{
    /* n == 0 may come with data == NULL, which memcpy() must not be given. */
    if (b->overflow || n == 0 || grow(b, n) < 0)
        return;
    memcpy(b->s + b->len, data, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
    buf_add(b, &c, 1);
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    char small[256];
    int n;

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        buf_add(b, small, (size_t)n);
        return;
    }
    if (b->overflow || grow(b, (size_t)n) < 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    b->overflow = 0;
    if (b->cap)
        b->s[0] = '\0';
}

char *buf_detach(struct buf *b, size_t *len_out)
{
    char *s = b->cap ? b->s : xstrdup("");

    if (len_out)
        *len_out = b->len;
    buf_init(b, b->limit);
    return s;
}

void buf_release(struct buf *b)
{
    if (b->cap)
        free(b->s);
    buf_init(b, b->limit);
}
