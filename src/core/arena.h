/* SPDX-License-Identifier: MIT */
/* A bump allocator for one request: everything is released at once after the response. */
#ifndef UPTAKE_CORE_ARENA_H
#define UPTAKE_CORE_ARENA_H

#include <stddef.h>

struct arena_chunk;
struct arena {
    struct arena_chunk *head;
};

#define ARENA_INIT                                                                                 \
    {                                                                                              \
        NULL                                                                                       \
    }

/* n bytes aligned for any type (max_align_t), valid until arena_release(); aborts on out of
 * memory, including sizes too large to represent. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_release(struct arena *a);

#endif
