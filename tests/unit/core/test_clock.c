/* SPDX-License-Identifier: MIT */
/* Tests of src/core/clock.c: ISO 8601 parsing and formatting, calendar rules, time zones.
 * Expected values were computed independently (Python's datetime). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct parse_case {
    const char *in;
    int ok;
    int64_t ms;
};

static const struct parse_case parse_cases[] = {
    /* forms the parser accepts */
    {"1970-01-01", 1, 0},
    {"1970-01-01T00:00Z", 1, 0},
    {"1970-01-01T00:00:00Z", 1, 0},
    {"1970-01-01T00:00:00.000Z", 1, 0},
    {"1970-01-01 00:00:00", 1, 0},
    {"2026-11-24T07:44:34.123Z", 1, 1795506274123LL},
    {"2026-11-24T07:44:34.123", 1, 1795506274123LL},
    {"2026-11-24T07:44:34.1234567Z", 1, 1795506274123LL}, /* extra digits are dropped */
    {"2026-11-24T07:44:34.1Z", 1, 1795506274100LL},
    {"2026-11-24T07:44:34.12Z", 1, 1795506274120LL},
    {"2026-01-01", 1, 1767225600000LL},
    /* leap years: divisible by 4, not by 100 unless by 400 */
    {"2024-02-29", 1, 1709164800000LL},
    {"2000-02-29T12:00:00Z", 1, 951825600000LL},
    {"1600-02-29", 1, -11670998400000LL},
    {"2026-03-01", 1, 1772323200000LL},
    /* before 1970 */
    {"1969-12-31T23:59:59.999Z", 1, -1},
    {"1965-07-04T18:30:15.250Z", 1, -141802184750LL},
    {"1900-03-01", 1, -2203891200000LL},
    {"0001-01-01T00:00:00Z", 1, CLOCK_MIN_MS},
    {"9999-12-31T23:59:59.999Z", 1, CLOCK_MAX_MS},
    /* time zones */
    {"2026-06-15T10:00:00+02:00", 1, 1781510400000LL},
    {"2026-06-15T10:00:00+0200", 1, 1781510400000LL},
    {"2026-06-15T10:00:00-05:30", 1, 1781537400000LL},
    {"2026-06-15T10:00:00-0530", 1, 1781537400000LL},
    {"2026-06-15T10:00+02:00", 1, 1781510400000LL},
    {"2026-06-15T08:00:00+00:00", 1, 1781510400000LL},
    {"2026-06-15T08:00:00-00:00", 1, 1781510400000LL},
    {"2026-01-01T00:00:00+23:59", 1, 1767139260000LL},
    /* a leap second is read as the first second of the next minute */
    {"2016-12-31T23:59:60Z", 1, 1483228800000LL},
    /* invalid calendar dates */
    {"2026-02-29", 0, 0},
    {"2026-02-30", 0, 0},
    {"1900-02-29", 0, 0},
    {"2026-13-01", 0, 0},
    {"2026-00-10", 0, 0},
    {"2026-01-00", 0, 0},
    {"2026-01-32", 0, 0},
    {"2026-04-31", 0, 0},
    {"0000-01-01", 0, 0},
    /* invalid times and zones */
    {"2026-01-01T24:00Z", 0, 0},
    {"2026-01-01T23:60Z", 0, 0},
    {"2026-01-01T23:59:61Z", 0, 0},
    {"2026-01-01T10:00:00+24:00", 0, 0},
    {"2026-01-01T10:00:00+02:60", 0, 0},
    {"2026-01-01T10:00:00+02", 0, 0},
    {"2026-01-01T10:00:00+2:00", 0, 0},
    {"2026-01-01T10:00:00.Z", 0, 0},
    {"2026-01-01T10Z", 0, 0},
    {"2026-01-01T1:00Z", 0, 0},
    {"2026-01-01T", 0, 0},
    {"2026-01-01T10:00:0Z", 0, 0},
    /* garbage, trailing characters, wrong shapes */
    {"", 0, 0},
    {"2026", 0, 0},
    {"2026-01", 0, 0},
    {"2026-1-01", 0, 0},
    {"26-01-01", 0, 0},
    {"2026/01/01", 0, 0},
    {"20260101", 0, 0},
    {"2026-01-01x", 0, 0},
    {"2026-01-01T10:00:00Zx", 0, 0},
    {"2026-01-01T10:00:00Z ", 0, 0},
    {" 2026-01-01", 0, 0},
    {"2026-01-01t10:00:00z", 0, 0},
    {"+2026-01-01", 0, 0},
    {"-001-01-01", 0, 0},
    {"yesterday", 0, 0},
    {"2026-01-01T10:00:00+02:00:00", 0, 0},
    /* offsets that carry the time out of the four-digit years */
    {"0001-01-01T00:30:00+01:00", 0, 0},
    {"9999-12-31T23:30:00-01:00", 0, 0},
};

static void test_parse_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
        const struct parse_case *c = &parse_cases[i];
        int64_t ms = 12345;
        int rc = clock_parse_iso(c->in, &ms);

        if (c->ok && (rc != 0 || ms != c->ms))
            fail_msg("'%s': want 0 and %lld, got %d and %lld", c->in, (long long)c->ms, rc,
                     (long long)ms);
        if (!c->ok && (rc != -1 || ms != 12345))
            fail_msg("'%s': want -1 and *ms untouched, got %d and %lld", c->in, rc, (long long)ms);
    }
}

struct format_case {
    int64_t ms;
    const char *iso;
    const char *day;
};

static const struct format_case format_cases[] = {
    {0, "1970-01-01T00:00:00.000Z", "1970-01-01"},
    {1795506274123LL, "2026-11-24T07:44:34.123Z", "2026-11-24"},
    {-1, "1969-12-31T23:59:59.999Z", "1969-12-31"},
    {-141802184750LL, "1965-07-04T18:30:15.250Z", "1965-07-04"},
    {-CLOCK_DAY_MS, "1969-12-31T00:00:00.000Z", "1969-12-31"},
    {-CLOCK_DAY_MS - 1, "1969-12-30T23:59:59.999Z", "1969-12-30"},
    {1709164800000LL, "2024-02-29T00:00:00.000Z", "2024-02-29"},
    {951825600000LL, "2000-02-29T12:00:00.000Z", "2000-02-29"},
    {-11670998400000LL, "1600-02-29T00:00:00.000Z", "1600-02-29"},
    {CLOCK_MIN_MS, "0001-01-01T00:00:00.000Z", "0001-01-01"},
    {CLOCK_MAX_MS, "9999-12-31T23:59:59.999Z", "9999-12-31"},
};

static void test_format_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof format_cases / sizeof format_cases[0]; i++) {
        const struct format_case *c = &format_cases[i];
        char iso[32], day[16];

        clock_format_iso(c->ms, iso, sizeof iso);
        clock_format_day(c->ms, day, sizeof day);
        if (strcmp(iso, c->iso) != 0 || strcmp(day, c->day) != 0)
            fail_msg("%lld: want %s / %s, got %s / %s", (long long)c->ms, c->iso, c->day, iso, day);
    }
}

/* The documented minimum sizes are enough and the output is always terminated. */
static void test_format_sizes(void **state)
{
    char iso[25], day[11], small[8];

    (void)state;
    clock_format_iso(CLOCK_MAX_MS, iso, sizeof iso);
    assert_string_equal(iso, "9999-12-31T23:59:59.999Z");
    clock_format_day(CLOCK_MAX_MS, day, sizeof day);
    assert_string_equal(day, "9999-12-31");
    memset(small, 'x', sizeof small);
    clock_format_iso(0, small, sizeof small);
    assert_string_equal(small, "1970-01");
}

/* Every millisecond-precision time formats to a string that parses back to the same value,
 * across the whole supported range, each day boundary and the epoch. */
static void test_round_trip(void **state)
{
    static const int64_t fixed[] = {
        0,
        -1,
        1,
        999,
        -999,
        CLOCK_DAY_MS - 1,
        -CLOCK_DAY_MS + 1,
        CLOCK_MIN_MS,
        CLOCK_MAX_MS,
        CLOCK_MIN_MS + 1,
        CLOCK_MAX_MS - 1,
        951782400000LL - 1,
        951868800000LL,
    };
    uint64_t x = 0x9e3779b97f4a7c15ULL;

    (void)state;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0] + 20000; i++) {
        int64_t ms, back = 0;
        char iso[32];

        if (i < sizeof fixed / sizeof fixed[0]) {
            ms = fixed[i];
        } else {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            ms = CLOCK_MIN_MS + (int64_t)(x % (uint64_t)(CLOCK_MAX_MS - CLOCK_MIN_MS + 1));
        }
        clock_format_iso(ms, iso, sizeof iso);
        if (clock_parse_iso(iso, &back) != 0 || back != ms)
            fail_msg("%lld formats as %s which parses as %lld", (long long)ms, iso,
                     (long long)back);
        /* the day alone parses to that day's midnight */
        char day[16];
        clock_format_day(ms, day, sizeof day);
        assert_int_equal(clock_parse_iso(day, &back), 0);
        assert_true(back <= ms && ms - back < CLOCK_DAY_MS);
        assert_int_equal(clock_check_date(day), 0);
    }
}

/* Every day from 1899 to 2101 round-trips through the day form and follows the previous day by
 * exactly one day, so month lengths and leap years agree between parser and formatter. */
static void test_every_day(void **state)
{
    int64_t prev = 0;
    char day[16];

    (void)state;
    assert_int_equal(clock_parse_iso("1899-01-01", &prev), 0);
    for (int i = 0; i < 365 * 203; i++) {
        int64_t next = prev + CLOCK_DAY_MS, back = 0;
        clock_format_day(next, day, sizeof day);
        assert_int_equal(clock_parse_iso(day, &back), 0);
        assert_int_equal(back, next);
        prev = next;
    }
    clock_format_day(prev, day, sizeof day);
    assert_string_equal(day, "2101-11-13");
}

struct date_case {
    const char *in;
    int ok;
};

static const struct date_case date_cases[] = {
    {"2026-01-31", 1},
    {"2026-02-28", 1},
    {"2024-02-29", 1},
    {"2000-02-29", 1},
    {"0001-01-01", 1},
    {"9999-12-31", 1},
    {"2026-04-30", 1},
    {"2026-12-31", 1},
    {"2026-02-29", 0},
    {"2100-02-29", 0},
    {"2026-02-30", 0},
    {"2026-04-31", 0},
    {"2026-13-01", 0},
    {"2026-00-01", 0},
    {"2026-01-00", 0},
    {"0000-01-01", 0},
    {"", 0},
    {"2026-01-3", 0},
    {"2026-01-311", 0},
    {"2026-01-01T00:00Z", 0},
    {"2026-01-01Z", 0},
    {"2026_01_01", 0},
    {"abcd-ef-gh", 0},
    {"2026-1a-01", 0},
    {"２０２６-01-01", 0},
};

static void test_check_date(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof date_cases / sizeof date_cases[0]; i++) {
        int rc = clock_check_date(date_cases[i].in);
        if (rc != (date_cases[i].ok ? 0 : -1))
            fail_msg("clock_check_date('%s') = %d", date_cases[i].in, rc);
    }
}

/* Parsing is done by hand: the process time zone must not change any result. */
static void test_ignores_tz(void **state)
{
    int64_t a = 0, b = 0;
    char iso[32];

    (void)state;
    setenv("TZ", "Pacific/Chatham", 1);
    tzset();
    assert_int_equal(clock_parse_iso("2026-06-15T10:00:00", &a), 0);
    clock_format_iso(a, iso, sizeof iso);
    setenv("TZ", "UTC", 1);
    tzset();
    assert_int_equal(clock_parse_iso("2026-06-15T10:00:00", &b), 0);
    assert_int_equal(a, b);
    assert_string_equal(iso, "2026-06-15T10:00:00.000Z");
}

static void test_now(void **state)
{
    int64_t a = clock_now_ms(), b;

    (void)state;
    /* after 2024-01-01 and before 2200: the clock is in milliseconds, not seconds */
    assert_true(a > 1704067200000LL && a < 7258118400000LL);
    b = clock_now_ms();
    assert_true(b >= a && b - a < 10000);
    assert_true(llabs((long long)(a / 1000 - (int64_t)time(NULL))) <= 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),  cmocka_unit_test(test_format_table),
        cmocka_unit_test(test_format_sizes), cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_every_day),    cmocka_unit_test(test_check_date),
        cmocka_unit_test(test_ignores_tz),   cmocka_unit_test(test_now),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
