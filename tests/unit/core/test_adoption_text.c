/* SPDX-License-Identifier: MIT */
/* Tests of src/core/adoption_text.c: every part's sentence, singular and plural, active days
 * beyond the working days, the features not yet used, the advice, and which parts are told. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/adoption_text.h"

#include <stdio.h>
#include <string.h>

static const struct adoption_weights W = {25, 45, 30};

static void text_of(const struct adoption_figures *f, enum adoption_part_id id, char *out,
                    size_t size)
{
    struct adoption_part p = {.id = id, .name = "?"};
    adoption_part_text(f, &p, 30, out, size);
}

static void test_plural(void **state)
{
    assert_string_equal(adoption_plural(1, "task", "tasks"), "task");
    assert_string_equal(adoption_plural(0, "task", "tasks"), "tasks");
    assert_string_equal(adoption_plural(2, "task", "tasks"), "tasks");
}

static void test_sentences_singular_and_plural(void **state)
{
    struct adoption_figures f = {0};
    char t[256];

    f.meaningful = 1;
    f.team_median = 2.4;
    text_of(&f, PART_VOLUME, t, sizeof t);
    assert_string_equal(t, "1 activity with notes; the team's median is 2");
    f.meaningful = 3;
    text_of(&f, PART_VOLUME, t, sizeof t);
    assert_string_equal(t, "3 activities with notes; the team's median is 2");

    f.activities = 1;
    f.meaningful = 0;
    text_of(&f, PART_NOTES, t, sizeof t);
    assert_string_equal(t, "1 of 1 activity without meaningful notes");
    f.activities = 5;
    f.meaningful = 3;
    text_of(&f, PART_NOTES, t, sizeof t);
    assert_string_equal(t, "2 of 5 activities without meaningful notes");

    f.tasks_due = 1;
    text_of(&f, PART_TASKS, t, sizeof t);
    assert_string_equal(t, "1 of 1 task due not done on time");
    f.tasks_due = 4;
    f.tasks_on_time = 3;
    text_of(&f, PART_TASKS, t, sizeof t);
    assert_string_equal(t, "1 of 4 tasks due not done on time");

    f.deals_past_close = 1;
    f.deals_no_step = 2;
    f.deals_quiet = 0;
    text_of(&f, PART_HYGIENE, t, sizeof t);
    assert_string_equal(t, "1 deal with a past close date, 2 without a next step, 0 without "
                           "activity in 14 days");
    f.deals_past_close = 3;
    text_of(&f, PART_HYGIENE, t, sizeof t);
    assert_string_equal(t, "3 deals with a past close date, 2 without a next step, 0 without "
                           "activity in 14 days");
}

static void test_sentences_other_parts(void **state)
{
    struct adoption_figures f = {0};
    char t[256];

    f.expected_days = 20;
    f.active_days = 12;
    text_of(&f, PART_ATTENDANCE, t, sizeof t);
    assert_string_equal(t, "active on 12 of 20 working days");
    /* weekend work: more active days than working ones */
    f.active_days = 22;
    text_of(&f, PART_ATTENDANCE, t, sizeof t);
    assert_string_equal(t, "active on 22 days; the period has 20 working days");

    f.fields_expected = 10;
    f.fields_filled = 7;
    text_of(&f, PART_COMPLETION, t, sizeof t);
    assert_string_equal(t, "3 of 10 expected fields empty on owned records");

    f.in_flight = 8;
    f.stale = 2;
    text_of(&f, PART_FRESHNESS, t, sizeof t);
    assert_string_equal(t, "2 of 8 open deals and leads untouched for 30 days");

    /* the unknown part: its name */
    text_of(&f, ADOPTION_PARTS, t, sizeof t);
    assert_string_equal(t, "?");

    /* truncated, still terminated */
    char small[8];
    text_of(&f, PART_COMPLETION, small, sizeof small);
    assert_string_equal(small, "3 of 10");
}

static void test_breadth(void **state)
{
    struct adoption_figures f = {0};
    char t[256], want[256];

    f.features = (1 << ADOPTION_FEATURES) - 1;
    text_of(&f, PART_BREADTH, t, sizeof t);
    assert_string_equal(t, "6 of 6 core features used");

    f.features &= ~(1 << ADOPTION_FEATURE_TASKS);
    f.features &= ~(1 << ADOPTION_FEATURE_REPORTS);
    text_of(&f, PART_BREADTH, t, sizeof t);
    snprintf(want, sizeof want, "4 of 6 core features used; not yet: %s, %s",
             adoption_feature_label(ADOPTION_FEATURE_TASKS),
             adoption_feature_label(ADOPTION_FEATURE_REPORTS));
    assert_string_equal(t, want);
}

static void test_advice(void **state)
{
    for (int i = 0; i < ADOPTION_PARTS; i++)
        assert_true(strlen(adoption_part_advice(i)) > 20);
    assert_string_equal(adoption_part_advice(PART_NOTES),
                        "Write a line or two of notes (40+ characters) on each activity");
    assert_string_equal(adoption_part_advice(ADOPTION_PARTS), "");
}

static void test_told_parts(void **state)
{
    struct adoption_figures f = {0};
    struct adoption_result r;
    const struct adoption_part *told[3];

    /* someone doing everything right: nothing to tell */
    f.expected_days = f.active_days = 20;
    f.activities = f.meaningful = 40;
    f.team_median = 30;
    f.features = (1 << ADOPTION_FEATURES) - 1;
    f.fields_expected = f.fields_filled = 100;
    adoption_compute(&f, &W, &r);
    assert_int_equal(adoption_told_parts(&r, told, 3), 0);

    /* four parts down: the three costing most, largest first */
    f.active_days = 10;
    f.meaningful = 0;
    f.fields_filled = 90;
    f.features = 1;
    adoption_compute(&f, &W, &r);
    int n = adoption_told_parts(&r, told, 3);
    assert_int_equal(n, 3);
    for (int i = 0; i < n; i++) {
        assert_true(told[i]->present && told[i]->lost >= ADOPTION_TELL_POINTS);
        if (i)
            assert_true(told[i - 1]->lost >= told[i]->lost);
    }
    /* fewer asked, fewer given; the first is the same */
    const struct adoption_part *first[1];
    assert_int_equal(adoption_told_parts(&r, first, 1), 1);
    assert_ptr_equal(first[0], told[0]);
    /* parts with nothing to measure (no tasks due) are never told */
    for (int i = 0; i < n; i++)
        assert_int_not_equal(told[i]->id, PART_TASKS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plural),
        cmocka_unit_test(test_sentences_singular_and_plural),
        cmocka_unit_test(test_sentences_other_parts),
        cmocka_unit_test(test_breadth),
        cmocka_unit_test(test_advice),
        cmocka_unit_test(test_told_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
