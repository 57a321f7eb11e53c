/* SPDX-License-Identifier: MIT */
/* Chunked bump allocation; large requests get a chunk of their own. */
#include "core/arena.h"

#include "core/xalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE 8192

struct arena_chunk {
    struct arena_chunk *next;
    size_t used, size;
    max_align_t data[];
};

void *arena_alloc(struct arena *a, size_t n)
{
    struct arena_chunk *c = a->head;

    /* Rounding SIZE_MAX up would wrap to 0 and hand out a pointer to nothing. */
    if (n > SIZE_MAX - sizeof(struct arena_chunk) - sizeof(max_align_t)) {
        fprintf(stderr, "uptake: out of memory allocating %zu bytes\n", n);
        abort();
    }
    n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
    if (c && n > CHUNK_SIZE && c->size - c->used >= CHUNK_SIZE / 4) {
        /* A large block gets a chunk of its own behind the head, so the head's free space
         * keeps serving small allocations instead of being abandoned. */
        struct arena_chunk *big = xmalloc(sizeof *big + n);
        big->size = big->used = n;
        big->next = c->next;
        c->next = big;
        return big->data;
    }
    if (!c || c->size - c->used < n) {
        size_t size = n > CHUNK_SIZE ? n : CHUNK_SIZE;
        c = xmalloc(sizeof *c + size);
        c->size = size;
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return arena_strdup(a, "");
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void arena_release(struct arena *a)
{
    struct arena_chunk *c = a->head;

    while (c) {
        struct arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
}
