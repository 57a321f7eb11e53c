/* SPDX-License-Identifier: MIT */
/* A second thread with a connection of its own, for a read that splits in two: the scorecard
 * reads its rollups there while the calling thread reads the rest, on the machine's other core.
 * One job at a time; a caller that finds it busy does the work itself. Started on first use,
 * stopped by store_close. */
#include "store/internal.h"

#include "core/xalloc.h"

#include <stdlib.h>

enum helper_state { HELPER_IDLE, HELPER_QUEUED, HELPER_RUNNING, HELPER_DONE };

struct helper {
    struct store *st;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed; /* state or stop moved */
    enum helper_state state;
    int stop;
    helper_job *job;
    void *arg;
    int rc;
    struct err err;
};

static void *helper_main(void *arg)
{
    struct helper *h = arg;

    pthread_mutex_lock(&h->lock);
    for (;;) {
        while (h->state != HELPER_QUEUED && !h->stop)
            pthread_cond_wait(&h->changed, &h->lock);
        if (h->stop)
            break;
        h->state = HELPER_RUNNING;
        pthread_mutex_unlock(&h->lock);
        struct err err = ERR_INIT;
        int rc = h->job(h->st, h->arg, &err);
        pthread_mutex_lock(&h->lock);
        h->rc = rc;
        h->err = err;
        h->state = HELPER_DONE;
        pthread_cond_broadcast(&h->changed);
    }
    pthread_mutex_unlock(&h->lock);
    return NULL;
}

/* The store's helper, started on first use; NULL when its thread cannot start. */
static struct helper *helper_get(struct store *st)
{
    pthread_mutex_t *lock;
    struct helper **slot = store_helper_slot(st, &lock), *h;

    pthread_mutex_lock(lock);
    h = *slot;
    if (!h) {
        h = xcalloc(1, sizeof *h);
        h->st = st;
        pthread_mutex_init(&h->lock, NULL);
        pthread_cond_init(&h->changed, NULL);
        if (pthread_create(&h->thread, NULL, helper_main, h) != 0) {
            pthread_cond_destroy(&h->changed);
            pthread_mutex_destroy(&h->lock);
            free(h);
            h = NULL;
        }
        *slot = h;
    }
    pthread_mutex_unlock(lock);
    return h;
}

int helper_submit(struct store *st, helper_job *job, void *arg)
{
    struct helper *h = helper_get(st);
    int taken = 0;

    if (!h)
        return 0;
    pthread_mutex_lock(&h->lock);
    if (h->state == HELPER_IDLE && !h->stop) {
        h->job = job;
        h->arg = arg;
        h->state = HELPER_QUEUED;
        pthread_cond_broadcast(&h->changed);
        taken = 1;
    }
    pthread_mutex_unlock(&h->lock);
    return taken;
}

int helper_wait(struct store *st, struct err *err)
{
    pthread_mutex_t *lock;
    struct helper *h = *store_helper_slot(st, &lock);
    int rc;

    pthread_mutex_lock(&h->lock);
    while (h->state != HELPER_DONE)
        pthread_cond_wait(&h->changed, &h->lock);
    rc = h->rc;
    if (rc < 0 && err)
        *err = h->err;
    h->state = HELPER_IDLE;
    pthread_mutex_unlock(&h->lock);
    return rc;
}

void helper_stop(struct helper *h)
{
    if (!h)
        return;
    pthread_mutex_lock(&h->lock);
    h->stop = 1;
    pthread_cond_broadcast(&h->changed);
    pthread_mutex_unlock(&h->lock);
    pthread_join(h->thread, NULL);
    pthread_cond_destroy(&h->changed);
    pthread_mutex_destroy(&h->lock);
    free(h);
}
