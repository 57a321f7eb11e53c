/* SPDX-License-Identifier: MIT */
/* Tests of src/core/contest.c: checks, state and countdown, a race decided by ledger order and
 * undone by a reversal, top-N and team vs team winners, ties by name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/contest.h"

#include <string.h>

#define DAY 86400000LL

static struct contest_def valid(void)
{
    static const int64_t teams[] = {1, 2};
    return (struct contest_def){.name = "March",
                                .starts_at = 10 * DAY,
                                .ends_at = 17 * DAY,
                                .metric = CONTEST_POINTS,
                                .format = CONTEST_TEAMS,
                                .teams = 1,
                                .team_ids = teams,
                                .nteams = 2,
                                .prize = "Cake"};
}

static void expect_field(const struct contest_def *d, const char *want)
{
    const char *field = NULL, *why = NULL;
    assert_int_equal(contest_check(d, &field, &why), -1);
    assert_string_equal(field, want);
    assert_non_null(why);
}

static void test_check(void **state)
{
    const char *field = NULL, *why = NULL;
    struct contest_def d = valid();
    char big[300];

    (void)state;
    assert_int_equal(contest_check(&d, &field, &why), 0);
    d.ends_at = d.starts_at;
    expect_field(&d, "ends_at");
    d = valid(), d.ends_at = d.starts_at + 400 * DAY;
    expect_field(&d, "ends_at");
    d = valid(), d.name = "  ";
    expect_field(&d, "name");
    memset(big, 'x', sizeof big - 1), big[sizeof big - 1] = '\0';
    d = valid(), d.name = big;
    expect_field(&d, "name");
    d = valid(), d.metric = 7;
    expect_field(&d, "metric");
    d = valid(), d.metric = CONTEST_RULE;
    expect_field(&d, "rule_id");
    d = valid(), d.format = CONTEST_RACE, d.target = 0;
    expect_field(&d, "target");
    d.target = -5;
    expect_field(&d, "target");
    d.target = 10;
    assert_int_equal(contest_check(&d, &field, &why), 0);
    d = valid(), d.format = CONTEST_TOP_N, d.top_n = 0;
    expect_field(&d, "top_n");
    d = valid(), d.nteams = 1;
    expect_field(&d, "team_ids");
    d = valid(), d.teams = 0, d.nteams = 0;
    expect_field(&d, "participants");
    d = valid(), d.team_ids = (int64_t[]){1, -2};
    expect_field(&d, "team_ids");
    assert_int_equal(contest_format_parse("top_n"), CONTEST_TOP_N);
    assert_int_equal(contest_format_parse("nope"), -1);
    assert_int_equal(contest_metric_parse("deals_won"), CONTEST_DEALS_WON);
    assert_int_equal(contest_metric_parse(NULL), -1);
}

static void test_state_and_countdown(void **state)
{
    (void)state;
    assert_int_equal(contest_state_of(100, 200, 0, 99), CONTEST_UPCOMING);
    assert_int_equal(contest_state_of(100, 200, 0, 100), CONTEST_RUNNING);
    assert_int_equal(contest_state_of(100, 200, 0, 200), CONTEST_ENDED);
    assert_int_equal(contest_state_of(100, 200, 150, 150), CONTEST_CANCELLED);
    assert_int_equal(contest_seconds_left(5000, 10000, 0, 1000), 4);
    assert_int_equal(contest_seconds_left(5000, 10000, 0, 9999), 1);
    assert_int_equal(contest_seconds_left(5000, 10000, 0, 10000), 0);
    assert_int_equal(contest_seconds_left(5000, 10000, 7000, 8000), 0);
    assert_string_equal(contest_state_name(CONTEST_ENDED), "ended");
}

static void test_race(void **state)
{
    struct contest_entry v[3] = {
        {.id = 1, .name = "Ann"}, {.id = 2, .name = "Bob"}, {.id = 3, .name = "Cy"}};

    (void)state;
    /* Bob reaches 10 first (row 3) though Ann ends higher; Cy never does. */
    contest_add(&v[0], 5, 1, 100, 10);
    contest_add(&v[1], 10, 3, 300, 10);
    contest_add(&v[0], 20, 4, 400, 10);
    contest_add(&v[2], 9, 5, 500, 10);
    contest_rank(v, 3, CONTEST_RACE, 10, 0, CONTEST_RUNNING);
    assert_int_equal(v[0].id, 2);
    assert_true(v[0].winner);
    assert_int_equal(v[0].reached_at, 300);
    assert_int_equal(v[1].id, 1);
    assert_false(v[1].winner);
    assert_int_equal(v[2].id, 3);
    assert_int_equal(v[2].rank, 3);
    /* A reversal takes Bob below: Ann (row 4) wins now; reaching again counts from then. */
    for (int i = 0; i < 3; i++)
        if (v[i].id == 2)
            contest_add(&v[i], -10, 6, 600, 10);
    contest_rank(v, 3, CONTEST_RACE, 10, 0, CONTEST_RUNNING);
    assert_int_equal(v[0].id, 1);
    assert_true(v[0].winner);
    assert_int_equal(v[2].id, 2);
    assert_int_equal(v[2].reached_seq, 0);
}

static void test_top_n_and_teams(void **state)
{
    struct contest_entry v[4] = {{.id = 1, .name = "Dee", .total = 30},
                                 {.id = 2, .name = "Ann", .total = 30},
                                 {.id = 3, .name = "Bob", .total = 50},
                                 {.id = 4, .name = "Cy", .total = 0}};
    struct contest_entry t[2] = {{.id = 7, .name = "North", .total = 40},
                                 {.id = 8, .name = "South", .total = 40}};

    (void)state;
    contest_rank(v, 4, CONTEST_TOP_N, 0, 3, CONTEST_RUNNING);
    assert_int_equal(v[0].id, 3);
    assert_int_equal(v[1].id, 2); /* tie by name: Ann before Dee */
    assert_int_equal(v[2].id, 1);
    assert_false(v[0].winner); /* nobody wins before the end */
    contest_rank(v, 4, CONTEST_TOP_N, 0, 3, CONTEST_ENDED);
    assert_true(v[0].winner && v[1].winner && v[2].winner);
    assert_false(v[3].winner);
    contest_rank(v, 4, CONTEST_TOP_N, 0, 3, CONTEST_CANCELLED);
    assert_false(v[0].winner);
    /* A draw between teams has no winner; one more point decides it. */
    contest_rank(t, 2, CONTEST_TEAMS, 0, 0, CONTEST_ENDED);
    assert_int_equal(t[0].id, 7);
    assert_false(t[0].winner);
    t[1].total = 41;
    contest_rank(t, 2, CONTEST_TEAMS, 0, 0, CONTEST_ENDED);
    assert_int_equal(t[0].id, 8);
    assert_true(t[0].winner);
    contest_rank(t, 0, CONTEST_TEAMS, 0, 0, CONTEST_ENDED); /* nothing to rank */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_state_and_countdown),
        cmocka_unit_test(test_race),
        cmocka_unit_test(test_top_n_and_teams),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
