/* SPDX-License-Identifier: MIT */
/* Tests of src/core/streak.c: working days, streaks across weekends, holidays and month ends,
 * a gap that breaks one, today not yet worked, and the longest run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/clock.h"
#include "core/streak.h"

/* Day numbers of dates in late 2026: 2026-11-30 is a Monday. */
static int64_t day(const char *date)
{
    int64_t ms = 0;
    assert_int_equal(clock_parse_iso(date, &ms), 0);
    return streak_day_of(ms);
}

static void test_weekdays(void **state)
{
    (void)state;
    assert_int_equal(streak_weekday(day("2026-11-30")), 0); /* Monday */
    assert_int_equal(streak_weekday(day("2026-12-05")), 5); /* Saturday */
    assert_int_equal(streak_weekday(day("1970-01-01")), 3); /* Thursday */
    assert_int_equal(streak_weekday(day("1969-12-28")), 6); /* a Sunday before 1970 */
    assert_int_equal(streak_day_of(-1), -1);
    assert_false(streak_is_working(day("2026-12-06"), NULL, 0));
    assert_true(streak_is_working(day("2026-12-07"), NULL, 0));
    /* one week: 5 working days; with a holiday 4 */
    int64_t h = day("2026-12-02");
    assert_int_equal(streak_working_days(day("2026-11-30"), day("2026-12-07"), NULL, 0), 5);
    assert_int_equal(streak_working_days(day("2026-11-30"), day("2026-12-07"), &h, 1), 4);
}

static void test_across_weekend(void **state)
{
    /* Thursday, Friday, Monday, Tuesday: the weekend between does not break it */
    int64_t days[] = {day("2026-12-03"), day("2026-12-04"), day("2026-12-07"), day("2026-12-08")};
    struct streak s;

    (void)state;
    streak_compute(days, 4, day("2026-12-08"), NULL, 0, &s);
    assert_int_equal(s.current, 4);
    assert_int_equal(s.longest, 4);
    /* Wednesday, not yet worked: today is not over, the streak stands */
    streak_compute(days, 4, day("2026-12-09"), NULL, 0, &s);
    assert_int_equal(s.current, 4);
    /* Thursday: Wednesday went by without activity, broken */
    streak_compute(days, 4, day("2026-12-10"), NULL, 0, &s);
    assert_int_equal(s.current, 0);
    assert_int_equal(s.longest, 4);
    /* on Sunday it still holds from Friday */
    int64_t two[] = {day("2026-12-03"), day("2026-12-04")};
    streak_compute(two, 2, day("2026-12-06"), NULL, 0, &s);
    assert_int_equal(s.current, 2);
}

static void test_weekend_work_neither_adds_nor_breaks(void **state)
{
    int64_t days[] = {day("2026-12-04"), day("2026-12-05"), day("2026-12-06"), day("2026-12-07")};
    struct streak s;

    (void)state;
    streak_compute(days, 4, day("2026-12-07"), NULL, 0, &s);
    assert_int_equal(s.current, 2);
    assert_int_equal(s.longest, 2);
}

static void test_holiday_and_month_end(void **state)
{
    /* Monday 2026-11-30 to Thursday 2026-12-03 across the month end; Tuesday 12-01 is a
     * holiday and without activity */
    int64_t days[] = {day("2026-11-27"), day("2026-11-30"), day("2026-12-02"), day("2026-12-03")};
    int64_t holiday = day("2026-12-01");
    struct streak s;

    (void)state;
    streak_compute(days, 4, day("2026-12-03"), &holiday, 1, &s);
    assert_int_equal(s.current, 4); /* Fri 27, Mon 30, (holiday), Wed 2, Thu 3 */
    /* without the holiday configured, the Tuesday breaks it */
    streak_compute(days, 4, day("2026-12-03"), NULL, 0, &s);
    assert_int_equal(s.current, 2);
    assert_int_equal(s.longest, 2);
    /* across a year end: Wed 2026-12-30, Thu 12-31, (Fri 1 Jan holiday), Mon 2027-01-04 */
    int64_t ny[] = {day("2026-12-30"), day("2026-12-31"), day("2027-01-04")};
    int64_t jan1 = day("2027-01-01");
    streak_compute(ny, 3, day("2027-01-04"), &jan1, 1, &s);
    assert_int_equal(s.current, 3);
}

static void test_gap_and_longest(void **state)
{
    /* a run of 6 (Mon 11-16 .. Mon 11-23), a gap (Tue 11-24), then 3, with repeats and out of
     * order */
    int64_t days[] = {day("2026-11-27"), day("2026-11-16"), day("2026-11-17"), day("2026-11-18"),
                      day("2026-11-19"), day("2026-11-20"), day("2026-11-23"), day("2026-11-25"),
                      day("2026-11-26"), day("2026-11-26")};
    struct streak s;

    (void)state;
    streak_compute(days, 10, day("2026-11-27"), NULL, 0, &s);
    assert_int_equal(s.current, 3);
    assert_int_equal(s.longest, 6);
    assert_int_equal(s.last_day, day("2026-11-27"));
    streak_compute(NULL, 0, day("2026-11-27"), NULL, 0, &s);
    assert_int_equal(s.current, 0);
    assert_int_equal(s.longest, 0);
    /* a day in the future does not count */
    int64_t future[] = {day("2026-12-01")};
    streak_compute(future, 1, day("2026-11-27"), NULL, 0, &s);
    assert_int_equal(s.longest, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weekdays),
        cmocka_unit_test(test_across_weekend),
        cmocka_unit_test(test_weekend_work_neither_adds_nor_breaks),
        cmocka_unit_test(test_holiday_and_month_end),
        cmocka_unit_test(test_gap_and_longest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
