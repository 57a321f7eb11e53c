/* SPDX-License-Identifier: MIT */
/* Tests of src/core/adoption.c: each part's value, parts with nothing to measure leave the mix,
 * the team median protects roles that log less, weights, points lost and their order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/adoption.h"

#include <math.h>
#include <string.h>

static const struct adoption_weights W = {25, 45, 30};

/* Someone doing everything right. */
static struct adoption_figures model(void)
{
    struct adoption_figures f = {0};
    f.expected_days = 20;
    f.active_days = 20;
    f.activities = 40;
    f.meaningful = 40;
    f.team_median = 30;
    f.tasks_due = 10;
    f.tasks_on_time = 10;
    f.features = (1 << ADOPTION_FEATURES) - 1;
    f.fields_expected = 100;
    f.fields_filled = 100;
    f.open_deals = 5;
    f.in_flight = 6;
    return f;
}

static void test_perfect_and_empty(void **state)
{
    struct adoption_figures f = model(), none = {0};
    struct adoption_result r;

    (void)state;
    adoption_compute(&f, &W, &r);
    assert_int_equal(r.score, 100);
    for (int i = 0; i < ADOPTION_PARTS; i++) {
        assert_true(r.parts[i].present);
        assert_true(r.parts[i].lost < 1e-9);
    }
    /* Nothing measurable: a zero score, no division by zero. */
    none.expected_days = 20;
    adoption_compute(&none, &W, &r);
    assert_int_equal(r.score, 0);
    assert_true(r.component[ADOPTION_QUALITY] < 0); /* owns nothing: not measured */
    assert_false(r.parts[PART_NOTES].present);
    assert_false(r.parts[PART_TASKS].present);
}

static void test_team_median_is_full_marks(void **state)
{
    struct adoption_figures quiet = model(), busy = model();
    struct adoption_result rq, rb;

    (void)state;
    /* A team that logs 5 a month: 5 is full marks there, as 40 is in a team of 30. */
    quiet.activities = quiet.meaningful = 5;
    quiet.team_median = 5;
    adoption_compute(&quiet, &W, &rq);
    adoption_compute(&busy, &W, &rb);
    assert_int_equal(rq.score, rb.score);
    /* Half the team's median: half the volume part. */
    quiet.meaningful = quiet.activities = 2;
    quiet.team_median = 4;
    adoption_compute(&quiet, &W, &rq);
    assert_true(fabs(rq.parts[PART_VOLUME].value - 0.5) < 1e-9);
    /* A median of zero: any meaningful activity is full marks. */
    quiet.team_median = 0;
    adoption_compute(&quiet, &W, &rq);
    assert_true(fabs(rq.parts[PART_VOLUME].value - 1.0) < 1e-9);
}

static void test_junk_does_not_pay(void **state)
{
    struct adoption_figures junk = model(), real = model();
    struct adoption_result rj, rr;

    (void)state;
    junk.activities = 300; /* many, none with notes */
    junk.meaningful = 0;
    real.activities = 30;
    real.meaningful = 30;
    adoption_compute(&junk, &W, &rj);
    adoption_compute(&real, &W, &rr);
    assert_true(rj.score < rr.score);
    assert_true(rj.parts[PART_NOTES].value < 1e-9);
    assert_true(rj.parts[PART_VOLUME].value < 1e-9);
}

/* One task done on time is not a rate: the part waits for three cases, and the person who barely
 * logs anything is not carried by it. */
static void test_a_handful_is_not_a_rate(void **state)
{
    struct adoption_figures f = model();
    struct adoption_result r;

    (void)state;
    f.tasks_due = f.tasks_on_time = 1;
    f.activities = f.meaningful = 2;
    adoption_compute(&f, &W, &r);
    assert_false(r.parts[PART_TASKS].present);
    assert_false(r.parts[PART_NOTES].present);
    f.tasks_due = f.tasks_on_time = 3;
    f.activities = f.meaningful = 3;
    adoption_compute(&f, &W, &r);
    assert_true(r.parts[PART_TASKS].present);
    assert_true(r.parts[PART_NOTES].present);
    assert_true(fabs(r.parts[PART_TASKS].value - 1.0) < 1e-9);
}

static void test_quality_parts(void **state)
{
    struct adoption_figures f = model();
    struct adoption_result r;

    (void)state;
    f.fields_filled = 25;
    f.deals_past_close = 5; /* every deal: one problem of three */
    f.stale = 3;
    adoption_compute(&f, &W, &r);
    assert_true(fabs(r.parts[PART_COMPLETION].value - 0.25) < 1e-9);
    assert_true(fabs(r.parts[PART_HYGIENE].value - 2.0 / 3.0) < 1e-9);
    assert_true(fabs(r.parts[PART_FRESHNESS].value - 0.5) < 1e-9);
    double q = (0.40 * 0.25 + 0.35 * 2.0 / 3.0 + 0.25 * 0.5) / 1.0;
    assert_true(fabs(r.component[ADOPTION_QUALITY] - q) < 1e-9);
    /* points lost add up to what the score misses */
    double lost = 0;
    for (int i = 0; i < ADOPTION_PARTS; i++)
        lost += r.parts[i].lost;
    assert_true(fabs(lost - (100.0 - (25 + 45 + 30 * q) / 100.0 * 100.0)) < 1e-6);
}

static void test_weights_and_missing_components(void **state)
{
    struct adoption_figures f = model();
    struct adoption_weights only_access = {1, 0, 0};
    struct adoption_result r;

    (void)state;
    f.active_days = 5; /* a quarter of the days */
    adoption_compute(&f, &only_access, &r);
    assert_int_equal(r.score, 25);
    /* Owning nothing: quality leaves the mix, access and process share its weight. */
    f = model();
    f.fields_expected = f.open_deals = f.in_flight = 0;
    adoption_compute(&f, &W, &r);
    assert_int_equal(r.score, 100);
    assert_true(r.component[ADOPTION_QUALITY] < 0);
    /* All weights zero: a score of zero rather than a division by zero. */
    struct adoption_weights zero = {0, 0, 0};
    adoption_compute(&f, &zero, &r);
    assert_int_equal(r.score, 0);
}

static void test_rank_parts(void **state)
{
    struct adoption_figures f = model();
    struct adoption_result r;
    const struct adoption_part *order[ADOPTION_PARTS];

    (void)state;
    f.meaningful = 0;   /* volume and notes both lost */
    f.active_days = 15; /* a little access lost */
    adoption_compute(&f, &W, &r);
    adoption_rank_parts(&r, order);
    assert_int_equal(order[0]->id, PART_VOLUME);
    assert_int_equal(order[1]->id, PART_NOTES);
    assert_int_equal(order[2]->id, PART_ATTENDANCE);
    for (int i = 1; i < ADOPTION_PARTS; i++)
        assert_true(order[i - 1]->lost >= order[i]->lost);
    assert_string_equal(order[0]->name, "volume");
    assert_string_equal(adoption_component_name(order[0]->component), "process");
}

static void test_median(void **state)
{
    double odd[] = {5, 1, 3}, even[] = {4, 1, 3, 2};

    (void)state;
    assert_true(adoption_median(odd, 3) == 3);
    assert_true(adoption_median(even, 4) == 2.5);
    assert_true(adoption_median(NULL, 0) == 0);
}

/* Lagging: under 50, or 20 points or more under the peers' median. */
static void test_lagging(void **state)
{
    (void)state;
    assert_true(adoption_lagging(49, 0));
    assert_false(adoption_lagging(50, 0));
    assert_true(adoption_lagging(60, 80));
    assert_false(adoption_lagging(61, 80));
}

/* Quartiles: the top quarter is 1; ranks out of range are 0. */
static void test_quartile(void **state)
{
    (void)state;
    assert_int_equal(adoption_quartile(1, 1), 1); /* alone is the top */
    assert_int_equal(adoption_quartile(1, 8), 1);
    assert_int_equal(adoption_quartile(2, 8), 1);
    assert_int_equal(adoption_quartile(3, 8), 2);
    assert_int_equal(adoption_quartile(8, 8), 4);
    assert_int_equal(adoption_quartile(1, 3), 1);
    assert_int_equal(adoption_quartile(3, 3), 3);
    assert_int_equal(adoption_quartile(0, 3), 0);
    assert_int_equal(adoption_quartile(4, 3), 0);
    assert_int_equal(adoption_quartile(1, 0), 0);
}

/* People read feature names, never the API's identifiers. */
static void test_feature_labels(void **state)
{
    (void)state;
    for (int i = 0; i < ADOPTION_FEATURES; i++) {
        assert_non_null(strchr("abcdefghijklmnopqrstuvwxyz", adoption_feature_label(i)[0]));
        assert_null(strchr(adoption_feature_label(i), '_'));
    }
    assert_string_equal(adoption_feature_label(2), "logging activities");
    assert_string_equal(adoption_feature_label(-1), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_perfect_and_empty),
        cmocka_unit_test(test_team_median_is_full_marks),
        cmocka_unit_test(test_junk_does_not_pay),
        cmocka_unit_test(test_a_handful_is_not_a_rate),
        cmocka_unit_test(test_quality_parts),
        cmocka_unit_test(test_weights_and_missing_components),
        cmocka_unit_test(test_rank_parts),
        cmocka_unit_test(test_median),
        cmocka_unit_test(test_lagging),
        cmocka_unit_test(test_quartile),
        cmocka_unit_test(test_feature_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
