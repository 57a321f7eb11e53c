/* SPDX-License-Identifier: MIT */
/* A fixed-size table of recent failure times; the oldest slot is reused when it fills, which
 * bounds memory whatever an attacker sends. */
#include "http/throttle.h"

#include "core/xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 4096
#define KEEP  32 /* failure times remembered per key */

struct slot {
    char key[160];       /* the key, cut to fit: hash and len tell long keys apart */
    unsigned hash;       /* of the whole key */
    size_t len;          /* of the whole key */
    int used;            /* the slot holds a key */
    int count;           /* failure times held in times[], at most KEEP */
    int64_t times[KEEP]; /* ring of failure times */
    int next;
    int64_t last;
};

struct throttle {
    pthread_mutex_t lock;
    int limit;
    struct slot slots[SLOTS];
};

struct throttle *throttle_new(int limit)
{
    struct throttle *t = xcalloc(1, sizeof *t);
    pthread_mutex_init(&t->lock, NULL);
    t->limit = limit < KEEP ? limit : KEEP;
    return t;
}

void throttle_free(struct throttle *t)
{
    if (!t)
        return;
    pthread_mutex_destroy(&t->lock);
    free(t);
}

static unsigned hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The slot for key; with create, claims the least recently used of a small probe window. */
static struct slot *find(struct throttle *t, const char *key, int create)
{
    unsigned h = hash(key);
    size_t len = strlen(key);
    struct slot *victim = NULL;

    /* A key longer than the slot used to be stored cut and then never matched again, so long
     * account names were never throttled: compare the whole key's hash and length too. */
    for (unsigned i = 0; i < 8; i++) {
        struct slot *s = &t->slots[(h + i) % SLOTS];
        if (s->used && s->hash == h && s->len == len &&
            strncmp(s->key, key, sizeof s->key - 1) == 0)
            return s;
        if (!victim || (victim->used && (!s->used || s->last < victim->last)))
            victim = s;
    }
    if (!create)
        return NULL;
    memset(victim, 0, sizeof *victim);
    snprintf(victim->key, sizeof victim->key, "%s", key);
    victim->hash = h;
    victim->len = len;
    victim->used = 1;
    return victim;
}

/* Failures in the minute before now; times are counted, not tested against 0, so any clock
 * value (tests start at 0) works. */
static int recent(const struct slot *s, int64_t now)
{
    int n = 0;
    for (int i = 0; i < s->count; i++)
        n += now - s->times[i] < 60000;
    return n;
}

int throttle_blocked(struct throttle *t, const char *key, int64_t now)
{
    pthread_mutex_lock(&t->lock);
    struct slot *s = find(t, key, 0);
    int blocked = s && recent(s, now) >= t->limit;
    pthread_mutex_unlock(&t->lock);
    return blocked;
}

void throttle_fail(struct throttle *t, const char *key, int64_t now)
{
    pthread_mutex_lock(&t->lock);
    struct slot *s = find(t, key, 1);
    s->times[s->next] = now;
    s->next = (s->next + 1) % KEEP;
    if (s->count < KEEP)
        s->count++;
    s->last = now;
    pthread_mutex_unlock(&t->lock);
}

void throttle_clear(struct throttle *t, const char *key)
{
    pthread_mutex_lock(&t->lock);
    struct slot *s = find(t, key, 0);
    if (s)
        memset(s, 0, sizeof *s);
    pthread_mutex_unlock(&t->lock);
}
