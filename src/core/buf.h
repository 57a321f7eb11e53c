/* SPDX-License-Identifier: MIT */
/* The string builder: always terminated, optional size limit with a sticky error. */
#ifndef UPTAKE_CORE_BUF_H
#define UPTAKE_CORE_BUF_H

#include <stddef.h>

struct buf {
    char *s; /* never NULL, always NUL-terminated */
    size_t len;
    size_t cap;   /* 0 while s points at the shared empty string */
    size_t limit; /* 0: unlimited; else appends past it set overflow */
    int overflow; /* sticky: an append was refused by limit */
};

extern char buf_empty[];
#define BUF_INIT                                                                                   \
    {                                                                                              \
        buf_empty, 0, 0, 0, 0                                                                      \
    }

void buf_init(struct buf *b, size_t limit);
void buf_add(struct buf *b, const void *data, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);
/* Returns the contents; the caller frees with free(); b is left empty. */
char *buf_detach(struct buf *b, size_t *len_out);
void buf_release(struct buf *b);

#endif
