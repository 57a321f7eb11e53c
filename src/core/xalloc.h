/* SPDX-License-Identifier: MIT */
/* Allocation that aborts on failure, so callers never test for NULL. */
#ifndef UPTAKE_CORE_XALLOC_H
#define UPTAKE_CORE_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Caller frees with free(). */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Appends one element to a growable array arr of n used and cap allocated elements; yields a
 * pointer to the new (uninitialised) element. */
#define VEC_PUSH(arr, n, cap)                                                                      \
    (((n) == (cap)                                                                                 \
          ? ((cap) = (cap) ? (cap)*2 : 64, (arr) = xrealloc((arr), (size_t)(cap) * sizeof *(arr))) \
          : (arr)),                                                                                \
     &(arr)[(n)++])

#endif
