/* SPDX-License-Identifier: MIT */
/* A hash map from key to its last `limit` failure times. An entry lives while its newest failure
 * is within the minute; entries are removed only when they expire or are cleared, never to make
 * room, so a count is exact. Memory is bounded by refusing new keys when the table is full. */
#include "http/throttle.h"

#include "core/xalloc.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW_MS 60000
#define MAX_LIMIT 1000

struct entry {
    struct entry *next; /* in its bucket's chain */
    char *key;
    size_t len;
    int count;       /* failure times held, at most limit */
    int head;        /* where the next failure time goes */
    int64_t newest;  /* the latest failure time */
    int64_t times[]; /* ring of the last `limit` failure times */
};

struct throttle {
    pthread_mutex_t lock;
    int limit;
    size_t max_keys, nkeys;
    size_t mask; /* buckets - 1; buckets is a power of two */
    struct entry **buckets;
    unsigned char seed[crypto_shorthash_KEYBYTES]; /* keyed hash: chains cannot be flooded */
    int64_t swept_at;
    int swept;
};

struct throttle *throttle_new_sized(int limit, size_t max_keys)
{
    struct throttle *t = xcalloc(1, sizeof *t);
    size_t n = 16;

    if (sodium_init() < 0)
        abort();
    pthread_mutex_init(&t->lock, NULL);
    t->limit = limit < 1 ? 1 : limit > MAX_LIMIT ? MAX_LIMIT : limit;
    t->max_keys = max_keys ? max_keys : 1;
    while (n < t->max_keys)
        n <<= 1;
    t->mask = n - 1;
    t->buckets = xcalloc(n, sizeof *t->buckets);
    randombytes_buf(t->seed, sizeof t->seed);
    return t;
}

struct throttle *throttle_new(int limit)
{
    return throttle_new_sized(limit, THROTTLE_KEYS);
}

static void entry_free(struct entry *e)
{
    free(e->key);
    free(e);
}

void throttle_free(struct throttle *t)
{
    if (!t)
        return;
    for (size_t i = 0; i <= t->mask; i++) {
        struct entry *e = t->buckets[i], *next;
        for (; e; e = next) {
            next = e->next;
            entry_free(e);
        }
    }
    free(t->buckets);
    pthread_mutex_destroy(&t->lock);
    free(t);
}

static size_t bucket_of(const struct throttle *t, const char *key, size_t len)
{
    uint64_t h;

    crypto_shorthash((unsigned char *)&h, (const unsigned char *)key, len, t->seed);
    return (size_t)h & t->mask;
}

/* Differences are taken, never compared with 0, so any clock value (tests start at 0) works. */
static int expired(const struct entry *e, int64_t now)
{
    return now - e->newest >= WINDOW_MS;
}

/* The link that points at key's entry (or at the NULL ending its chain); with purge, expired
 * entries met on the way are removed. */
static struct entry **find(struct throttle *t, const char *key, int purge, int64_t now)
{
    size_t len = strlen(key);
    struct entry **p = &t->buckets[bucket_of(t, key, len)];

    while (*p) {
        struct entry *e = *p;
        if (e->len == len && memcmp(e->key, key, len) == 0)
            return p;
        if (purge && expired(e, now)) {
            *p = e->next;
            entry_free(e);
            t->nkeys--;
            continue;
        }
        p = &e->next;
    }
    return p;
}

/* Removes every expired entry. A full scan, so when the table is full of live keys it runs at
 * most once per clock millisecond. */
static void sweep(struct throttle *t, int64_t now)
{
    if (t->swept && t->swept_at == now)
        return;
    t->swept = 1;
    t->swept_at = now;
    for (size_t i = 0; i <= t->mask; i++) {
        struct entry **p = &t->buckets[i];
        while (*p) {
            struct entry *e = *p;
            if (expired(e, now)) {
                *p = e->next;
                entry_free(e);
                t->nkeys--;
            } else {
                p = &e->next;
            }
        }
    }
}

static int has_room(struct throttle *t, int64_t now)
{
    if (t->nkeys >= t->max_keys)
        sweep(t, now);
    return t->nkeys < t->max_keys;
}

static int recent(const struct entry *e, int64_t now)
{
    int n = 0;

    for (int i = 0; i < e->count; i++)
        n += now - e->times[i] < WINDOW_MS;
    return n;
}

int throttle_blocked(struct throttle *t, const char *key, int64_t now)
{
    int blocked;

    pthread_mutex_lock(&t->lock);
    struct entry *e = *find(t, key, 1, now);
    if (e)
        blocked = recent(e, now) >= t->limit;
    else
        blocked = !has_room(t, now);
    pthread_mutex_unlock(&t->lock);
    return blocked;
}

void throttle_fail(struct throttle *t, const char *key, int64_t now)
{
    pthread_mutex_lock(&t->lock);
    struct entry **p = find(t, key, 1, now);
    struct entry *e = *p;
    if (!e && has_room(t, now)) {
        size_t len = strlen(key);
        e = xcalloc(1, sizeof *e + (size_t)t->limit * sizeof e->times[0]);
        e->key = xmalloc(len + 1);
        memcpy(e->key, key, len + 1);
        e->len = len;
        /* The sweep may have changed the chain: insert at its head. */
        size_t b = bucket_of(t, key, len);
        e->next = t->buckets[b];
        t->buckets[b] = e;
        t->nkeys++;
    }
    if (e) {
        e->times[e->head] = now;
        e->head = (e->head + 1) % t->limit;
        if (e->count < t->limit)
            e->count++;
        e->newest = now;
    }
    pthread_mutex_unlock(&t->lock);
}

void throttle_clear(struct throttle *t, const char *key)
{
    pthread_mutex_lock(&t->lock);
    struct entry **p = find(t, key, 0, 0);
    struct entry *e = *p;
    if (e) {
        *p = e->next;
        entry_free(e);
        t->nkeys--;
    }
    pthread_mutex_unlock(&t->lock);
}

size_t throttle_keys(struct throttle *t)
{
    pthread_mutex_lock(&t->lock);
    size_t n = t->nkeys;
    pthread_mutex_unlock(&t->lock);
    return n;
}
