/* SPDX-License-Identifier: MIT */
/* libmicrohttpd glue: collects a request (headers, query, body up to the limit) into struct
 * req, runs the router, and sends struct resp. Internal epoll thread pool, one store
 * connection per worker thread. */
#include "http/server.h"

#include "core/log.h"
#include "core/xalloc.h"
#include "http/router.h"
#include "store/store.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct server {
    struct MHD_Daemon *daemon;
    struct app *app;
    int port;
};

/* Per-request state kept between libmicrohttpd's calls. */
struct pending {
    struct req r;
    char *body;
    size_t len, cap;
    int too_big;
};

static enum MHD_Result collect_kv(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    struct req *r = cls;

    if (kind == MHD_GET_ARGUMENT_KIND) {
        if (r->nquery < REQ_MAX_KV) {
            r->query[r->nquery].key = key;
            r->query[r->nquery].value = value;
            r->nquery++;
        }
    } else if (r->nheaders < REQ_MAX_KV) {
        r->headers[r->nheaders].key = key;
        r->headers[r->nheaders].value = value;
        r->nheaders++;
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

static void client_ip(struct MHD_Connection *c, char *out, size_t size)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

    snprintf(out, size, "unknown");
    if (!info || !info->client_addr)
        return;
    if (info->client_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)info->client_addr)->sin_addr, out,
                  (socklen_t)size);
    else if (info->client_addr->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)info->client_addr)->sin6_addr, out,
                  (socklen_t)size);
}

static enum MHD_Result send_resp(struct MHD_Connection *c, struct resp *w)
{
    struct MHD_Response *mr;
    enum MHD_Result ret;

    if (w->body_static)
        mr = MHD_create_response_from_buffer(w->body_len, w->body, MHD_RESPMEM_PERSISTENT);
    else
        mr = MHD_create_response_from_buffer(w->body_len, w->body ? w->body : (char *)"",
                                             w->body ? MHD_RESPMEM_MUST_FREE
                                                     : MHD_RESPMEM_PERSISTENT);
    w->body = NULL; /* owned by libmicrohttpd now */
    if (w->content_type)
        MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, w->content_type);
    for (int i = 0; i < w->nheaders; i++)
        MHD_add_response_header(mr, w->headers[i].key, w->headers[i].value);
    ret = MHD_queue_response(c, (unsigned)w->status, mr);
    MHD_destroy_response(mr);
    return ret;
}

static void finish(struct pending *p, struct MHD_Connection *c, struct resp *w)
{
    int64_t started = p->r.actor.now;
    (void)started;
    log_debug("req=%s method=%s path=\"%s\" status=%d user=%lld", p->r.id, p->r.method, p->r.path,
              w->status, (long long)p->r.user.user_id);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    struct server *s = cls;
    struct pending *p = *con_cls;
    struct resp w = {0};
    enum MHD_Result ret;
    long limit = s->app->cfg.body_limit;

    if (!p) {
        static unsigned long counter;
        p = xcalloc(1, sizeof *p);
        p->r.app = s->app;
        p->r.method = method;
        p->r.path = url;
        snprintf(p->r.id, sizeof p->r.id, "%lx", __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED));
        MHD_get_connection_values(c, MHD_HEADER_KIND, collect_kv, &p->r);
        MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_kv, &p->r);
        client_ip(c, p->r.client_ip, sizeof p->r.client_ip);
        *con_cls = p;
        /* Refuse an announced oversized body before reading it. */
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoll(cl, NULL, 10) > limit)
            p->too_big = 1;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!p->too_big && p->len + *upload_data_size <= (size_t)limit) {
            if (p->len + *upload_data_size + 1 > p->cap) {
                p->cap = (p->len + *upload_data_size + 1) * 2;
                if (p->cap > (size_t)limit + 1)
                    p->cap = (size_t)limit + 1;
                p->body = xrealloc(p->body, p->cap);
            }
            memcpy(p->body + p->len, upload_data, *upload_data_size);
            p->len += *upload_data_size;
            p->body[p->len] = '\0';
        } else {
            p->too_big = 1;
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (p->too_big) {
        struct err err = ERR_INIT;
        err_set(&err, UPT_ETOOBIG, "the request body is larger than %ld bytes", limit);
        resp_error(&w, &err);
    } else {
        p->r.body = p->body;
        p->r.body_len = p->len;
        router_dispatch(&p->r, &w);
    }
    finish(p, c, &w);
    ret = send_resp(c, &w);
    resp_release(&w);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct pending *p = *con_cls;

    if (!p)
        return;
    arena_release(&p->r.arena);
    free(p->body);
    free(p);
    *con_cls = NULL;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    log_warn("msg=\"http\" detail=\"%s\"", line);
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

int server_start(struct app *app, const char *listen, struct server **out, struct err *err)
{
    struct sockaddr_in sa;
    struct server *s;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads =
        app->cfg.threads > 0 ? (unsigned)app->cfg.threads : (unsigned)(cores > 0 ? cores : 2);
    int rc = parse_listen(listen, &sa, err);

    *out = NULL;
    if (rc < 0)
        return rc;
    s = xcalloc(1, sizeof *s);
    s->app = app;
    s->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL,
        on_request, s, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, s, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)1000, MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_END);
    if (!s->daemon) {
        free(s);
        return err_set(err, UPT_EIO, "cannot listen on %s (is the port in use?)", listen);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : ntohs(sa.sin_port);
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
    MHD_stop_daemon(s->daemon);
    free(s);
}
