/* SPDX-License-Identifier: MIT */
/* Tests of src/http/throttle.c: the per-minute failure limit, expiry, clearing, independence
 * of keys, long keys, a flood of distinct keys that never resets a live count, and the bound on
 * memory (a full table refuses new keys rather than forget live ones). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "http/throttle.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define T0 1767225600000LL /* 2026-01-01T00:00:00Z */

static void fail_n(struct throttle *t, const char *key, int n, int64_t at, int64_t step)
{
    for (int i = 0; i < n; i++)
        throttle_fail(t, key, at + i * step);
}

/* The limit-th failure within a minute blocks; fewer do not. */
static void test_limit(void **state)
{
    static const int limits[] = {1, 3, 10, 32};

    (void)state;
    for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
        int limit = limits[i];
        struct throttle *t = throttle_new(limit);
        assert_int_equal(throttle_blocked(t, "acct:ann@example.com", T0), 0);
        fail_n(t, "acct:ann@example.com", limit - 1, T0, 1000);
        if (throttle_blocked(t, "acct:ann@example.com", T0 + 59000))
            fail_msg("limit %d: blocked after %d failures", limit, limit - 1);
        throttle_fail(t, "acct:ann@example.com", T0 + 59000);
        if (!throttle_blocked(t, "acct:ann@example.com", T0 + 59000))
            fail_msg("limit %d: not blocked after %d failures", limit, limit);
        throttle_free(t);
    }
}

/* Failures older than a minute stop counting, one by one. */
static void test_expiry(void **state)
{
    struct throttle *t = throttle_new(10);

    (void)state;
    fail_n(t, "ip:192.0.2.1", 10, T0, 1000); /* at T0, T0+1s, ... T0+9s */
    assert_int_equal(throttle_blocked(t, "ip:192.0.2.1", T0 + 9000), 1);
    assert_int_equal(throttle_blocked(t, "ip:192.0.2.1", T0 + 59999), 1);
    /* at T0+60s the first failure is a minute old */
    assert_int_equal(throttle_blocked(t, "ip:192.0.2.1", T0 + 60000), 0);
    /* one more failure blocks again: 9 recent + 1 */
    throttle_fail(t, "ip:192.0.2.1", T0 + 60000);
    assert_int_equal(throttle_blocked(t, "ip:192.0.2.1", T0 + 60000), 1);
    assert_int_equal(throttle_blocked(t, "ip:192.0.2.1", T0 + 61000), 0);
    /* long after, nothing counts */
    assert_int_equal(throttle_blocked(t, "ip:192.0.2.1", T0 + 3600000), 0);
    throttle_free(t);
}

/* Failures spread wider than a minute never block. */
static void test_slow_failures(void **state)
{
    struct throttle *t = throttle_new(10);

    (void)state;
    for (int i = 0; i < 200; i++) {
        throttle_fail(t, "acct:slow", T0 + i * 7000LL);
        assert_int_equal(throttle_blocked(t, "acct:slow", T0 + i * 7000LL), 0);
    }
    throttle_free(t);
}

/* Any clock value works, including 0 and negative times. */
static void test_any_clock(void **state)
{
    static const int64_t starts[] = {0, -120000, 1, INT64_C(1) << 50};

    (void)state;
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
        struct throttle *t = throttle_new(3);
        fail_n(t, "k", 3, starts[i], 0);
        if (!throttle_blocked(t, "k", starts[i]))
            fail_msg("three failures at %lld do not block", (long long)starts[i]);
        throttle_free(t);
    }
}

static void test_clear(void **state)
{
    struct throttle *t = throttle_new(10);

    (void)state;
    fail_n(t, "acct:ann", 10, T0, 10);
    fail_n(t, "acct:bob", 10, T0, 10);
    assert_int_equal(throttle_blocked(t, "acct:ann", T0 + 100), 1);
    throttle_clear(t, "acct:ann");
    assert_int_equal(throttle_blocked(t, "acct:ann", T0 + 100), 0);
    /* the count starts again from zero */
    fail_n(t, "acct:ann", 9, T0 + 100, 1);
    assert_int_equal(throttle_blocked(t, "acct:ann", T0 + 200), 0);
    /* clearing one key leaves others alone; clearing an unknown key is harmless */
    assert_int_equal(throttle_blocked(t, "acct:bob", T0 + 100), 1);
    throttle_clear(t, "acct:nobody");
    throttle_clear(t, "");
    assert_int_equal(throttle_blocked(t, "acct:bob", T0 + 100), 1);
    throttle_free(t);
    throttle_free(NULL);
}

static void test_independent_keys(void **state)
{
    struct throttle *t = throttle_new(10);

    (void)state;
    fail_n(t, "acct:ann@example.com", 10, T0, 1);
    assert_int_equal(throttle_blocked(t, "acct:ann@example.com", T0 + 10), 1);
    assert_int_equal(throttle_blocked(t, "acct:ann@example.co", T0 + 10), 0);
    assert_int_equal(throttle_blocked(t, "acct:ann@example.com.", T0 + 10), 0);
    assert_int_equal(throttle_blocked(t, "acct:", T0 + 10), 0);
    assert_int_equal(throttle_blocked(t, "", T0 + 10), 0);
    throttle_free(t);
}

/* Keys longer than the slot's copy (account names can be 254 bytes) are throttled, and two long
 * keys that share a long prefix are told apart. */
static void test_long_keys(void **state)
{
    struct throttle *t = throttle_new(10);
    char a[300], b[300];

    (void)state;
    memcpy(a, "acct:", 5);
    memset(a + 5, 'a', 240);
    memcpy(a + 245, "@example.com", 13);
    memcpy(b, a, sizeof a);
    b[240] = 'b';
    fail_n(t, a, 10, T0, 1);
    assert_int_equal(throttle_blocked(t, a, T0 + 10), 1);
    assert_int_equal(throttle_blocked(t, b, T0 + 10), 0);
    fail_n(t, b, 9, T0, 1);
    assert_int_equal(throttle_blocked(t, b, T0 + 10), 0);
    throttle_clear(t, a);
    assert_int_equal(throttle_blocked(t, a, T0 + 10), 0);
    throttle_free(t);
}

/* A flood of distinct keys, each failing once at 1,000 a second (60,000 live at a time, within
 * the table), never blocks a key that did not fail, and keys keep counting correctly
 * afterwards; expired keys make room, so memory stays bounded. */
static void test_flood(void **state)
{
    struct throttle *t = throttle_new(10);
    char key[64];

    (void)state;
    for (int i = 0; i < 200000; i++) {
        snprintf(key, sizeof key, "ip:10.%d.%d.%d", (i >> 16) & 255, (i >> 8) & 255, i & 255);
        throttle_fail(t, key, T0 + i);
    }
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "acct:user%d@example.com", i);
        assert_int_equal(throttle_blocked(t, key, T0 + 200000), 0);
    }
    for (int i = 0; i < 200000; i += 997) {
        snprintf(key, sizeof key, "ip:10.%d.%d.%d", (i >> 16) & 255, (i >> 8) & 255, i & 255);
        assert_int_equal(throttle_blocked(t, key, T0 + 200000), 0);
    }
    assert_true(throttle_keys(t) <= THROTTLE_KEYS);
    fail_n(t, "acct:target", 10, T0 + 200000, 1);
    assert_int_equal(throttle_blocked(t, "acct:target", T0 + 200010), 1);
    throttle_free(t);
}

/* The old table reused the least recently failed slot of a probe window, so failures on other
 * keys reset a victim's count. Whatever other keys fail, and however many, a key's count within
 * the minute is exact. */
static void test_flood_never_resets(void **state)
{
    struct throttle *t = throttle_new_sized(10, 1000);
    char key[64];

    (void)state;
    fail_n(t, "acct:victim@example.com", 9, T0, 1);
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "acct:other%d@example.com", i);
        throttle_fail(t, key, T0 + 10 + i / 100);
    }
    assert_int_equal(throttle_blocked(t, "acct:victim@example.com", T0 + 100), 0);
    throttle_fail(t, "acct:victim@example.com", T0 + 100);
    assert_int_equal(throttle_blocked(t, "acct:victim@example.com", T0 + 100), 1);
    assert_true(throttle_keys(t) <= 1000);
    throttle_free(t);
}

/* A table full of keys that failed within the minute refuses keys it does not hold (so an
 * unrecorded key cannot guess freely) and keeps counting the keys it holds; once those failures
 * are a minute old there is room again. */
static void test_full_table(void **state)
{
    struct throttle *t = throttle_new_sized(3, 100);
    char key[64];

    (void)state;
    for (int i = 0; i < 100; i++) {
        snprintf(key, sizeof key, "ip:10.0.0.%d", i);
        throttle_fail(t, key, T0 + i);
    }
    assert_int_equal(throttle_keys(t), 100);
    assert_int_equal(throttle_blocked(t, "acct:new@example.com", T0 + 200), 1);
    throttle_fail(t, "acct:new@example.com", T0 + 200);
    assert_int_equal(throttle_keys(t), 100);
    /* held keys still count exactly */
    assert_int_equal(throttle_blocked(t, "ip:10.0.0.5", T0 + 200), 0);
    fail_n(t, "ip:10.0.0.5", 2, T0 + 200, 1);
    assert_int_equal(throttle_blocked(t, "ip:10.0.0.5", T0 + 210), 1);
    /* a minute after the first failures, they expire and make room */
    assert_int_equal(throttle_blocked(t, "acct:new@example.com", T0 + 60000), 0);
    throttle_fail(t, "acct:new@example.com", T0 + 60000);
    assert_int_equal(throttle_blocked(t, "acct:new@example.com", T0 + 60000), 0);
    assert_true(throttle_keys(t) <= 100);
    throttle_free(t);
}

/* Expired keys are dropped, so memory follows the keys of the last minute only. */
static void test_expired_keys_dropped(void **state)
{
    struct throttle *t = throttle_new_sized(10, 50);
    char key[64];

    (void)state;
    for (int round = 0; round < 20; round++) {
        for (int i = 0; i < 50; i++) {
            snprintf(key, sizeof key, "acct:r%d-%d@example.com", round, i);
            assert_int_equal(throttle_blocked(t, key, T0 + round * 60000LL), 0);
            throttle_fail(t, key, T0 + round * 60000LL);
        }
        assert_true(throttle_keys(t) <= 50);
    }
    throttle_free(t);
}

struct worker {
    struct throttle *t;
    int id;
};

static void *hammer(void *arg)
{
    struct worker *w = arg;
    char key[32];

    for (int i = 0; i < 20000; i++) {
        snprintf(key, sizeof key, "k%d", (i * 7 + w->id) % 500);
        throttle_fail(w->t, key, T0 + i);
        (void)throttle_blocked(w->t, key, T0 + i);
        if (i % 100 == 0)
            throttle_clear(w->t, key);
    }
    return NULL;
}

/* Threads share one throttle (the server's workers do); the lock keeps it consistent. */
static void test_threads(void **state)
{
    struct throttle *t = throttle_new(5);
    pthread_t th[4];
    struct worker w[4];

    (void)state;
    for (int i = 0; i < 4; i++) {
        w[i] = (struct worker){t, i};
        assert_int_equal(pthread_create(&th[i], NULL, hammer, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    fail_n(t, "after", 5, T0, 1);
    assert_int_equal(throttle_blocked(t, "after", T0 + 5), 1);
    throttle_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_limit),         cmocka_unit_test(test_expiry),
        cmocka_unit_test(test_slow_failures), cmocka_unit_test(test_any_clock),
        cmocka_unit_test(test_clear),         cmocka_unit_test(test_independent_keys),
        cmocka_unit_test(test_long_keys),     cmocka_unit_test(test_flood),
        cmocka_unit_test(test_threads),       cmocka_unit_test(test_flood_never_resets),
        cmocka_unit_test(test_full_table),    cmocka_unit_test(test_expired_keys_dropped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
