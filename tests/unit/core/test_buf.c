/* SPDX-License-Identifier: MIT */
/* Tests of src/core/buf.c: growth, termination, the size limit and its sticky error,
 * formatted appends of any length, detach and release. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/buf.h"

#include <stdlib.h>
#include <string.h>

static void test_init_empty(void **state)
{
    struct buf a = BUF_INIT, b;

    (void)state;
    buf_init(&b, 10);
    /* an empty builder is a valid empty string, without any allocation */
    assert_non_null(a.s);
    assert_string_equal(a.s, "");
    assert_int_equal(a.len, 0);
    assert_int_equal(a.cap, 0);
    assert_string_equal(b.s, "");
    assert_int_equal(b.limit, 10);
    assert_int_equal(b.overflow, 0);
    /* appending nothing, even from NULL, changes nothing */
    buf_add(&a, NULL, 0);
    buf_adds(&a, "");
    assert_string_equal(a.s, "");
    assert_int_equal(a.len, 0);
    buf_release(&a);
    buf_release(&b);
    /* the shared empty string was never written to */
    assert_int_equal(buf_empty[0], '\0');
}

static void test_growth(void **state)
{
    struct buf b = BUF_INIT;
    char want[10001];

    (void)state;
    for (int i = 0; i < 10000; i++) {
        want[i] = (char)('a' + i % 26);
        buf_addc(&b, want[i]);
        /* terminated after every append, with room for the terminator */
        assert_int_equal(b.len, (size_t)i + 1);
        assert_int_equal(b.s[b.len], '\0');
        assert_true(b.cap > b.len);
    }
    want[10000] = '\0';
    assert_string_equal(b.s, want);
    buf_add(&b, "xyz", 2);
    assert_int_equal(b.len, 10002);
    assert_memory_equal(b.s + 10000, "xy", 3);
    buf_release(&b);
    assert_string_equal(b.s, "");
    assert_int_equal(b.len, 0);
}

/* Binary data with NUL bytes is kept whole; len, not strlen, is its length. */
static void test_binary(void **state)
{
    struct buf b = BUF_INIT;

    (void)state;
    buf_add(&b, "a\0b", 3);
    buf_add(&b, "\0", 1);
    assert_int_equal(b.len, 4);
    assert_memory_equal(b.s, "a\0b\0", 5);
    buf_release(&b);
}

struct limit_case {
    size_t limit;
    const char *parts[4];
    const char *want;
    int overflow;
};

static const struct limit_case limit_cases[] = {
    {5, {"abc", "de", NULL}, "abcde", 0},     /* exactly the limit fits */
    {5, {"abc", "def", NULL}, "abc", 1},      /* a refused append adds nothing at all */
    {5, {"abc", "def", "d", NULL}, "abc", 1}, /* the error is sticky: later fits refused */
    {5, {"abcdef", NULL}, "", 1},
    {1, {"a", NULL}, "a", 0},
    {1, {"", "ab", "", NULL}, "", 1},
    {0, {"abc", "def", "ghi", NULL}, "abcdefghi", 0}, /* 0: no limit */
};

static void test_limit(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof limit_cases / sizeof limit_cases[0]; i++) {
        const struct limit_case *c = &limit_cases[i];
        struct buf b;

        buf_init(&b, c->limit);
        for (int j = 0; c->parts[j]; j++)
            buf_adds(&b, c->parts[j]);
        if (strcmp(b.s, c->want) != 0 || b.overflow != c->overflow || b.len != strlen(c->want))
            fail_msg("case %zu: got '%s' overflow %d, want '%s' overflow %d", i, b.s, b.overflow,
                     c->want, c->overflow);
        buf_release(&b);
    }
}

/* buf_addf and buf_addc honour the limit the same way, and reset clears the error. */
static void test_limit_addf_reset(void **state)
{
    struct buf b;
    char big[600];

    (void)state;
    buf_init(&b, 300);
    buf_addf(&b, "%s-%d", "n", 42);
    assert_string_equal(b.s, "n-42");
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    buf_addf(&b, "%s", big); /* longer than the small stack buffer and than the limit */
    assert_int_equal(b.overflow, 1);
    assert_string_equal(b.s, "n-42");
    buf_addc(&b, '!');
    buf_addf(&b, "%d", 1);
    assert_string_equal(b.s, "n-42");
    buf_reset(&b);
    assert_int_equal(b.overflow, 0);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.s, "");
    buf_addf(&b, "%.*s", 296, big); /* after a reset the whole limit is available again */
    assert_int_equal(b.overflow, 0);
    assert_int_equal(b.len, 296);
    buf_addf(&b, "%s", "abcd");
    assert_int_equal(b.len, 300);
    assert_int_equal(b.overflow, 0);
    buf_addc(&b, 'z');
    assert_int_equal(b.overflow, 1);
    assert_int_equal(b.len, 300);
    assert_int_equal(b.s[300], '\0');
    buf_release(&b);
}

/* Formatted output of every length around the 256-byte stack buffer, and far beyond. */
static void test_addf_long(void **state)
{
    static const size_t lens[] = {0, 1, 254, 255, 256, 257, 511, 512, 4095, 4096, 100000};
    char *src = malloc(100001);

    (void)state;
    memset(src, 'q', 100000);
    src[100000] = '\0';
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        struct buf b = BUF_INIT;
        buf_adds(&b, "<");
        buf_addf(&b, "%.*s|%05d", (int)lens[i], src, 7);
        buf_addf(&b, ">");
        assert_int_equal(b.len, lens[i] + 8);
        assert_int_equal(b.s[0], '<');
        assert_memory_equal(b.s + 1, src, lens[i]);
        assert_string_equal(b.s + 1 + lens[i], "|00007>");
        buf_release(&b);
    }
    free(src);
}

static void test_detach(void **state)
{
    struct buf b;
    size_t len = 99;
    char *s;

    (void)state;
    buf_init(&b, 1000);
    buf_adds(&b, "hello");
    s = buf_detach(&b, &len);
    assert_string_equal(s, "hello");
    assert_int_equal(len, 5);
    /* the builder is left empty, keeps its limit, and can be used again */
    assert_string_equal(b.s, "");
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
    assert_int_equal(b.limit, 1000);
    buf_adds(&b, "again");
    assert_string_equal(b.s, "again");
    assert_ptr_not_equal(b.s, s);
    free(s);
    buf_release(&b);

    /* detaching an empty builder still returns memory the caller can free */
    s = buf_detach(&b, &len);
    assert_non_null(s);
    assert_ptr_not_equal(s, buf_empty);
    assert_string_equal(s, "");
    assert_int_equal(len, 0);
    free(s);
    s = buf_detach(&b, NULL);
    assert_string_equal(s, "");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_empty),       cmocka_unit_test(test_growth),
        cmocka_unit_test(test_binary),           cmocka_unit_test(test_limit),
        cmocka_unit_test(test_limit_addf_reset), cmocka_unit_test(test_addf_long),
        cmocka_unit_test(test_detach),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
