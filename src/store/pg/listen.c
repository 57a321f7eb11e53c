/* SPDX-License-Identifier: MIT */
/* The auth listener of listen.h: poll() on the connection's socket with a short timeout, so a
 * stop request is seen quickly, then PQconsumeInput and PQnotifies. */
#include "store/pg/listen.h"

#include "core/log.h"
#include "core/xalloc.h"

#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define POLL_MS      500
#define RECONNECT_MS 1000

struct pg_listener {
    char *target;
    _Atomic uint64_t *generation;
    atomic_int stop;
    pthread_t thread;
    pthread_mutex_t live_lock; /* guards sink and ctx, held while the sink runs */
    store_live_sink *sink;
    void *ctx;
};

/* A live item "type\ndata" to the sink. */
static void live_item(struct pg_listener *l, const char *payload)
{
    const char *nl = strchr(payload, '\n');
    char type[64];

    if (!nl || (size_t)(nl - payload) >= sizeof type)
        return;
    memcpy(type, payload, (size_t)(nl - payload));
    type[nl - payload] = '\0';
    pthread_mutex_lock(&l->live_lock);
    if (l->sink)
        l->sink(l->ctx, type, nl + 1);
    pthread_mutex_unlock(&l->live_lock);
}

void pg_listener_set_live(struct pg_listener *l, store_live_sink *sink, void *ctx)
{
    if (!l)
        return;
    pthread_mutex_lock(&l->live_lock);
    l->sink = sink;
    l->ctx = ctx;
    pthread_mutex_unlock(&l->live_lock);
}

static void bump(struct pg_listener *l)
{
    atomic_fetch_add_explicit(l->generation, 1, memory_order_relaxed);
}

static PGconn *connect_listening(struct pg_listener *l)
{
    PGconn *pg = PQconnectdb(l->target);
    PGresult *r = NULL;

    if (PQstatus(pg) != CONNECTION_OK) {
        log_warn("msg=\"auth listener cannot connect\" error=\"%s\"", PQerrorMessage(pg));
        PQfinish(pg);
        return NULL;
    }
    r = PQexec(pg, "LISTEN uptake_auth; LISTEN uptake_live");
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        log_warn("msg=\"auth listener cannot listen\" error=\"%s\"", PQerrorMessage(pg));
        PQclear(r);
        PQfinish(pg);
        return NULL;
    }
    PQclear(r);
    return pg;
}

/* Waits before a reconnect, in poll-sized steps so a stop request is not held up. */
static void pause_before_retry(struct pg_listener *l)
{
    for (int waited = 0; waited < RECONNECT_MS && !atomic_load(&l->stop); waited += 100) {
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

static void *listen_loop(void *arg)
{
    struct pg_listener *l = arg;
    PGconn *pg = NULL;

    while (!atomic_load(&l->stop)) {
        if (!pg) {
            pg = connect_listening(l);
            if (!pg) {
                pause_before_retry(l);
                continue;
            }
            bump(l); /* anything may have changed while no one listened */
        }
        struct pollfd pfd = {.fd = PQsocket(pg), .events = POLLIN};
        int ready = poll(&pfd, 1, POLL_MS);
        if (ready < 0)
            continue;
        if (ready > 0 && !PQconsumeInput(pg)) {
            log_warn("msg=\"auth listener lost its connection\" error=\"%s\"", PQerrorMessage(pg));
            PQfinish(pg);
            pg = NULL;
            bump(l); /* caches must not be trusted until we listen again */
            pause_before_retry(l);
            continue;
        }
        PGnotify *n;
        while ((n = PQnotifies(pg)) != NULL) {
            if (strcmp(n->relname, "uptake_live") == 0)
                live_item(l, n->extra);
            else
                bump(l);
            PQfreemem(n);
        }
    }
    PQfinish(pg);
    return NULL;
}

struct pg_listener *pg_listener_start(const char *target, _Atomic uint64_t *generation)
{
    struct pg_listener *l = xcalloc(1, sizeof *l);

    l->target = xstrdup(target);
    l->generation = generation;
    atomic_init(&l->stop, 0);
    pthread_mutex_init(&l->live_lock, NULL);
    if (pthread_create(&l->thread, NULL, listen_loop, l) != 0) {
        pthread_mutex_destroy(&l->live_lock);
        free(l->target);
        free(l);
        return NULL;
    }
    return l;
}

void pg_listener_stop(struct pg_listener *l)
{
    if (!l)
        return;
    atomic_store(&l->stop, 1);
    pthread_join(l->thread, NULL);
    pthread_mutex_destroy(&l->live_lock);
    free(l->target);
    free(l);
}
