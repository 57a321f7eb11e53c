/* SPDX-License-Identifier: MIT */
/* libmicrohttpd glue: guards connections (limits per address and overall, a deadline for a
 * request's headers), decides on the headers alone what it can (framing, counts, route, auth,
 * body size and memory) before any body is read or "100 Continue" sent, collects the body into
 * struct req, runs the router, and sends struct resp. Internal epoll thread pool, one store
 * connection per worker thread. */
#include "http/server.h"

#include "core/clock.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "http/auth.h"
#include "http/proxy.h"
#include "http/router.h"
#include "http/stream.h"
#include "store/store.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The largest body a request without a session or token may send (a sign-in's). */
#define ANON_BODY_LIMIT 16384
/* File descriptors kept for everything but client connections (database, logs, listener). */
#define FD_RESERVE   128
#define PEER_BUCKETS 1024
/* Each connection's memory pool (libmicrohttpd's default is 32 KiB): request headers up to
 * about 8 KiB at first, growing to some 12 KiB, which no browser or API client sends (longer
 * ones get 431). It is what an event stream costs most: libmicrohttpd gives half the pool to
 * the read buffer and zeroes what it gives back, so that much is resident per connection
 * (measured with 1,000 streams: 22 KiB each with 32 KiB pools, 26 with 36 KiB ones, which are
 * mapped, 14 with these). */
#ifndef CONN_MEMORY
#define CONN_MEMORY (16 * 1024)
#endif

/* One client address and how many connections it holds. */
struct peer {
    struct peer *next;
    char addr[PROXY_ADDR_LEN];
    int n;
};

/* One open connection, from libmicrohttpd's "started" to its "closed" notification. */
struct conn {
    struct conn *prev, *next;
    struct peer *peer;
    int fd;
    int64_t waiting_since; /* ms: waiting for a complete request since then; 0 while serving */
    int reaped;            /* shut down for missing the deadline */
};

struct server {
    struct MHD_Daemon *daemon;
    struct app *app;
    int port;
    struct proxy_list proxies;
    int per_address;
    int64_t header_ms;
    size_t body_max, body_held; /* body bytes all requests may hold, and hold now */

    pthread_mutex_t lock; /* conns, peers, body_held, stopping */
    pthread_cond_t wake;
    struct conn *conns;
    struct peer *peers[PEER_BUCKETS];
    pthread_t reaper;
    int reaper_running, stopping;
    struct stream_hub *hub; /* live events (GET /api/v1/stream) */
};

/* What libmicrohttpd keeps for a request (its con_cls) starts with one of these, so
 * on_completed() knows a struct pending from the much smaller struct sse a stream keeps. */
enum ctx_tag { CTX_PENDING = 1, CTX_STREAM };

/* One event-stream connection: its subscriber in the hub and how to wake it. */
struct sse {
    unsigned char tag; /* CTX_STREAM */
    struct MHD_Connection *c;
    struct stream_sub *sub;
    int fd;
    /* A TV's stream (display token): checked again when it next sends (an event, or the
     * keep-alive every stream-keepalive-ms), at most once a second, and ended once revoked. So
     * a revoked token's stream ends by its next keep-alive at the latest. */
    int display;
    unsigned char display_hash[32];
    int64_t checked_at;
    struct store *store;
};

/* Per-request state kept between libmicrohttpd's calls. */
struct pending {
    unsigned char tag; /* CTX_PENDING */
    struct req r;
    char *body;
    size_t len, cap;
    size_t reserved; /* bytes of s->body_held this request holds */
    int too_big;
    int discard;          /* the body is dropped as it comes, then late is the answer */
    struct err late;      /* a refusal decided on the headers, answered after the body */
    int late_status;      /* its status when not the error's own (503) */
    int nheaders, nquery; /* as received, before the arrays' bound */
};

static enum MHD_Result collect_kv(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    struct pending *p = cls;
    struct req *r = &p->r;

    if (kind == MHD_GET_ARGUMENT_KIND) {
        if (r->nquery < REQ_MAX_QUERY) {
            r->query[r->nquery].key = key;
            r->query[r->nquery].value = value;
            r->nquery++;
        }
        p->nquery++;
    } else {
        if (r->nheaders < REQ_MAX_HEADERS) {
            r->headers[r->nheaders].key = key;
            r->headers[r->nheaders].value = value;
            r->nheaders++;
        }
        p->nheaders++;
    }
    return MHD_YES;
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Decodes %XX escapes of the path and query arguments in place, like libmicrohttpd's default,
 * except "%00", which stays as it is: a decoded NUL would silently cut the string short, so
 * "/contacts/1%00" would read contact 1. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
    char *r = s, *w = s;

    while (*r) {
        int hi = r[0] == '%' ? hex_digit(r[1]) : -1;
        int lo = hi >= 0 ? hex_digit(r[2]) : -1;
        if (lo >= 0 && (hi | lo) != 0) {
            *w++ = (char)(hi * 16 + lo);
            r += 3;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
}

static void addr_text(const struct sockaddr *sa, char *out, size_t size)
{
    snprintf(out, size, "unknown");
    if (!sa)
        return;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)size);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)size);
}

static void peer_text(struct MHD_Connection *c, char *out, size_t size)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

    addr_text(info ? info->client_addr : NULL, out, size);
}

/* --- Connection guard: per-address counts, the registry, the reaper ---------------------- */

/* Deadlines run on the monotonic clock: a step of the wall clock must not reap everyone. */
static int64_t mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct peer **peer_slot(struct server *s, const char *addr)
{
    unsigned h = 5381;

    for (const char *p = addr; *p; p++)
        h = h * 33 + (unsigned char)*p;
    struct peer **slot = &s->peers[h % PEER_BUCKETS];
    while (*slot && strcmp((*slot)->addr, addr) != 0)
        slot = &(*slot)->next;
    return slot;
}

/* Refuses a new connection from an untrusted address that holds its share already, before
 * libmicrohttpd spends anything on it. The count itself moves in on_connection(). */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t len)
{
    struct server *s = cls;
    char text[PROXY_ADDR_LEN];
    int ok;

    (void)len;
    addr_text(addr, text, sizeof text);
    if (proxy_is_trusted(&s->proxies, text))
        return MHD_YES;
    pthread_mutex_lock(&s->lock);
    struct peer *pe = *peer_slot(s, text);
    ok = !pe || pe->n < s->per_address;
    pthread_mutex_unlock(&s->lock);
    if (!ok)
        log_debug("msg=\"connection refused\" client=%s reason=per-address-limit", text);
    return ok ? MHD_YES : MHD_NO;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    struct server *s = cls;
    struct conn *k = *socket_context;

    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *fd =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        char text[PROXY_ADDR_LEN];
        int trusted;
        peer_text(c, text, sizeof text);
        trusted = proxy_is_trusted(&s->proxies, text);
        k = xcalloc(1, sizeof *k);
        k->fd = fd ? fd->connect_fd : -1;
        k->waiting_since = mono_ms();
        pthread_mutex_lock(&s->lock);
        struct peer **slot = peer_slot(s, text);
        if (!*slot) {
            *slot = xcalloc(1, sizeof **slot);
            snprintf((*slot)->addr, sizeof(*slot)->addr, "%s", text);
        }
        k->peer = *slot;
        k->peer->n++;
        /* Parallel accepts can pass on_accept() together: the count here is the firm one. */
        if (!trusted && k->peer->n > s->per_address && k->fd >= 0) {
            shutdown(k->fd, SHUT_RDWR);
            k->reaped = 1;
        }
        k->next = s->conns;
        if (s->conns)
            s->conns->prev = k;
        s->conns = k;
        pthread_mutex_unlock(&s->lock);
        *socket_context = k;
        return;
    }
    if (!k)
        return;
    /* Closed: libmicrohttpd closes the socket only after this returns, so the reaper never
     * shuts down a descriptor that was reused. */
    pthread_mutex_lock(&s->lock);
    if (k->prev)
        k->prev->next = k->next;
    else
        s->conns = k->next;
    if (k->next)
        k->next->prev = k->prev;
    if (--k->peer->n == 0) {
        struct peer **slot = peer_slot(s, k->peer->addr);
        *slot = k->peer->next;
        free(k->peer);
    }
    pthread_mutex_unlock(&s->lock);
    free(k);
    *socket_context = NULL;
}

static struct conn *conn_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

    return info ? info->socket_context : NULL;
}

/* The connection is being served (headers in and authenticated, or the request complete):
 * the deadline stops; or, with waiting, it waits for its next request from now on. */
static void conn_mark(struct server *s, struct MHD_Connection *c, int waiting)
{
    struct conn *k = conn_of(c);

    if (!k)
        return;
    pthread_mutex_lock(&s->lock);
    k->waiting_since = waiting ? mono_ms() : 0;
    pthread_mutex_unlock(&s->lock);
}

/* Shuts down connections that have waited longer than request-header-timeout for a complete
 * request (an idle or dribbling client); libmicrohttpd then sees the end of the stream and
 * closes them. An idle timeout alone would let a client keep a connection for ever by sending
 * one byte a minute. */
static void *reaper_main(void *arg)
{
    struct server *s = arg;
    int64_t tick = s->header_ms / 4;

    if (tick < 50)
        tick = 50;
    if (tick > 250)
        tick = 250;
    pthread_mutex_lock(&s->lock);
    while (!s->stopping) {
        int64_t now = mono_ms();
        struct timespec until;
        for (struct conn *k = s->conns; k; k = k->next) {
            if (k->waiting_since && !k->reaped && now - k->waiting_since >= s->header_ms &&
                k->fd >= 0) {
                shutdown(k->fd, SHUT_RDWR);
                k->reaped = 1;
                log_debug("msg=\"connection closed\" client=%s reason=request-header-timeout",
                          k->peer->addr);
            }
        }
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += (long)(tick % 1000) * 1000000L;
        until.tv_sec += (time_t)(tick / 1000) + until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&s->wake, &s->lock, &until);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

/* Reserves n body bytes of the shared budget; 0, or -1 when it is spent. */
static int body_reserve(struct server *s, size_t n)
{
    int ok;

    pthread_mutex_lock(&s->lock);
    ok = s->body_held + n <= s->body_max;
    if (ok)
        s->body_held += n;
    pthread_mutex_unlock(&s->lock);
    return ok ? 0 : -1;
}

static void body_unreserve(struct server *s, size_t n)
{
    pthread_mutex_lock(&s->lock);
    s->body_held -= n;
    pthread_mutex_unlock(&s->lock);
}

/* --- Requests ---------------------------------------------------------------------------- */

/* --- Event streams ----------------------------------------------------------------------- */

/* The hub's wake (under its lock): an idle stream resumes, so libmicrohttpd asks sse_read()
 * again; a dropped one that is not idle is shut down, because a client that stopped reading
 * keeps its socket unwritable and libmicrohttpd would never ask. The socket stays open until
 * on_completed() has unsubscribed, which takes the same lock. */
static void sse_wake(void *ctx, int dropped, int idle)
{
    struct sse *e = ctx;

    if (dropped == STREAM_BEHIND)
        log_info("msg=\"stream dropped\" reason=behind fd=%d", e->fd);
    if (idle)
        MHD_resume_connection(e->c);
    else if (dropped && e->fd >= 0)
        shutdown(e->fd, SHUT_RDWR);
}

/* libmicrohttpd's content reader: what the hub has for this client, or, when it has nothing,
 * suspends the connection until sse_wake() resumes it (no polling, no thread of its own). A
 * resume that comes between the two cancels the suspend (libmicrohttpd 0.9.75 daemon.c). */
static ssize_t sse_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    struct sse *e = cls;
    int idle = 0;
    long n;

    (void)pos;
    if (e->display) {
        int64_t now = clock_now_ms();
        if (now - e->checked_at >= 1000) {
            e->checked_at = now;
            if (!auth_display_valid(e->store, e->display_hash, now)) {
                log_info("msg=\"stream ended\" reason=display-token-revoked fd=%d", e->fd);
                return MHD_CONTENT_READER_END_OF_STREAM;
            }
        }
    }
    n = stream_read(e->sub, buf, max, &idle);
    if (n == -STREAM_CLOSING)
        return MHD_CONTENT_READER_END_OF_STREAM; /* a clean end, the client reconnects */
    if (n < 0)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    if (idle)
        MHD_suspend_connection(e->c);
    return (ssize_t)n;
}

/* The response's own buffer, which a chunked answer does not use (libmicrohttpd reads into the
 * connection's write buffer), so small: each stream has one. */
#define SSE_BLOCK  512
#define SSE_SNDBUF 16384

/* Answers with an event stream and swaps the request's state (*con_cls, p, freed: a stream
 * lives for hours and needs nothing of the request once its log line is written) for its
 * much smaller struct sse. */
static enum MHD_Result send_stream(struct server *s, struct MHD_Connection *c, struct pending *p,
                                   const struct resp *w, void **con_cls)
{
    struct sse *e = xcalloc(1, sizeof *e);
    const union MHD_ConnectionInfo *fd =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    struct MHD_Response *mr;
    enum stream_resume how;
    enum MHD_Result ret;

    e->tag = CTX_STREAM;
    e->c = c;
    e->fd = fd ? fd->connect_fd : -1;
    if (p->r.display) {
        e->display = 1;
        memcpy(e->display_hash, p->r.display_hash, sizeof e->display_hash);
        e->checked_at = clock_now_ms();
        e->store = s->app->store;
    }
    e->sub = stream_subscribe(s->hub, w->stream_has_last, w->stream_known, w->stream_last, sse_wake,
                              e, &how);
    /* A small kernel buffer: a client that stops reading reaches the hub's bound (and is
     * dropped) after kilobytes, not megabytes, and a thousand streams cost little memory. */
    if (e->fd >= 0)
        setsockopt(e->fd, SOL_SOCKET, SO_SNDBUF, &(int){SSE_SNDBUF}, sizeof(int));
    mr = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, SSE_BLOCK, sse_read, e, NULL);
    MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, "text/event-stream");
    MHD_add_response_header(mr, "Cache-Control", "no-store");
    MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(mr, "X-Accel-Buffering", "no"); /* a proxy must not hold events */
    /* A stream is idle between events by design: keep-alives, not the idle timeout, find a
     * dead client (its write fails). */
    MHD_set_connection_option(c, MHD_CONNECTION_OPTION_TIMEOUT, 0u);
    ret = MHD_queue_response(c, 200, mr);
    MHD_destroy_response(mr);
    log_debug("req=%s msg=\"stream opened\" user=%lld resume=%s", p->r.id,
              (long long)p->r.user.user_id,
              how == STREAM_RESUMED ? "resumed"
              : how == STREAM_RESET ? "reset"
                                    : "live");
    if (p->reserved)
        body_unreserve(s, p->reserved);
    arena_release(&p->r.arena);
    free(p->body);
    free(p);
    *con_cls = e;
    return ret;
}

/* The store's live sink: a committed change's item goes to every stream of this instance. */
static void on_live(void *ctx, const char *type, const char *data)
{
    stream_publish(ctx, type, data);
}

static enum MHD_Result send_resp(struct MHD_Connection *c, struct resp *w)
{
    struct MHD_Response *mr;
    enum MHD_Result ret;
    int cache_set = 0;

    if (w->body_static)
        mr = MHD_create_response_from_buffer(w->body_len, w->body, MHD_RESPMEM_PERSISTENT);
    else
        mr = MHD_create_response_from_buffer(w->body_len, w->body ? w->body : (char *)"",
                                             w->body ? MHD_RESPMEM_MUST_FREE
                                                     : MHD_RESPMEM_PERSISTENT);
    w->body = NULL; /* owned by libmicrohttpd now */
    if (w->content_type)
        MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, w->content_type);
    for (int i = 0; i < w->nheaders; i++) {
        MHD_add_response_header(mr, w->headers[i].key, w->headers[i].value);
        cache_set |= strcasecmp(w->headers[i].key, "Cache-Control") == 0;
    }
    /* On every answer: no content sniffing, no URL (with its record ids) leaked as a referrer;
     * nothing kept in caches unless the answer says otherwise (static assets do). */
    MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(mr, "Referrer-Policy", "no-referrer");
    if (!cache_set)
        MHD_add_response_header(mr, "Cache-Control", "no-store");
    if (w->status == 503)
        MHD_add_response_header(mr, "Retry-After", "1");
    ret = MHD_queue_response(c, (unsigned)w->status, mr);
    MHD_destroy_response(mr);
    return ret;
}

static void finish(struct pending *p, struct resp *w)
{
    char method[64], path[512];

    if (log_level < LOG_DEBUG)
        return;
    log_debug("req=%s client=%s method=\"%s\" path=\"%s\" status=%d user=%lld", p->r.id,
              p->r.client_ip, req_log_text(p->r.method, method, sizeof method),
              req_log_text(p->r.path, path, sizeof path), w->status, (long long)p->r.user.user_id);
}

/* An error answer with an explicit status (431, 411, 503) over the error's own. */
static void refuse(struct resp *w, int code, int status, const char *message)
{
    struct err err = ERR_INIT;

    err_set(&err, code, "%s", message);
    resp_error(w, &err);
    if (status)
        w->status = status;
}

/* Parses a Content-Length value: digits only. 0, or -1. */
static int parse_length(const char *v, unsigned long long *out)
{
    char *end = NULL;

    if (!v || !*v || strspn(v, "0123456789") != strlen(v))
        return -1;
    errno = 0;
    *out = strtoull(v, &end, 10);
    return errno ? -1 : 0;
}

/* The checks on the request line and headers that come before routing: counts past the
 * arrays' bound, and framing libmicrohttpd 0.9.75 would accept ambiguously or wait on (it uses
 * the first Content-Length, ignores Content-Length beside Transfer-Encoding, reads a body of
 * an unknown coding until the peer closes, and takes any 64-bit chunk size, then waits for
 * the bytes). Returns 1 with w filled when refused; *length gets the declared body size. */
static int refuse_early(struct pending *p, struct resp *w, unsigned long long *length)
{
    const struct req *r = &p->r;
    int lengths = 0, codings = 0;
    const char *coding = NULL;

    *length = 0;
    if (p->nheaders > REQ_MAX_HEADERS) {
        refuse(w, UPT_EMALFORMED, 431, "the request has more than 64 header fields");
        return 1;
    }
    if (p->nquery > REQ_MAX_QUERY) {
        refuse(w, UPT_EMALFORMED, 0, "the request has more than 64 query arguments");
        return 1;
    }
    for (int i = 0; i < r->nheaders; i++) {
        if (strcasecmp(r->headers[i].key, "Content-Length") == 0) {
            unsigned long long n;
            if (parse_length(r->headers[i].value, &n) < 0 || (lengths && n != *length)) {
                refuse(w, UPT_EMALFORMED, 0, "conflicting or malformed Content-Length headers");
                return 1;
            }
            *length = n;
            lengths++;
        } else if (strcasecmp(r->headers[i].key, "Transfer-Encoding") == 0) {
            coding = r->headers[i].value;
            codings++;
        }
    }
    if (codings && lengths) {
        refuse(w, UPT_EMALFORMED, 0,
               "a request may not have both Transfer-Encoding and "
               "Content-Length");
        return 1;
    }
    if (codings > 1 || (coding && strcasecmp(coding, "chunked") != 0)) {
        refuse(w, UPT_EMALFORMED, 0, "Transfer-Encoding other than chunked is not supported");
        return 1;
    }
    if (coding) {
        /* A chunked body cannot be bounded before it is read (see above): every client of a
         * JSON API can send Content-Length instead. */
        refuse(w, UPT_EMALFORMED, 411,
               "send the request body with Content-Length; chunked "
               "request bodies are not accepted");
        return 1;
    }
    return 0;
}

/* The client's address: the peer, or behind a trusted proxy what X-Forwarded-For says. */
static void client_ip(struct server *s, struct MHD_Connection *c, struct req *r)
{
    char peer[PROXY_ADDR_LEN];
    const char *xff[REQ_MAX_HEADERS];
    int n = 0;

    peer_text(c, peer, sizeof peer);
    for (int i = 0; i < r->nheaders; i++)
        if (strcasecmp(r->headers[i].key, "X-Forwarded-For") == 0)
            xff[n++] = r->headers[i].value;
    proxy_client_ip(&s->proxies, peer, xff, n, r->client_ip, sizeof r->client_ip);
}

/* The first call, on the request line and headers: everything that can be decided without the
 * body is, so that a refused body is never read and a client that sent "Expect: 100-continue"
 * gets its answer instead of "100 Continue" (libmicrohttpd sends that only when this call
 * queues nothing). Returns 1 with w filled when the request is answered now. */
static int on_headers(struct server *s, struct MHD_Connection *c, struct pending *p, struct resp *w)
{
    unsigned long long length;
    long limit = s->app->cfg.body_limit;

    MHD_get_connection_values(c, MHD_HEADER_KIND, collect_kv, p);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_kv, p);
    client_ip(s, c, &p->r);
    if (refuse_early(p, w, &length))
        return 1;
    if (router_prepare(&p->r, w))
        return 1;
    if (!p->r.authed && limit > ANON_BODY_LIMIT)
        limit = ANON_BODY_LIMIT;
    if (length > (unsigned long long)limit)
        err_set(&p->late, UPT_ETOOBIG, "the request body is larger than %ld bytes", limit);
    else if (length && body_reserve(s, (size_t)length) < 0)
        err_set(&p->late, UPT_ELIMIT, "the server holds too many request bodies; try again");
    if (p->late.code) {
        p->late_status = p->late.code == UPT_ELIMIT ? 503 : 0;
        /* At once, unless a signed-in client is sending the body already: closing on unread
         * bytes resets the connection, and its client might never read the answer. Such a
         * body is read and dropped (no memory), the answer follows. */
        if (!p->r.authed || MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Expect")) {
            refuse(w, p->late.code, p->late_status, p->late.message);
            return 1;
        }
        p->discard = 1;
        conn_mark(s, c, 0);
        return 0;
    }
    p->reserved = (size_t)length;
    /* A signed-in request's body may take its time (under the idle timeout); an anonymous
     * one stays under the deadline until it is complete. */
    if (p->r.authed || length == 0)
        conn_mark(s, c, 0);
    return 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    struct server *s = cls;
    struct pending *p = *con_cls;
    struct resp w = {0};
    enum MHD_Result ret;

    (void)version;
    if (!p) {
        static unsigned long counter;
        p = xcalloc(1, sizeof *p);
        p->tag = CTX_PENDING;
        p->r.app = s->app;
        p->r.method = method;
        p->r.path = url;
        snprintf(p->r.id, sizeof p->r.id, "%lx", __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED));
        *con_cls = p;
        if (!on_headers(s, c, p, &w))
            return MHD_YES;
        conn_mark(s, c, 0);
        goto answer;
    }
    if (*upload_data_size) {
        /* libmicrohttpd hands over exactly the declared Content-Length; the check is a guard. */
        if (p->discard) {
            /* dropped */
        } else if (!p->too_big && p->len + *upload_data_size <= p->reserved) {
            if (!p->body)
                p->body = xmalloc(p->reserved + 1);
            memcpy(p->body + p->len, upload_data, *upload_data_size);
            p->len += *upload_data_size;
            p->body[p->len] = '\0';
        } else {
            p->too_big = 1;
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    conn_mark(s, c, 0);
    if (p->discard) {
        refuse(&w, p->late.code, p->late_status, p->late.message);
    } else if (p->too_big) {
        struct err err = ERR_INIT;
        err_set(&err, UPT_ETOOBIG, "the request body is larger than it said");
        resp_error(&w, &err);
    } else {
        p->r.body = p->body;
        p->r.body_len = p->len;
        router_run(&p->r, &w);
    }
answer:
    finish(p, &w);
    ret = w.stream ? send_stream(s, c, p, &w, con_cls) : send_resp(c, &w);
    resp_release(&w);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct server *s = cls;
    struct pending *p = *con_cls;

    (void)toe;
    conn_mark(s, c, 1);
    if (!p)
        return;
    if (*(const unsigned char *)p == CTX_STREAM) {
        struct sse *e = *con_cls;
        stream_unsubscribe(e->sub);
        free(e);
        *con_cls = NULL;
        return;
    }
    if (p->reserved)
        body_unreserve(s, p->reserved);
    arena_release(&p->r.arena);
    free(p->body);
    free(p);
    *con_cls = NULL;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    char line[512], safe[1024];

    (void)cls;
    vsnprintf(line, sizeof line, fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    /* A TV's token comes in the query string: never into a log line. */
    char *token = strstr(line, "display_token=");
    if (token)
        token[sizeof "display_token=" - 1] = '\0';
    log_warn("msg=\"http\" detail=\"%s\"", req_log_text(line, safe, sizeof safe));
}

static int parse_listen(const char *listen, struct sockaddr_in *sa, struct err *err)
{
    char host[64];
    const char *colon = strrchr(listen, ':');
    char *end = NULL;
    long port;

    memset(sa, 0, sizeof *sa);
    if (!colon || (size_t)(colon - listen) >= sizeof host)
        return err_set(err, UPT_EINVAL, "listen address '%s' must be HOST:PORT", listen);
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    port = strtol(colon + 1, &end, 10);
    if (*end || end == colon + 1 || port < 0 || port > 65535)
        return err_set(err, UPT_EINVAL, "port in '%s' must be 0 to 65535", listen);
    if (strcmp(host, "localhost") == 0)
        snprintf(host, sizeof host, "127.0.0.1");
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &sa->sin_addr) != 1)
        return err_set(err, UPT_EINVAL, "host in '%s' must be an IPv4 address", listen);
    return 0;
}

/* Raises the soft open-file limit to the hard one, so thousands of connections fit, and
 * returns how many connections may be open at once: max-connections, or what the limit leaves
 * after FD_RESERVE. */
static unsigned connection_limit(const struct config *cfg)
{
    struct rlimit rl;
    rlim_t fds = 1024;

    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        if (rl.rlim_cur < rl.rlim_max) {
            struct rlimit raised = {rl.rlim_max, rl.rlim_max};
            if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
                rl.rlim_cur = rl.rlim_max;
        }
        fds = rl.rlim_cur == RLIM_INFINITY ? 1000000 : rl.rlim_cur;
    }
    rlim_t room = fds > 2 * FD_RESERVE ? fds - FD_RESERVE : fds / 2;
    if (cfg->max_connections > 0 && (rlim_t)cfg->max_connections < room)
        room = (rlim_t)cfg->max_connections;
    return room > 1000000 ? 1000000u : (unsigned)room;
}

static void server_free(struct server *s)
{
    if (s->reaper_running) {
        pthread_mutex_lock(&s->lock);
        s->stopping = 1;
        pthread_cond_signal(&s->wake);
        pthread_mutex_unlock(&s->lock);
        pthread_join(s->reaper, NULL);
    }
    for (int i = 0; i < PEER_BUCKETS; i++)
        while (s->peers[i]) {
            struct peer *next = s->peers[i]->next;
            free(s->peers[i]);
            s->peers[i] = next;
        }
    stream_hub_free(s->hub);
    pthread_cond_destroy(&s->wake);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

int server_start(struct app *app, const char *listen, struct server **out, struct err *err)
{
    struct sockaddr_in sa;
    struct server *s;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads =
        app->cfg.threads > 0 ? (unsigned)app->cfg.threads : (unsigned)(cores > 0 ? cores : 2);
    unsigned limit;
    int rc = parse_listen(listen, &sa, err);

    *out = NULL;
    if (rc < 0)
        return rc;
    s = xcalloc(1, sizeof *s);
    s->app = app;
    pthread_mutex_init(&s->lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&s->wake, &attr);
    pthread_condattr_destroy(&attr);
    rc = proxy_list_parse(app->cfg.trusted_proxies, &s->proxies, err);
    if (rc < 0) {
        server_free(s);
        return rc;
    }
    s->per_address = app->cfg.connections_per_address;
    s->header_ms = (int64_t)app->cfg.request_header_timeout * 1000;
    s->body_max = (size_t)app->cfg.body_memory_limit;
    limit = connection_limit(&app->cfg);
    /* Ids count up from the time in microseconds, so a restarted server's ids are above the
     * ones its clients hold: those get a reset, never someone else's messages. */
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    s->hub = stream_hub_new((int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000,
                            app->cfg.stream_keepalive_ms);
    if (pthread_create(&s->reaper, NULL, reaper_main, s) != 0) {
        server_free(s);
        return err_set(err, UPT_EIO, "cannot start the connection reaper");
    }
    s->reaper_running = 1;
    s->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
            MHD_ALLOW_SUSPEND_RESUME,
        0, on_accept, s, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_NOTIFY_CONNECTION, on_connection,
        s, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, MHD_OPTION_CONNECTION_LIMIT, limit,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY, MHD_OPTION_LISTENING_ADDRESS_REUSE,
        (unsigned)1, MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_END);
    if (!s->daemon) {
        server_free(s);
        return err_set(err, UPT_EIO, "cannot listen on %s (is the port in use?)", listen);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : ntohs(sa.sin_port);
    store_set_live_sink(app->store, on_live, s->hub);
    log_info("msg=\"connection limits\" overall=%u per_address=%d request_header_timeout_s=%d",
             limit, s->per_address, app->cfg.request_header_timeout);
    *out = s;
    return 0;
}

int server_port(const struct server *s)
{
    return s->port;
}

void server_stop(struct server *s)
{
    if (!s)
        return;
    store_set_live_sink(s->app->store, NULL, NULL);
    stream_hub_close(s->hub); /* streams end, so the daemon stops without waiting on them */
    MHD_stop_daemon(s->daemon);
    server_free(s);
}
