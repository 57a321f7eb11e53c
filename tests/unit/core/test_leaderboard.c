/* SPDX-License-Identifier: MIT */
/* Tests of src/core/leaderboard.c: the periods and the ones before, prorated targets for a new
 * joiner, ranking by points, percent and improvement with ties, and team totals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/clock.h"
#include "core/leaderboard.h"
#include "core/streak.h"

static int64_t ms(const char *iso)
{
    int64_t v = 0;
    assert_int_equal(clock_parse_iso(iso, &v), 0);
    return v;
}

static void test_periods(void **state)
{
    struct lb_range r, p;
    int64_t now = ms("2026-12-03T15:20:00Z"); /* a Thursday */

    (void)state;
    assert_int_equal(lb_range_of(LB_TODAY, now, 0, 0, &r), 0);
    assert_true(r.from == ms("2026-12-03") && r.to == ms("2026-12-04"));
    lb_range_previous(&r, &p);
    assert_true(p.from == ms("2026-12-02") && p.to == ms("2026-12-03"));
    assert_int_equal(lb_range_of(LB_WEEK, now, 0, 0, &r), 0);
    assert_true(r.from == ms("2026-11-30") && r.to == ms("2026-12-07"));
    lb_range_previous(&r, &p);
    assert_true(p.from == ms("2026-11-23") && p.to == ms("2026-11-30"));
    assert_int_equal(lb_range_of(LB_MONTH, now, 0, 0, &r), 0);
    assert_true(r.from == ms("2026-12-01") && r.to == ms("2027-01-01"));
    lb_range_previous(&r, &p);
    assert_true(p.from == ms("2026-11-01") && p.to == ms("2026-12-01"));
    assert_int_equal(lb_range_of(LB_QUARTER, now, 0, 0, &r), 0);
    assert_true(r.from == ms("2026-10-01") && r.to == ms("2027-01-01"));
    lb_range_previous(&r, &p);
    assert_true(p.from == ms("2026-07-01") && p.to == ms("2026-10-01"));
    /* March: the previous month is February, of 28 days */
    assert_int_equal(lb_range_of(LB_MONTH, ms("2027-03-31T23:59:59Z"), 0, 0, &r), 0);
    lb_range_previous(&r, &p);
    assert_true(p.from == ms("2027-02-01") && p.to == ms("2027-03-01"));
    /* a first quarter: the one before is in the previous year */
    assert_int_equal(lb_range_of(LB_QUARTER, ms("2027-02-10"), 0, 0, &r), 0);
    lb_range_previous(&r, &p);
    assert_true(p.from == ms("2026-10-01") && p.to == ms("2027-01-01"));
    /* custom: whole days, from before to, at most 366 days */
    assert_int_equal(lb_range_of(LB_CUSTOM, now, ms("2026-11-01"), ms("2026-11-11"), &r), 0);
    lb_range_previous(&r, &p);
    assert_true(p.from == ms("2026-10-22") && p.to == ms("2026-11-01"));
    assert_int_equal(lb_range_of(LB_CUSTOM, now, ms("2026-11-11"), ms("2026-11-01"), &r), -1);
    assert_int_equal(lb_range_of(LB_CUSTOM, now, ms("2026-11-01T10:00Z"), ms("2026-11-02"), &r),
                     -1);
    assert_int_equal(lb_range_of(LB_CUSTOM, now, ms("2020-01-01"), ms("2026-01-01"), &r), -1);
    assert_int_equal(lb_period_parse("quarter"), LB_QUARTER);
    assert_int_equal(lb_period_parse("year"), -1);
}

static void test_prorated_target(void **state)
{
    struct lb_range r;

    (void)state;
    /* December 2026 has 23 working days; someone who joined on Monday 12-14 was there for 14 */
    assert_int_equal(lb_range_of(LB_MONTH, ms("2026-12-03"), 0, 0, &r), 0);
    assert_true(lb_target_prorated(230, 0, 0, &r, NULL, 0) == 230.0);
    assert_true(lb_target_prorated(230, ms("2026-12-14T09:00Z"), 0, &r, NULL, 0) == 140.0);
    /* someone who joined before the month: the whole target */
    assert_true(lb_target_prorated(230, ms("2025-01-01"), 0, &r, NULL, 0) == 230.0);
    /* left on Friday 12-04 after 4 working days */
    assert_true(lb_target_prorated(230, 0, ms("2026-12-04T12:00Z"), &r, NULL, 0) == 40.0);
    assert_true(lb_target_prorated(0, 0, 0, &r, NULL, 0) == 0.0);
}

static void test_target_of_week(void **state)
{
    struct lb_range r;
    int64_t christmas[] = {20812, 20813}; /* 2026-12-25 (Friday), 2026-12-26 (Saturday) */

    (void)state;
    assert_true(streak_day_of(ms("2026-12-25")) == christmas[0]);
    /* a week: per_week itself; with a holiday on a working day 4/5 of it, not on a Saturday */
    assert_int_equal(lb_range_of(LB_WEEK, ms("2026-12-23"), 0, 0, &r), 0);
    assert_int_equal(lb_target_of_week(100, &r, NULL, 0), 100);
    assert_int_equal(lb_target_of_week(100, &r, christmas, 1), 80);
    assert_int_equal(lb_target_of_week(100, &r, christmas + 1, 1), 100);
    assert_int_equal(lb_target_of_week(100, &r, christmas, 2), 80);
    /* a day: a fifth, rounded half up; a Saturday has no working day */
    assert_int_equal(lb_range_of(LB_TODAY, ms("2026-12-23T10:00Z"), 0, 0, &r), 0);
    assert_int_equal(lb_target_of_week(12, &r, NULL, 0), 2); /* 2.4 */
    assert_int_equal(lb_target_of_week(13, &r, NULL, 0), 3); /* 2.6 */
    assert_int_equal(lb_target_of_week(5, &r, NULL, 0), 1);
    assert_int_equal(lb_target_of_week(1, &r, NULL, 0), 0); /* 0.2 */
    assert_int_equal(lb_target_of_week(100, &r, christmas, 0), 20);
    assert_int_equal(lb_range_of(LB_TODAY, ms("2026-12-26T10:00Z"), 0, 0, &r), 0);
    assert_int_equal(lb_target_of_week(100, &r, NULL, 0), 0);
    /* December 2026: 23 working days, 22 with Christmas */
    assert_int_equal(lb_range_of(LB_MONTH, ms("2026-12-03"), 0, 0, &r), 0);
    assert_int_equal(lb_target_of_week(100, &r, NULL, 0), 460);
    assert_int_equal(lb_target_of_week(100, &r, christmas, 2), 440);
    assert_int_equal(lb_target_of_week(1000000, &r, NULL, 0), 4600000);
    assert_int_equal(lb_target_of_week(0, &r, NULL, 0), 0);
    assert_int_equal(lb_target_of_week(-5, &r, NULL, 0), 0);
}

static void test_rank_points_ties_improved(void **state)
{
    struct lb_range r;
    struct lb_entry v[] = {
        {.user_id = 4, .name = "Bea", .team_id = 1, .points = 50, .previous = 10},
        {.user_id = 2, .name = "Al", .team_id = 2, .points = 80, .previous = 90},
        {.user_id = 9, .name = "Bea", .team_id = 1, .points = 50, .previous = 50},
        {.user_id = 5, .name = "Cy", .team_id = 2, .points = 50, .previous = 0},
    };

    (void)state;
    lb_range_of(LB_WEEK, ms("2026-12-03"), 0, 0, &r);
    lb_rank(v, 4, LB_POINTS, &r, NULL, 0);
    assert_int_equal(v[0].user_id, 2);
    /* three on 50: by name, then lowest id */
    assert_int_equal(v[1].user_id, 4);
    assert_int_equal(v[2].user_id, 9);
    assert_int_equal(v[3].user_id, 5);
    assert_int_equal(v[3].rank, 4);
    assert_true(v[0].percent == -1);
    lb_rank(v, 4, LB_IMPROVED, &r, NULL, 0);
    assert_int_equal(v[0].user_id, 5); /* +50 */
    assert_int_equal(v[0].improvement, 50);
    assert_int_equal(v[1].user_id, 4); /* +40 */
    assert_int_equal(v[3].user_id, 2); /* -10 */
}

static void test_rank_percent_new_joiner(void **state)
{
    struct lb_range r;
    /* the week of 11-30 has 5 working days; the joiner came on Wednesday: 3 of them */
    struct lb_entry v[] = {
        {.user_id = 1, .name = "Old", .points = 40, .target = 50},
        {.user_id = 2, .name = "New", .points = 27, .target = 50},
        {.user_id = 3, .name = "None", .points = 100},
    };

    (void)state;
    v[1].joined_at = ms("2026-12-02T08:00Z");
    lb_range_of(LB_WEEK, ms("2026-12-03"), 0, 0, &r);
    lb_rank(v, 3, LB_PERCENT, &r, NULL, 0);
    assert_int_equal(v[0].user_id, 2); /* 27 of 30: 90 % */
    assert_true(v[0].percent > 89.99 && v[0].percent < 90.01);
    assert_int_equal(v[1].user_id, 1); /* 40 of 50: 80 % */
    assert_int_equal(v[2].user_id, 3); /* no target: last */
}

static void test_teams(void **state)
{
    struct lb_range r;
    struct lb_entry v[] = {
        {.user_id = 1, .name = "A", .team_id = 10, .points = 30, .previous = 5},
        {.user_id = 2, .name = "B", .team_id = 10, .points = 20, .previous = 5},
        {.user_id = 3, .name = "C", .team_id = 20, .points = 45, .previous = 60},
        {.user_id = 4, .name = "D", .team_id = 0, .points = 99},
    };
    struct lb_team t[] = {{.team_id = 20, .name = "South"}, {.team_id = 10, .name = "North"}};

    (void)state;
    lb_range_of(LB_WEEK, ms("2026-12-03"), 0, 0, &r);
    lb_teams(v, 4, t, 2, LB_POINTS, &r, NULL, 0);
    assert_int_equal(t[0].team_id, 10);
    assert_int_equal(t[0].points, 50);
    assert_int_equal(t[0].people, 2);
    assert_int_equal(t[0].rank, 1);
    assert_int_equal(t[1].team_id, 20);
    assert_int_equal(t[1].points, 45);
    lb_teams(v, 4, t, 2, LB_IMPROVED, &r, NULL, 0);
    assert_int_equal(t[0].team_id, 10);
    assert_int_equal(t[0].improvement, 40);
    assert_int_equal(t[1].improvement, -15);
}

static int64_t day_of(const char *iso)
{
    return ms(iso) / CLOCK_DAY_MS;
}

/* The rollups' split of a range: whole weeks from their Monday, the days around them. */
static void test_spans(void **state)
{
    struct lb_spans sp;
    struct lb_range r;

    (void)state;
    /* A quarter from a Thursday (2026-10-01) to a Thursday (2027-01-01, excluded). */
    assert_int_equal(lb_range_of(LB_QUARTER, ms("2026-11-15T10:00:00Z"), 0, 0, &r), 0);
    lb_spans_of(&r, &sp);
    assert_true(sp.day_from[0] == day_of("2026-10-01") && sp.day_to[0] == day_of("2026-10-05"));
    assert_true(sp.week_from == day_of("2026-10-05") && sp.week_to == day_of("2026-12-28"));
    assert_true(sp.day_from[1] == day_of("2026-12-28") && sp.day_to[1] == day_of("2027-01-01"));
    /* A week is one week and no days. */
    assert_int_equal(lb_range_of(LB_WEEK, ms("2026-12-03T15:20:00Z"), 0, 0, &r), 0);
    lb_spans_of(&r, &sp);
    assert_true(sp.week_from == day_of("2026-11-30") && sp.week_to == day_of("2026-12-07"));
    assert_true(sp.day_from[0] == sp.day_to[0] && sp.day_from[1] == sp.day_to[1]);
    /* A day, and a custom Wednesday to Tuesday, hold no whole week: days only. */
    assert_int_equal(lb_range_of(LB_TODAY, ms("2026-12-03T15:20:00Z"), 0, 0, &r), 0);
    lb_spans_of(&r, &sp);
    assert_true(sp.week_from == sp.week_to);
    assert_true(sp.day_from[0] == day_of("2026-12-03") && sp.day_to[0] == day_of("2026-12-04"));
    assert_true(sp.day_from[1] == sp.day_to[1]);
    assert_int_equal(lb_range_of(LB_CUSTOM, 0, ms("2026-12-02"), ms("2026-12-09"), &r), 0);
    lb_spans_of(&r, &sp);
    assert_true(sp.week_from == sp.week_to);
    assert_true(sp.day_from[0] == day_of("2026-12-02") && sp.day_to[0] == day_of("2026-12-09"));
    /* A month from a Tuesday to a Friday: the days before the first Monday and after the last. */
    assert_int_equal(lb_range_of(LB_MONTH, ms("2026-12-03T15:20:00Z"), 0, 0, &r), 0);
    lb_spans_of(&r, &sp);
    assert_true(sp.day_from[0] == day_of("2026-12-01") && sp.day_to[0] == day_of("2026-12-07"));
    assert_true(sp.week_from == day_of("2026-12-07") && sp.week_to == day_of("2026-12-28"));
    assert_true(sp.day_from[1] == day_of("2026-12-28") && sp.day_to[1] == day_of("2027-01-01"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_prorated_target),
        cmocka_unit_test(test_target_of_week),
        cmocka_unit_test(test_rank_points_ties_improved),
        cmocka_unit_test(test_rank_percent_new_joiner),
        cmocka_unit_test(test_teams),
        cmocka_unit_test(test_spans),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
