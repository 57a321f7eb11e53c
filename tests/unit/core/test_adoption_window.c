/* SPDX-License-Identifier: MIT */
/* Tests of src/core/adoption_window.c: from/to and their defaults, bad periods, the window
 * before, day numbers and Mondays, the split into weeks and loose days, expected working days
 * across a weekend and for accounts opened or closed inside the window. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/adoption_window.h"
#include "core/clock.h"

#include <string.h>

#define DAY CLOCK_DAY_MS

static int64_t ms(const char *day)
{
    int64_t v = 0;
    assert_int_equal(clock_parse_iso(day, &v), 0);
    return v;
}

static void test_parse(void **state)
{
    struct adoption_window w;
    struct err err = ERR_INIT;

    /* the default: the 28 days ending on now's day */
    assert_int_equal(adoption_window_parse("", "", ms("2026-12-03") + 5 * 3600000, &w, &err), 0);
    assert_string_equal(w.from, "2026-11-06");
    assert_string_equal(w.to, "2026-12-03");
    assert_true(w.start == ms("2026-11-06"));
    assert_true(w.end == ms("2026-12-04"));

    /* one day */
    assert_int_equal(adoption_window_parse("2026-11-28", "2026-11-28", 0, &w, &err), 0);
    assert_true(w.end - w.start == DAY);

    /* from alone: to is today */
    assert_int_equal(adoption_window_parse("2026-12-01", NULL, ms("2026-12-03"), &w, &err), 0);
    assert_string_equal(w.to, "2026-12-03");
}

static void test_parse_errors(void **state)
{
    struct adoption_window w;
    struct err err = ERR_INIT;

    assert_true(adoption_window_parse("2026-13-01", "", 0, &w, &err) < 0);
    assert_string_equal(err.field, "from");
    err = (struct err)ERR_INIT;
    assert_true(adoption_window_parse("", "yesterday", 0, &w, &err) < 0);
    assert_string_equal(err.field, "to");
    err = (struct err)ERR_INIT;
    assert_true(adoption_window_parse("2026-12-02", "2026-12-01", 0, &w, &err) < 0);
    assert_string_equal(err.field, "from");
    /* 1100 days is one too many; 1099 are fine */
    err = (struct err)ERR_INIT;
    assert_true(adoption_window_parse("2023-11-29", "2026-12-03", 0, &w, &err) < 0);
    err = (struct err)ERR_INIT;
    assert_int_equal(adoption_window_parse("2023-11-30", "2026-12-03", 0, &w, &err), 0);
}

static void test_before(void **state)
{
    struct adoption_window w, prev;
    struct err err = ERR_INIT;

    assert_int_equal(adoption_window_parse("2026-11-01", "2026-11-30", 0, &w, &err), 0);
    adoption_window_before(&w, &prev);
    assert_string_equal(prev.from, "2026-10-02");
    assert_string_equal(prev.to, "2026-10-31");
    assert_true(prev.end == w.start);
    assert_true(prev.end - prev.start == w.end - w.start);
}

static void test_days_and_mondays(void **state)
{
    assert_true(adoption_day_number(0) == 0);
    assert_true(adoption_day_number(DAY - 1) == 0);
    assert_true(adoption_day_number(-1) == -1); /* floor before 1970 */
    assert_true(adoption_day_number(ms("2026-11-30")) == 20787);
    /* 2026-11-30 is a Monday: its own Monday, and that of the days up to Sunday */
    assert_true(adoption_monday_of(20787) == 20787);
    assert_true(adoption_monday_of(20793) == 20787);
    assert_true(adoption_monday_of(20786) == 20780);
    assert_true(adoption_monday_of(0) == -3); /* 1970-01-01 was a Thursday */
}

static void test_split(void **state)
{
    struct adoption_window w;
    struct adoption_window_parts x;
    struct err err = ERR_INIT;

    /* Fri 2026-11-27 to Tue 2026-12-15: head Fri-Sun, weeks of 11-30 and 12-07, tail Mon-Tue */
    assert_int_equal(adoption_window_parse("2026-11-27", "2026-12-15", 0, &w, &err), 0);
    adoption_window_split(&w, &x);
    assert_true(x.first == 20784);
    assert_true(x.hto == 20786);
    assert_string_equal(x.wfrom_text, "2026-11-30");
    assert_string_equal(x.wlast_text, "2026-12-07");
    assert_true(x.tfrom == 20801); /* Monday 2026-12-14 */
    assert_true(x.last == 20802);

    /* Fri to Tue across one weekend: no whole week, every day is the head */
    assert_int_equal(adoption_window_parse("2026-11-27", "2026-12-01", 0, &w, &err), 0);
    adoption_window_split(&w, &x);
    assert_true(x.wfrom > x.wlast);
    assert_true(x.first == 20784 && x.hto == 20788 && x.last == 20788);
    assert_true(x.tfrom == x.last + 1);

    /* exactly one week, Monday to Sunday: no head, no tail */
    assert_int_equal(adoption_window_parse("2026-11-30", "2026-12-06", 0, &w, &err), 0);
    adoption_window_split(&w, &x);
    assert_true(x.wfrom == x.wlast && x.wfrom == 20787);
    assert_true(x.hto < x.first);
    assert_true(x.tfrom > x.last);
}

static void test_expected_days(void **state)
{
    struct adoption_window w;
    struct err err = ERR_INIT;

    /* Fri 11-27 to Tue 12-01 crosses a weekend: Fri, Mon, Tue */
    assert_int_equal(adoption_window_parse("2026-11-27", "2026-12-01", 0, &w, &err), 0);
    assert_int_equal(adoption_expected_days(0, 0, &w), 3);
    /* created on the Saturday, mid-day: Mon and Tue */
    assert_int_equal(adoption_expected_days(ms("2026-11-28") + 3600000, 0, &w), 2);
    /* deactivated a moment into Monday: Friday and that Monday; at its midnight: Friday */
    assert_int_equal(adoption_expected_days(0, ms("2026-11-30") + 1, &w), 2);
    assert_int_equal(adoption_expected_days(0, ms("2026-11-30"), &w), 1);
    /* created after the window: not measured */
    assert_int_equal(adoption_expected_days(ms("2026-12-02"), 0, &w), 0);
    /* gone before it */
    assert_int_equal(adoption_expected_days(0, ms("2026-11-20"), &w), 0);

    /* a weekend alone: an account there is still measured, with one day */
    assert_int_equal(adoption_window_parse("2026-11-28", "2026-11-29", 0, &w, &err), 0);
    assert_int_equal(adoption_expected_days(0, 0, &w), 1);
    assert_int_equal(adoption_expected_days(ms("2026-11-29"), 0, &w), 1);
    assert_int_equal(adoption_expected_days(ms("2026-11-30"), 0, &w), 0);

    /* four whole weeks: 20 working days */
    assert_int_equal(adoption_window_parse("2026-11-02", "2026-11-29", 0, &w, &err), 0);
    assert_int_equal(adoption_expected_days(0, 0, &w), 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),  cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_before), cmocka_unit_test(test_days_and_mondays),
        cmocka_unit_test(test_split),  cmocka_unit_test(test_expected_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
