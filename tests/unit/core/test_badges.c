/* SPDX-License-Identifier: MIT */
/* Tests of src/core/badges.c: each milestone at its threshold and not below, and what is new. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/badges.h"

#include <string.h>

#define BIT(b) (1u << (b))

static void test_thresholds(void **state)
{
    struct badge_facts f = {0};

    (void)state;
    assert_int_equal(badges_earned(&f), 0);
    f.genuine_calls = 1;
    assert_int_equal(badges_earned(&f), BIT(BADGE_FIRST_CALL));
    f.longest_streak = 9;
    f.points = 99;
    f.clean_weeks_in_row = 3;
    assert_int_equal(badges_earned(&f), BIT(BADGE_FIRST_CALL));
    f.longest_streak = 10;
    f.points = 100;
    f.clean_weeks_in_row = 4;
    f.deals_won = 1;
    assert_int_equal(badges_earned(&f), BIT(BADGE_FIRST_CALL) | BIT(BADGE_FIRST_WIN) |
                                            BIT(BADGE_STREAK_10) | BIT(BADGE_POINTS_100) |
                                            BIT(BADGE_CLEAN_PIPELINE_4));
    f.points = 1000;
    assert_true(badges_earned(&f) & BIT(BADGE_POINTS_1000));
}

static void test_new_and_defs(void **state)
{
    (void)state;
    assert_int_equal(
        badges_new(BIT(BADGE_FIRST_CALL), BIT(BADGE_FIRST_CALL) | BIT(BADGE_STREAK_10)),
        BIT(BADGE_STREAK_10));
    assert_int_equal(badges_new(BIT(BADGE_FIRST_CALL), 0), 0);
    for (int b = 0; b < BADGE_COUNT; b++) {
        assert_non_null(badge_def(b));
        assert_true(strlen(badge_def(b)->key) > 0);
    }
    assert_null(badge_def(BADGE_COUNT));
    assert_string_equal(badge_def(BADGE_CLEAN_PIPELINE_4)->key, "clean_pipeline_month");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_thresholds),
        cmocka_unit_test(test_new_and_defs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
