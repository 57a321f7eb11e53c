/* SPDX-License-Identifier: MIT */
/* Tests of src/core/adoption_groups.c: a group's summary (peers' means, newcomers, people off
 * the scorecard, an empty group), DAU/WAU/MAU with a user active twice a day, the weekly trend
 * and the cohorts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/adoption_groups.h"
#include "core/clock.h"

#include <stdio.h>

#define DAY CLOCK_DAY_MS

static struct adoption_result result(int score, double access)
{
    struct adoption_result r = {{access, -1, 0.5}, score, {{0}}};
    return r;
}

static void test_group_empty(void **state)
{
    struct adoption_group g = {0};
    struct adoption_group_summary s;

    adoption_group_summary(&g, &s);
    assert_int_equal(s.users, 0);
    assert_int_equal(s.score, -1);
    assert_int_equal(s.comp[0], -1);
    assert_true(s.logged_in_share < 0);
}

static void test_group_peers_and_joiners(void **state)
{
    struct adoption_result a = result(80, 1.0), b = result(40, 0.5), fresh = result(10, 0);
    struct adoption_member m[] = {
        {&a, 1, 0, 0, 1, 10, 3, 60},    {&b, 1, 0, 0, 1, 0, 0, 60}, /* lagging: under 50 */
        {&fresh, 1, 0, 1, 0, 2, 1, 60}, /* new: counted, never lagging, not in the mean */
        {&a, 0, 0, 0, 0, 0, 0, 60},     /* not measured */
        {&b, 1, 1, 0, 0, 5, 5, 60},     /* left */
    };
    struct adoption_group g = {0};
    struct adoption_group_summary s;

    for (int i = 0; i < 5; i++)
        adoption_group_add(&g, &m[i]);
    adoption_group_summary(&g, &s);
    assert_int_equal(s.users, 3);
    assert_int_equal(s.new_users, 1);
    assert_int_equal(s.score, 60);   /* (80 + 40) / 2: the newcomer's 10 left out */
    assert_int_equal(s.comp[0], 75); /* access 1.0 and 0.5 */
    assert_int_equal(s.comp[1], -1); /* nobody's process measured */
    assert_int_equal(s.comp[2], 50);
    assert_int_equal(s.active_users, 2);
    assert_int_equal(s.logged_in_users, 2);
    assert_int_equal(s.lagging_users, 1);
    assert_true(s.logged_in_share > 0.666 && s.logged_in_share < 0.667);

    /* newcomers alone: their own mean */
    struct adoption_group n = {0};
    adoption_group_add(&n, &m[2]);
    adoption_group_summary(&n, &s);
    assert_int_equal(s.score, 10);
    assert_int_equal(s.lagging_users, 0);
}

static void test_active_users(void **state)
{
    struct adoption_active a = {0};
    struct adoption_active_users u;

    snprintf(a.week_start, sizeof a.week_start, "%s", "2026-11-25");
    adoption_active_add(&a, "2026-11-10", 1);
    adoption_active_add(&a, "2026-11-10", 2);
    adoption_active_add(&a, "2026-11-10", 1); /* twice a day: once */
    adoption_active_add(&a, "2026-11-26", 1);
    adoption_active_add(&a, "2026-11-27", 3);
    adoption_active_add(&a, "2026-11-27", 3);
    adoption_active_users(&a, 30, &u);
    assert_true(a.user_days == 4);
    assert_true(u.dau == 0.13); /* 4 / 30 */
    assert_int_equal(u.wau, 2); /* 1 and 3 */
    assert_int_equal(u.mau, 3);
    assert_true(u.stickiness == 0.044); /* (4 / 30) / 3 */
    adoption_active_free(&a);

    /* nobody */
    adoption_active_users(&a, 30, &u);
    assert_true(u.dau == 0 && u.wau == 0 && u.mau == 0);
    assert_true(u.stickiness < 0);

    /* many users: the sets grow */
    for (int i = 0; i < 100; i++)
        adoption_active_add(&a, "2026-11-30", i);
    adoption_active_users(&a, 30, &u);
    assert_int_equal(u.mau, 100);
    assert_int_equal(u.wau, 100);
    adoption_active_free(&a);
}

static void test_trend(void **state)
{
    struct adoption_trend t;
    int64_t start = 0, end = 10 * DAY; /* ten days: two weeks, the first of three days */

    adoption_trend_init(&t, start, end);
    assert_int_equal(t.weeks, 2);
    adoption_trend_add(&t, 0, 5, 3);
    adoption_trend_add(&t, 0, 2, 0); /* no events: not active */
    adoption_trend_add(&t, 1, 1, 1);
    adoption_trend_add(&t, 2, 9, 9); /* out of range */
    adoption_trend_add(&t, -1, 9, 9);
    assert_int_equal(t.active[1], 1);
    assert_true(t.activities[1] == 7);
    assert_int_equal(t.active[0], 1);
    assert_true(t.activities[0] == 1);
    assert_true(adoption_trend_week_end(&t, 1) == 9 * DAY);
    assert_true(adoption_trend_week_end(&t, 0) == 2 * DAY);
    adoption_trend_free(&t);
}

static void test_cohort(void **state)
{
    struct adoption_cohort c;
    int64_t go = 1000 * DAY;
    /* the first account mid-day at go-live, the second joins 10 days later */
    int64_t created[] = {go + 3600000, go + 10 * DAY};

    assert_int_equal(adoption_cohort_init(&c, NULL, 0, go), 0);
    assert_int_equal(adoption_cohort_init(&c, created, 2, go + 20 * DAY), 1);
    assert_true(c.go_live == go);
    assert_int_equal(c.live_base[0], 1);
    assert_int_equal(c.live_base[10], 2);
    assert_int_equal(c.live_base[21], 0); /* after to_day */
    assert_int_equal(c.join_base[10], 2);
    assert_int_equal(c.join_base[11], 1); /* the second's 11th day is after to_day */
    adoption_cohort_add(&c, created[0], go + 10 * DAY);
    adoption_cohort_add(&c, created[1], go + 10 * DAY);
    adoption_cohort_add(&c, created[1], go + 5 * DAY); /* before joining: not since go-live */
    assert_int_equal(c.live_active[10], 2);
    assert_int_equal(c.live_active[5], 0);
    assert_int_equal(c.join_active[10], 1);
    assert_int_equal(c.join_active[0], 1);
    assert_true(adoption_share(1, 2) == 0.5);
    assert_true(adoption_share(1, 0) < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_group_empty),  cmocka_unit_test(test_group_peers_and_joiners),
        cmocka_unit_test(test_active_users), cmocka_unit_test(test_trend),
        cmocka_unit_test(test_cohort),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
