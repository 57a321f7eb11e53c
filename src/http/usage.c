/* SPDX-License-Identifier: MIT */
/* The read-event queue: a mutex-guarded array swapped out by a writer thread every second, or
 * as soon as USAGE_FLUSH_AT reads are waiting. */
#include "http/usage.h"

#include "core/log.h"
#include "core/xalloc.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define USAGE_MAX_QUEUED 200000
/* A busy server queues tens of thousands of reads a second; the writer is woken early at this
 * many, so the queue (and the batch it writes) stays small rather than growing with load. */
#define USAGE_FLUSH_AT 4096

struct usage {
    struct store *st;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_mutex_t flush_lock; /* one flush at a time */
    struct event_row *rows;
    size_t n, cap;
    unsigned long dropped;
    int stopping;
    pthread_t thread;
};

static void flush(struct usage *u)
{
    struct event_row *rows;
    size_t n;
    struct err err = ERR_INIT;

    pthread_mutex_lock(&u->flush_lock);
    pthread_mutex_lock(&u->lock);
    rows = u->rows;
    n = u->n;
    u->rows = NULL;
    u->n = u->cap = 0;
    pthread_mutex_unlock(&u->lock);
    if (n && store_events_insert(u->st, rows, n, &err) < 0)
        log_err("msg=\"read events lost\" count=%zu error=\"%s\"", n, err.message);
    for (size_t i = 0; i < n; i++)
        free(rows[i].detail);
    free(rows);
    pthread_mutex_unlock(&u->flush_lock);
}

static void *writer(void *arg)
{
    struct usage *u = arg;

    pthread_mutex_lock(&u->lock);
    while (!u->stopping) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += 1;
        pthread_cond_timedwait(&u->wake, &u->lock, &ts);
        pthread_mutex_unlock(&u->lock);
        flush(u);
        struct err err = ERR_INIT;
        if (store_checkpoint(u->st, &err) < 0)
            log_warn("msg=\"checkpoint failed\" error=\"%s\"", err.message);
        pthread_mutex_lock(&u->lock);
    }
    pthread_mutex_unlock(&u->lock);
    flush(u);
    store_thread_done(u->st);
    return NULL;
}

struct usage *usage_new(struct store *st)
{
    struct usage *u = xcalloc(1, sizeof *u);

    u->st = st;
    pthread_mutex_init(&u->lock, NULL);
    pthread_mutex_init(&u->flush_lock, NULL);
    pthread_cond_init(&u->wake, NULL);
    pthread_create(&u->thread, NULL, writer, u);
    return u;
}

void usage_free(struct usage *u)
{
    if (!u)
        return;
    pthread_mutex_lock(&u->lock);
    u->stopping = 1;
    pthread_cond_signal(&u->wake);
    pthread_mutex_unlock(&u->lock);
    pthread_join(u->thread, NULL);
    pthread_mutex_destroy(&u->lock);
    pthread_mutex_destroy(&u->flush_lock);
    pthread_cond_destroy(&u->wake);
    free(u->rows);
    free(u);
}

void usage_enqueue(struct usage *u, int64_t at, int64_t user_id, enum event_kind kind,
                   const char *entity, int64_t entity_id, const char *detail)
{
    const struct event_kind_def *def = event_kind_def(kind);

    assert(def); /* an unregistered kind is a programming error */
    assert(!def->entity || !entity || strcmp(def->entity, entity) == 0);
    if (!def)
        return;
    pthread_mutex_lock(&u->lock);
    if (u->n == USAGE_MAX_QUEUED) {
        u->dropped++;
        pthread_mutex_unlock(&u->lock);
        return;
    }
    if (u->n == u->cap) {
        u->cap = u->cap ? u->cap * 2 : 256;
        u->rows = xrealloc(u->rows, u->cap * sizeof *u->rows);
    }
    struct event_row *e = &u->rows[u->n++];
    e->at = at;
    e->user_id = user_id;
    snprintf(e->kind, sizeof e->kind, "%s", def->name);
    snprintf(e->entity, sizeof e->entity, "%s", entity ? entity : "");
    e->entity_id = entity_id;
    e->meaningful = 0;
    /* Most queued events have no detail: keep rows small, since a busy second queues many. */
    e->detail = detail ? xstrdup(detail) : NULL;
    if (u->n == USAGE_FLUSH_AT)
        pthread_cond_signal(&u->wake);
    pthread_mutex_unlock(&u->lock);
}

void usage_flush(struct usage *u)
{
    flush(u);
}

unsigned long usage_dropped(struct usage *u)
{
    unsigned long n;

    pthread_mutex_lock(&u->lock);
    n = u->dropped;
    pthread_mutex_unlock(&u->lock);
    return n;
}
