/* SPDX-License-Identifier: MIT */
/* The per-thread connection registry of conns.h: a thread-local key for this thread's entry
 * and a list of all entries under a mutex, for conns_free. */
#include "store/conns.h"

#include "core/xalloc.h"

#include <pthread.h>
#include <stdlib.h>

struct entry {
    void *conn;
    struct entry *next;
};

struct conns {
    void *(*open)(void *arg, struct err *err);
    void (*close)(void *conn);
    void *arg;
    pthread_key_t key;
    pthread_mutex_t lock; /* guards all */
    struct entry *all;
};

struct conns *conns_new(void *(*open)(void *arg, struct err *err), void (*close)(void *conn),
                        void *arg)
{
    struct conns *r = xcalloc(1, sizeof *r);

    r->open = open;
    r->close = close;
    r->arg = arg;
    pthread_key_create(&r->key, NULL);
    pthread_mutex_init(&r->lock, NULL);
    return r;
}

void conns_free(struct conns *r)
{
    struct entry *e, *next;

    if (!r)
        return;
    for (e = r->all; e; e = next) {
        next = e->next;
        r->close(e->conn);
        free(e);
    }
    pthread_key_delete(r->key);
    pthread_mutex_destroy(&r->lock);
    free(r);
}

void *conns_get(struct conns *r, struct err *err)
{
    struct entry *e = pthread_getspecific(r->key);
    void *conn;

    if (e)
        return e->conn;
    conn = r->open(r->arg, err);
    if (!conn)
        return NULL;
    e = xcalloc(1, sizeof *e);
    e->conn = conn;
    pthread_setspecific(r->key, e);
    pthread_mutex_lock(&r->lock);
    e->next = r->all;
    r->all = e;
    pthread_mutex_unlock(&r->lock);
    return conn;
}

void conns_thread_done(struct conns *r)
{
    struct entry *e = pthread_getspecific(r->key);

    if (!e)
        return;
    pthread_mutex_lock(&r->lock);
    for (struct entry **pp = &r->all; *pp; pp = &(*pp)->next) {
        if (*pp == e) {
            *pp = e->next;
            break;
        }
    }
    pthread_mutex_unlock(&r->lock);
    pthread_setspecific(r->key, NULL);
    r->close(e->conn);
    free(e);
}
