/* SPDX-License-Identifier: MIT */
/* The review flags' rules (core/review.c): bursts against a person's usual day, quick deletes,
 * which flags are shown, the kinds' names and the sentences a manager reads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/review.h"

#include <string.h>

static void test_burst(void **state)
{
    (void)state;
    /* below the floor, never a burst, however quiet the person usually is */
    assert_false(review_is_burst(REVIEW_BURST_MIN - 1, 1, 28));
    /* no usual day yet: the floor alone */
    assert_true(review_is_burst(REVIEW_BURST_MIN, 0, 0));
    /* 5 a day usually (140 over 28 days): 20 is more than three times 5 */
    assert_true(review_is_burst(20, 140, 28));
    /* 10 a day usually: 30 is exactly three times, not above it; 31 is */
    assert_false(review_is_burst(30, 280, 28));
    assert_true(review_is_burst(31, 280, 28));
    /* a busy champion's ordinary day is no burst */
    assert_false(review_is_burst(45, 40 * 20, 20));
}

static void test_quick_delete(void **state)
{
    (void)state;
    assert_true(review_is_quick_delete(1000, 1000));
    assert_true(review_is_quick_delete(0, REVIEW_QUICK_DELETE_MS - 1));
    assert_false(review_is_quick_delete(0, REVIEW_QUICK_DELETE_MS));
    assert_false(review_is_quick_delete(5000, 4000)); /* a clock gone back is no evidence */
    assert_false(review_is_shown(REVIEW_QUICK_DELETES, REVIEW_QUICK_DELETES_SHOWN - 1));
    assert_true(review_is_shown(REVIEW_QUICK_DELETES, REVIEW_QUICK_DELETES_SHOWN));
    assert_false(review_is_shown(REVIEW_JUNK_NOTES, REVIEW_JUNK_NOTES_SHOWN - 1));
    assert_true(review_is_shown(REVIEW_JUNK_NOTES, REVIEW_JUNK_NOTES_SHOWN));
    assert_true(review_is_shown(REVIEW_BURST, 1));
    assert_false(review_is_shown(REVIEW_BURST, 0));
}

static void test_names_and_sentences(void **state)
{
    char s[160];

    (void)state;
    for (int k = 0; k < REVIEW_KINDS; k++)
        assert_int_equal(review_kind_of(review_kind_name(k)), k);
    assert_int_equal(review_kind_of("junk"), -1);
    assert_int_equal(review_kind_of(NULL), -1);
    assert_null(review_kind_name(REVIEW_KINDS));
    review_sentence(REVIEW_JUNK_NOTES, 1, 0, s, sizeof s);
    assert_string_equal(s, "1 activity with notes of no real content");
    review_sentence(REVIEW_JUNK_NOTES, 12, 0, s, sizeof s);
    assert_string_equal(s, "12 activities with notes of no real content");
    review_sentence(REVIEW_BURST, 60, 5, s, sizeof s);
    assert_string_equal(s, "60 activities in one day, 12.0 times the usual 5.0");
    review_sentence(REVIEW_BURST, 25, 0, s, sizeof s);
    assert_string_equal(s, "25 activities in one day, with no usual day yet");
    review_sentence(REVIEW_QUICK_DELETES, 3, 0, s, sizeof s);
    assert_string_equal(s, "3 records deleted within ten minutes of being created");
    review_sentence(REVIEW_BURST, 60, 5, s, 8); /* cut, still a string */
    assert_int_equal(strlen(s), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_burst),
        cmocka_unit_test(test_quick_delete),
        cmocka_unit_test(test_names_and_sentences),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
