/* SPDX-License-Identifier: MIT */
/* The live-event hub of stream.h: one ring of formatted messages under one lock, subscribers
 * as cursors into it, and a thread that marks keep-alives due. */
#include "http/stream.h"

#include "core/xalloc.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One message as it goes on the wire; end: bytes published up to and including it. */
struct msg {
    char *text;
    size_t len;
    uint64_t end;
};

struct stream_sub {
    struct stream_sub *prev, *next;
    struct stream_hub *hub;
    stream_wake_fn *wake;
    void *ctx;
    int64_t next_id;   /* the next message to read */
    size_t off;        /* bytes of it already read */
    int64_t joined_id; /* the first message published after it subscribed */
    char lead[112];    /* "retry:" and a reset event, sent before anything else */
    size_t lead_len, lead_off;
    int keepalive, idle, dropped;
};

struct stream_hub {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct msg ring[STREAM_RING];
    int64_t first_id, next_id; /* ids of the first message and of the next one */
    uint64_t total;            /* bytes of every message published */
    struct stream_sub *subs;
    size_t nsubs;
    uint64_t dropped;
    int keepalive_ms, stopping, thread_running;
    int wake_due; /* messages were published since the thread last woke the idle */
    pthread_t thread;
};

static struct msg *msg_of(struct stream_hub *h, int64_t id)
{
    return &h->ring[(uint64_t)id % STREAM_RING];
}

/* Wakes every idle subscriber (with keepalive, marks a keep-alive due for all); under the lock. */
static void wake_idle(struct stream_hub *h, int keepalive)
{
    for (struct stream_sub *s = h->subs; s; s = s->next) {
        if (keepalive)
            s->keepalive = 1;
        if (s->idle && !s->dropped && (keepalive || s->next_id < h->next_id)) {
            s->idle = 0;
            s->wake(s->ctx, 0, 1);
        }
    }
}

/* The hub's thread: wakes the idle subscribers after a publish, so the publisher (a request
 * thread, on SQLite) returns at once instead of resuming a thousand connections, and marks a
 * keep-alive due every keepalive_ms. */
static void *hub_main(void *arg)
{
    struct stream_hub *h = arg;
    struct timespec due;

    clock_gettime(CLOCK_MONOTONIC, &due);
    pthread_mutex_lock(&h->lock);
    while (!h->stopping) {
        due.tv_nsec += (long)(h->keepalive_ms % 1000) * 1000000L;
        due.tv_sec += (time_t)(h->keepalive_ms / 1000) + due.tv_nsec / 1000000000L;
        due.tv_nsec %= 1000000000L;
        while (!h->stopping && !h->wake_due &&
               pthread_cond_timedwait(&h->wake, &h->lock, &due) != ETIMEDOUT) {
        }
        if (h->stopping)
            break;
        if (h->wake_due) {
            h->wake_due = 0;
            wake_idle(h, 0);
            /* Not a keep-alive yet: the same deadline again. */
            due.tv_nsec -= (long)(h->keepalive_ms % 1000) * 1000000L;
            due.tv_sec -= (time_t)(h->keepalive_ms / 1000);
            if (due.tv_nsec < 0) {
                due.tv_nsec += 1000000000L;
                due.tv_sec--;
            }
            continue;
        }
        wake_idle(h, 1);
    }
    pthread_mutex_unlock(&h->lock);
    return NULL;
}

struct stream_hub *stream_hub_new(int64_t first_id, int keepalive_ms)
{
    struct stream_hub *h = xcalloc(1, sizeof *h);
    pthread_condattr_t attr;

    pthread_mutex_init(&h->lock, NULL);
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&h->wake, &attr);
    pthread_condattr_destroy(&attr);
    h->first_id = h->next_id = first_id > 0 ? first_id : 1;
    h->keepalive_ms = keepalive_ms;
    if (keepalive_ms > 0 && pthread_create(&h->thread, NULL, hub_main, h) == 0)
        h->thread_running = 1;
    return h;
}

/* Marks s dropped (why: STREAM_BEHIND or STREAM_CLOSING) and tells its connection; under the
 * lock. */
static void drop(struct stream_hub *h, struct stream_sub *s, int why)
{
    int idle = s->idle;

    if (s->dropped)
        return;
    s->dropped = why;
    s->idle = 0;
    if (why == STREAM_BEHIND)
        h->dropped++;
    s->wake(s->ctx, why, idle);
}

void stream_hub_close(struct stream_hub *h)
{
    if (!h)
        return;
    pthread_mutex_lock(&h->lock);
    for (struct stream_sub *s = h->subs; s; s = s->next)
        drop(h, s, STREAM_CLOSING);
    pthread_mutex_unlock(&h->lock);
}

void stream_hub_free(struct stream_hub *h)
{
    if (!h)
        return;
    stream_hub_close(h);
    if (h->thread_running) {
        pthread_mutex_lock(&h->lock);
        h->stopping = 1;
        pthread_cond_signal(&h->wake);
        pthread_mutex_unlock(&h->lock);
        pthread_join(h->thread, NULL);
    }
    for (size_t i = 0; i < STREAM_RING; i++)
        free(h->ring[i].text);
    pthread_cond_destroy(&h->wake);
    pthread_mutex_destroy(&h->lock);
    free(h);
}

/* The bytes a subscriber has yet to read of the messages (not its lead). */
static uint64_t behind_bytes(struct stream_hub *h, const struct stream_sub *s, int64_t from)
{
    const struct msg *m;

    if (from >= h->next_id)
        return 0;
    m = msg_of(h, from);
    return h->total - (m->end - m->len);
}

/* Whether s is past its bounds: more than STREAM_QUEUE_MSGS messages or STREAM_QUEUE_BYTES
 * bytes published since it last read (or since it joined, for a resume's backlog), or so far
 * behind that the ring no longer holds its next message. */
static int over_bounds(struct stream_hub *h, const struct stream_sub *s)
{
    int64_t from = s->next_id > s->joined_id ? s->next_id : s->joined_id;
    uint64_t bytes;

    if (h->next_id - s->next_id > STREAM_RING)
        return 1;
    if (h->next_id - from > STREAM_QUEUE_MSGS)
        return 1;
    bytes = behind_bytes(h, s, from);
    if (from == s->next_id && bytes >= s->off)
        bytes -= s->off;
    return bytes > STREAM_QUEUE_BYTES;
}

int64_t stream_publish(struct stream_hub *h, const char *type, const char *data)
{
    char head[96];
    size_t dlen = strlen(data);
    int64_t id;
    struct msg *m;
    int n;
    char *text;

    pthread_mutex_lock(&h->lock);
    id = h->next_id;
    n = snprintf(head, sizeof head, "id: %lld\nevent: %s\ndata: ", (long long)id, type);
    if (n < 0 || (size_t)n >= sizeof head)
        n = (int)sizeof head - 1;
    text = xmalloc((size_t)n + dlen + 3);
    memcpy(text, head, (size_t)n);
    for (size_t i = 0; i < dlen; i++)
        text[(size_t)n + i] = data[i] == '\n' || data[i] == '\r' ? ' ' : data[i];
    memcpy(text + n + dlen, "\n\n", 3);
    m = msg_of(h, id);
    free(m->text);
    m->text = text;
    m->len = (size_t)n + dlen + 2;
    h->total += m->len;
    m->end = h->total;
    h->next_id++;
    for (struct stream_sub *s = h->subs; s; s = s->next)
        if (!s->dropped && over_bounds(h, s))
            drop(h, s, STREAM_BEHIND);
    if (h->thread_running) {
        h->wake_due = 1;
        pthread_cond_signal(&h->wake);
    } else {
        wake_idle(h, 0);
    }
    pthread_mutex_unlock(&h->lock);
    return id;
}

int stream_parse_id(const char *text, int64_t *id)
{
    unsigned long long v = 0;
    size_t n;

    *id = 0;
    if (!text)
        return 0;
    n = strspn(text, "0123456789");
    if (n == 0 || n > 19 || text[n] != '\0')
        return 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (unsigned)(text[i] - '0');
    if (v > (unsigned long long)INT64_MAX)
        return 0;
    *id = (int64_t)v;
    return 1;
}

struct stream_sub *stream_subscribe(struct stream_hub *h, int has_last, int known, int64_t last_id,
                                    stream_wake_fn *wake, void *ctx, enum stream_resume *how)
{
    struct stream_sub *s = xcalloc(1, sizeof *s);
    int n;

    s->hub = h;
    s->wake = wake;
    s->ctx = ctx;
    n = snprintf(s->lead, sizeof s->lead, "retry: 2000\n\n");
    pthread_mutex_lock(&h->lock);
    int64_t oldest =
        h->next_id - STREAM_RING > h->first_id ? h->next_id - STREAM_RING : h->first_id;
    s->next_id = s->joined_id = h->next_id;
    if (!has_last) {
        *how = STREAM_LIVE;
    } else if (known && last_id >= oldest - 1 && last_id < h->next_id) {
        s->next_id = last_id + 1;
        *how = STREAM_RESUMED;
    } else {
        /* Its id names the reset, so a client that reconnects right after it resumes. */
        n += snprintf(s->lead + n, sizeof s->lead - (size_t)n,
                      "id: %lld\nevent: reset\ndata: {}\n\n", (long long)(h->next_id - 1));
        *how = STREAM_RESET;
    }
    s->lead_len = (size_t)n < sizeof s->lead ? (size_t)n : sizeof s->lead - 1;
    s->next = h->subs;
    if (h->subs)
        h->subs->prev = s;
    h->subs = s;
    h->nsubs++;
    pthread_mutex_unlock(&h->lock);
    return s;
}

void stream_unsubscribe(struct stream_sub *s)
{
    struct stream_hub *h;

    if (!s)
        return;
    h = s->hub;
    pthread_mutex_lock(&h->lock);
    if (s->prev)
        s->prev->next = s->next;
    else
        h->subs = s->next;
    if (s->next)
        s->next->prev = s->prev;
    h->nsubs--;
    pthread_mutex_unlock(&h->lock);
    free(s);
}

static size_t take(char *out, size_t max, const char *from, size_t len)
{
    size_t n = len < max ? len : max;

    memcpy(out, from, n);
    return n;
}

long stream_read(struct stream_sub *s, char *out, size_t max, int *idle)
{
    struct stream_hub *h = s->hub;
    size_t n = 0;

    *idle = 0;
    pthread_mutex_lock(&h->lock);
    if (s->dropped) {
        pthread_mutex_unlock(&h->lock);
        return -s->dropped;
    }
    if (s->lead_off < s->lead_len) {
        size_t k = take(out, max, s->lead + s->lead_off, s->lead_len - s->lead_off);
        s->lead_off += k;
        n += k;
    }
    while (n < max && s->lead_off == s->lead_len && s->next_id < h->next_id) {
        const struct msg *m = msg_of(h, s->next_id);
        size_t k = take(out + n, max - n, m->text + s->off, m->len - s->off);
        n += k;
        s->off += k;
        if (s->off == m->len) {
            s->off = 0;
            s->next_id++;
        }
    }
    if (n > 0) {
        s->keepalive = 0; /* what was sent keeps the connection alive */
    } else if (s->keepalive && max >= sizeof ": keep-alive\n\n" - 1) {
        n = take(out, max, ": keep-alive\n\n", sizeof ": keep-alive\n\n" - 1);
        s->keepalive = 0;
    } else {
        s->idle = 1;
        *idle = 1;
    }
    pthread_mutex_unlock(&h->lock);
    return (long)n;
}

void stream_hub_counts(struct stream_hub *h, size_t *subscribers, uint64_t *dropped)
{
    pthread_mutex_lock(&h->lock);
    *subscribers = h->nsubs;
    *dropped = h->dropped;
    pthread_mutex_unlock(&h->lock);
}
