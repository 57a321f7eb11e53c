/* SPDX-License-Identifier: MIT */
/* Event-stream clients for bench/stream.sh: holds N connections in one epoll loop and times
 * how long a message takes to reach the last of them.
 *   stream_clients sse PORT COOKIE N ROUNDS STAGE   N streams of GET /api/v1/stream; each round
 *       creates a deal straight into stage STAGE (won) over one more connection and times from
 *       sending that request to the "deal.won" event at the last of the N clients.
 *   stream_clients raw N ROUNDS BYTES   the baseline: the same fan-out of BYTES bytes over N
 *       plain loopback sockets, written one after another by this program.
 *   stream_clients hold PORT COOKIE N   holds N streams open (reading) until stdin closes.
 * Prints "ready" when the clients are connected, then one line per round: microseconds to
 * the last client and, for sse, until the API answered. Loopback only. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define NEEDLE "event: deal.won"

struct client {
    int fd;
    long seen;     /* needles seen */
    char tail[32]; /* the end of the last read, so a needle split between reads counts */
    size_t tail_len;
};

static int num(const char *s)
{
    return (int)strtol(s, NULL, 10);
}

static int64_t now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int connect_to(int port)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
        perror("connect");
        exit(1);
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

static void write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            perror("write");
            exit(1);
        }
        p += k;
        n -= (size_t)k;
    }
}

/* Counts needles in what c just read (with the tail of its previous read before it). */
static void scan(struct client *c, const char *buf, size_t n)
{
    static char joined[65536 + 64];
    size_t len = c->tail_len;

    memcpy(joined, c->tail, len);
    memcpy(joined + len, buf, n);
    len += n;
    joined[len] = '\0';
    for (const char *p = joined;
         (p = memmem(p, len - (size_t)(p - joined), NEEDLE, sizeof NEEDLE - 1)) != NULL;
         p += sizeof NEEDLE - 1)
        c->seen++;
    c->tail_len = len < sizeof NEEDLE - 2 ? len : sizeof NEEDLE - 2;
    memcpy(c->tail, joined + len - c->tail_len, c->tail_len);
}

/* Reads whatever is ready; returns how many clients reached `want` needles in this pass. */
static int pump(int ep, struct client *cs, long want, int timeout_ms)
{
    struct epoll_event evs[256];
    char buf[65536];
    int reached = 0;
    int n = epoll_wait(ep, evs, 256, timeout_ms);

    for (int i = 0; i < n; i++) {
        struct client *c = &cs[evs[i].data.u32];
        ssize_t k;
        while ((k = read(c->fd, buf, sizeof buf)) > 0) {
            long before = c->seen;
            scan(c, buf, (size_t)k);
            if (before < want && c->seen >= want)
                reached++;
        }
        if (k == 0) {
            fprintf(stderr, "a stream was closed by the server\n");
            exit(1);
        }
    }
    return reached;
}

static int add(int ep, struct client *cs, int i, int fd)
{
    struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u32 = (uint32_t)i};

    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    cs[i].fd = fd;
    return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

/* Opens n streams and waits until each has its answer's first bytes. */
static struct client *open_streams(int ep, int port, const char *cookie, int n)
{
    struct client *cs = calloc((size_t)n, sizeof *cs);
    char req[2048];
    int len = snprintf(req, sizeof req,
                       "GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\n"
                       "Accept: text/event-stream\r\n\r\n",
                       cookie);

    for (int i = 0; i < n; i++) {
        int fd = connect_to(port);
        write_all(fd, req, (size_t)len);
        /* The answer's head and "retry:" before the next, so all are subscribed. */
        struct pollfd p = {.fd = fd, .events = POLLIN};
        char buf[4096];
        if (poll(&p, 1, 10000) != 1 || read(fd, buf, sizeof buf) <= 0 ||
            strncmp(buf, "HTTP/1.1 200", 12) != 0) {
            fprintf(stderr, "stream %d did not open\n", i);
            exit(1);
        }
        add(ep, cs, i, fd);
    }
    return cs;
}

/* Sends one request creating a won deal; returns when the answer is read. */
static void create_won(int api, const char *cookie, const char *csrf, int stage, int round)
{
    char body[256], req[2048], buf[8192];
    int blen = snprintf(body, sizeof body,
                        "{\"name\":\"Bench win %d\",\"stage_id\":%d,\"amount_minor\":123400,"
                        "\"currency\":\"EUR\"}",
                        round, stage);
    int len = snprintf(req, sizeof req,
                       "POST /api/v1/deals HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\n"
                       "X-CSRF-Token: %s\r\nContent-Type: application/json\r\n"
                       "Content-Length: %d\r\n\r\n%s",
                       cookie, csrf, blen, body);
    size_t got = 0;

    write_all(api, req, (size_t)len);
    /* The answer: headers and a Content-Length body. */
    for (;;) {
        ssize_t k = read(api, buf + got, sizeof buf - 1 - got);
        if (k <= 0) {
            fprintf(stderr, "api connection closed\n");
            exit(1);
        }
        got += (size_t)k;
        buf[got] = '\0';
        char *end = strstr(buf, "\r\n\r\n");
        char *cl = strcasestr(buf, "Content-Length:");
        if (end && cl && got >= (size_t)(end + 4 - buf) + strtoul(cl + 15, NULL, 10))
            break;
    }
    if (strncmp(buf, "HTTP/1.1 201", 12) != 0) {
        fprintf(stderr, "create failed: %.200s\n", buf);
        exit(1);
    }
}

static int run_sse(int argc, char **argv)
{
    int port = num(argv[2]), n = num(argv[4]), rounds = num(argv[5]), stage = num(argv[6]);
    const char *cookie = argv[3], *csrf = getenv("BENCH_CSRF");
    int ep = epoll_create1(0);
    struct client *cs = open_streams(ep, port, cookie, n);
    int api = connect_to(port);

    (void)argc;
    printf("ready\n");
    fflush(stdout);
    for (int r = 1; r <= rounds; r++) {
        int done = 0;
        int64_t t0 = now_us(), answered, last = 0;
        create_won(api, cookie, csrf ? csrf : "", stage, r);
        answered = now_us();
        for (int i = 0; i < n; i++)
            done += cs[i].seen >= r;
        while (done < n) {
            int k = pump(ep, cs, r, 10000);
            if (k == 0 && now_us() - t0 > 10000000) {
                fprintf(stderr, "round %d: %d of %d clients got the event\n", r, done, n);
                return 1;
            }
            done += k;
            last = now_us();
        }
        if (!last)
            last = answered;
        printf("%lld %lld\n", (long long)(last - t0), (long long)(answered - t0));
    }
    return 0;
}

static int run_raw(int argc, char **argv)
{
    int n = num(argv[2]), rounds = num(argv[3]), bytes = num(argv[4]);
    int ep = epoll_create1(0), lfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    socklen_t sl = sizeof sa;
    struct client *cs = calloc((size_t)n, sizeof *cs);
    int *servers = calloc((size_t)n, sizeof *servers);
    char *payload = malloc((size_t)bytes + 1);

    (void)argc;
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    if (bind(lfd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(lfd, 4096) < 0) {
        perror("listen");
        return 1;
    }
    getsockname(lfd, (struct sockaddr *)&sa, &sl);
    for (int i = 0; i < n; i++) {
        add(ep, cs, i, connect_to(ntohs(sa.sin_port)));
        servers[i] = accept(lfd, NULL, NULL);
    }
    memset(payload, 'x', (size_t)bytes);
    memcpy(payload, NEEDLE, sizeof NEEDLE - 1);
    printf("ready\n");
    fflush(stdout);
    for (int r = 1; r <= rounds; r++) {
        int done = 0;
        int64_t t0 = now_us(), last;
        for (int i = 0; i < n; i++)
            write_all(servers[i], payload, (size_t)bytes);
        while (done < n)
            done += pump(ep, cs, r, 10000);
        last = now_us();
        printf("%lld 0\n", (long long)(last - t0));
    }
    return 0;
}

static int run_hold(int argc, char **argv)
{
    int port = num(argv[2]), n = num(argv[4]);
    int ep = epoll_create1(0);
    struct client *cs = open_streams(ep, port, argv[3], n);
    struct pollfd in = {.fd = 0, .events = POLLIN};

    (void)argc;
    (void)cs;
    printf("ready\n");
    fflush(stdout);
    for (;;) {
        char buf[64];
        pump(ep, cs, 0, 100);
        if (poll(&in, 1, 0) == 1 && read(0, buf, sizeof buf) <= 0)
            return 0;
    }
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 7 && strcmp(argv[1], "sse") == 0)
        return run_sse(argc, argv);
    if (argc == 5 && strcmp(argv[1], "raw") == 0)
        return run_raw(argc, argv);
    if (argc == 5 && strcmp(argv[1], "hold") == 0)
        return run_hold(argc, argv);
    fprintf(stderr, "usage: stream_clients sse PORT COOKIE N ROUNDS STAGE | raw N ROUNDS BYTES"
                    " | hold PORT COOKIE N\n");
    return 2;
}
