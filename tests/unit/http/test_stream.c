/* SPDX-License-Identifier: MIT */
/* Tests of src/http/stream.c: message framing, reads in pieces, the idle/wake handshake, the
 * bounds that drop a subscriber, resumes from the ring and resets, Last-Event-ID parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "http/stream.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

struct woke {
    int wakes, drops;
};

static void on_wake(void *ctx, int dropped, int idle)
{
    struct woke *w = ctx;

    if (dropped)
        w->drops++;
    else if (idle)
        w->wakes++;
}

/* Everything sub has now, as text (at most size - 1 bytes), read in pieces of step bytes. */
static long drain(struct stream_sub *sub, char *out, size_t size, size_t step)
{
    size_t n = 0;
    int idle = 0;
    long k;

    while (n + step < size && (k = stream_read(sub, out + n, step, &idle)) > 0)
        n += (size_t)k;
    out[n] = '\0';
    return k < 0 ? -1 : (long)n;
}

static void test_framing_and_pieces(void **state)
{
    struct stream_hub *h = stream_hub_new(100, 0);
    struct woke w = {0};
    enum stream_resume how;
    struct stream_sub *s = stream_subscribe(h, 0, 0, 0, on_wake, &w, &how);
    char buf[4096];
    int idle = 0;
    (void)state;

    assert_int_equal(how, STREAM_LIVE);
    assert_int_equal(drain(s, buf, sizeof buf, 5), 13);
    assert_string_equal(buf, "retry: 2000\n\n");
    /* Nothing more: idle, and the next publish wakes it once. */
    assert_int_equal(stream_read(s, buf, sizeof buf, &idle), 0);
    assert_int_equal(idle, 1);
    assert_int_equal(stream_publish(h, "deal.won", "{\"a\":\n1}"), 100);
    assert_int_equal(stream_publish(h, "ticker", "{}"), 101);
    assert_int_equal(w.wakes, 1);
    drain(s, buf, sizeof buf, 3);
    assert_string_equal(buf, "id: 100\nevent: deal.won\ndata: {\"a\": 1}\n\n"
                             "id: 101\nevent: ticker\ndata: {}\n\n");
    stream_unsubscribe(s);
    stream_hub_free(h);
}

static void test_resume_and_reset(void **state)
{
    struct stream_hub *h = stream_hub_new(1000, 0);
    struct woke w = {0};
    enum stream_resume how;
    struct stream_sub *s;
    char buf[8192];
    (void)state;

    for (int i = 0; i < 5; i++)
        stream_publish(h, "ticker", "{}");
    /* After 1001: 1002..1004. */
    s = stream_subscribe(h, 1, 1, 1001, on_wake, &w, &how);
    assert_int_equal(how, STREAM_RESUMED);
    drain(s, buf, sizeof buf, 64);
    assert_non_null(strstr(buf, "id: 1002\n"));
    assert_non_null(strstr(buf, "id: 1004\n"));
    assert_null(strstr(buf, "id: 1001\n"));
    stream_unsubscribe(s);
    /* The latest: nothing to catch up. */
    s = stream_subscribe(h, 1, 1, 1004, on_wake, &w, &how);
    assert_int_equal(how, STREAM_RESUMED);
    drain(s, buf, sizeof buf, 64);
    assert_string_equal(buf, "retry: 2000\n\n");
    stream_unsubscribe(s);
    /* Before the first, after the last, not a number: a reset named by the latest id. */
    static const struct {
        int known;
        int64_t id;
    } bad[] = {{1, 5}, {1, 1005}, {1, INT64_MAX}, {0, 0}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        s = stream_subscribe(h, 1, bad[i].known, bad[i].id, on_wake, &w, &how);
        assert_int_equal(how, STREAM_RESET);
        drain(s, buf, sizeof buf, 64);
        assert_string_equal(buf, "retry: 2000\n\nid: 1004\nevent: reset\ndata: {}\n\n");
        stream_unsubscribe(s);
    }
    /* Older than the ring. */
    for (int i = 0; i < STREAM_RING; i++)
        stream_publish(h, "ticker", "{}");
    s = stream_subscribe(h, 1, 1, 1003, on_wake, &w, &how);
    assert_int_equal(how, STREAM_RESET);
    stream_unsubscribe(s);
    s = stream_subscribe(h, 1, 1, 1004, on_wake, &w, &how);
    assert_int_equal(how, STREAM_RESUMED);
    stream_unsubscribe(s);
    stream_hub_free(h);
}

static void test_bounds_drop(void **state)
{
    struct stream_hub *h = stream_hub_new(1, 0);
    struct woke slow = {0}, fast = {0}, big = {0};
    enum stream_resume how;
    struct stream_sub *s = stream_subscribe(h, 0, 0, 0, on_wake, &slow, &how);
    struct stream_sub *f = stream_subscribe(h, 0, 0, 0, on_wake, &fast, &how);
    char buf[8192], data[600];
    int idle;
    (void)state;

    /* By count: the one that reads keeps up, the other is dropped just past the bound. */
    for (int i = 0; i < STREAM_QUEUE_MSGS; i++) {
        stream_publish(h, "ticker", "{}");
        drain(f, buf, sizeof buf, sizeof buf - 1);
    }
    assert_int_equal(slow.drops, 0);
    stream_publish(h, "ticker", "{}");
    assert_int_equal(slow.drops, 1);
    assert_int_equal(stream_read(s, buf, sizeof buf, &idle), -1);
    assert_int_equal(fast.drops, 0);
    assert_true(stream_read(f, buf, sizeof buf, &idle) > 0);
    /* Dropped once only. */
    stream_publish(h, "ticker", "{}");
    assert_int_equal(slow.drops, 1);
    stream_unsubscribe(s);

    /* By bytes: well under the count, past STREAM_QUEUE_BYTES. */
    memset(data, 'x', sizeof data - 1);
    data[sizeof data - 1] = '\0';
    s = stream_subscribe(h, 0, 0, 0, on_wake, &big, &how);
    for (int i = 0; i < STREAM_QUEUE_BYTES / 600 + 2; i++) {
        stream_publish(h, "ticker", data);
        drain(f, buf, sizeof buf, sizeof buf - 1);
    }
    assert_int_equal(big.drops, 1);
    stream_unsubscribe(s);

    size_t subs;
    uint64_t dropped;
    stream_hub_counts(h, &subs, &dropped);
    assert_int_equal(subs, 1);
    assert_int_equal(dropped, 2);
    stream_unsubscribe(f);
    stream_hub_free(h);
}

/* A resume may bring back more than the queue bound (the ring holds more): only what is
 * published after it counts against the bound. */
static void test_resume_backlog(void **state)
{
    struct stream_hub *h = stream_hub_new(1, 0);
    struct woke w = {0};
    enum stream_resume how;
    struct stream_sub *s;
    char buf[1 << 16];
    long n;
    (void)state;

    for (int i = 0; i < 600; i++)
        stream_publish(h, "ticker", "{}");
    s = stream_subscribe(h, 1, 1, 1, on_wake, &w, &how);
    assert_int_equal(how, STREAM_RESUMED);
    stream_publish(h, "ticker", "{}");
    assert_int_equal(w.drops, 0);
    n = drain(s, buf, sizeof buf, 2048);
    assert_true(n > 0);
    assert_non_null(strstr(buf, "id: 601\n"));
    stream_unsubscribe(s);
    stream_hub_free(h);
}

static void test_keepalive(void **state)
{
    struct stream_hub *h = stream_hub_new(1, 50);
    struct woke w = {0};
    enum stream_resume how;
    struct stream_sub *s = stream_subscribe(h, 0, 0, 0, on_wake, &w, &how);
    char buf[256];
    int idle = 0;
    (void)state;

    drain(s, buf, sizeof buf, 64);
    assert_int_equal(stream_read(s, buf, sizeof buf, &idle), 0);
    for (int i = 0; i < 100 && w.wakes == 0; i++) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    assert_true(w.wakes >= 1);
    drain(s, buf, sizeof buf, 64);
    assert_string_equal(buf, ": keep-alive\n\n");
    stream_unsubscribe(s);
    stream_hub_free(h);
}

static void test_parse_id(void **state)
{
    static const char *const bad[] = {"",
                                      "-1",
                                      "+1",
                                      " 1",
                                      "1 ",
                                      "1e3",
                                      "0x1",
                                      "abc",
                                      "9223372036854775808",
                                      "99999999999999999999",
                                      "1.5"};
    int64_t id;
    (void)state;

    assert_int_equal(stream_parse_id("0", &id), 1);
    assert_int_equal(id, 0);
    assert_int_equal(stream_parse_id("9223372036854775807", &id), 1);
    assert_int_equal(id, INT64_MAX);
    assert_int_equal(stream_parse_id(NULL, &id), 0);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(stream_parse_id(bad[i], &id), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_framing_and_pieces), cmocka_unit_test(test_resume_and_reset),
        cmocka_unit_test(test_bounds_drop),        cmocka_unit_test(test_resume_backlog),
        cmocka_unit_test(test_keepalive),          cmocka_unit_test(test_parse_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
