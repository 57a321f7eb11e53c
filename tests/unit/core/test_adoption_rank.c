/* SPDX-License-Identifier: MIT */
/* Tests of src/core/adoption_rank.c: the rank order and its tie rule (value, name, id), an
 * empty list, peers and new joiners, the peers' medians per team, lagging and standing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/adoption.h"
#include "core/adoption_rank.h"
#include "core/clock.h"

#define DAY CLOCK_DAY_MS

static void test_rank_ties(void **state)
{
    struct rank_item v[] = {
        {70, "Bea", 4, NULL}, {90, "Zoe", 9, NULL},  {70, "Al", 7, NULL},
        {70, "Bea", 2, NULL}, {12.5, NULL, 1, NULL}, {90, "Zoe", 3, NULL},
    };
    rank_sort(v, 6);
    /* highest first; equal values by name, then lowest id */
    assert_true(v[0].value == 90 && v[0].id == 3);
    assert_true(v[1].value == 90 && v[1].id == 9);
    assert_string_equal(v[2].name, "Al");
    assert_true(v[3].id == 2 && v[4].id == 4);
    assert_true(v[5].value == 12.5 && v[5].name == NULL);
}

static void test_rank_any_order_same_result(void **state)
{
    struct rank_item a[] = {{5, "b", 1, NULL}, {5, "a", 2, NULL}, {6, "c", 3, NULL}};
    struct rank_item b[] = {{6, "c", 3, NULL}, {5, "b", 1, NULL}, {5, "a", 2, NULL}};
    rank_sort(a, 3);
    rank_sort(b, 3);
    for (int i = 0; i < 3; i++)
        assert_true(a[i].id == b[i].id);
    assert_true(a[0].id == 3 && a[1].id == 2 && a[2].id == 1);
    /* names compare by bytes: upper case before lower, a NULL name as "" first */
    struct rank_item c[] = {{1, "b", 1, NULL}, {1, "B", 2, NULL}, {1, NULL, 3, NULL}};
    rank_sort(c, 3);
    assert_true(c[0].id == 3 && c[1].id == 2 && c[2].id == 1);
}

static void test_rank_empty_and_one(void **state)
{
    struct rank_item one = {1, "x", 1, &one};

    rank_sort(NULL, 0);
    rank_sort(&one, 1);
    assert_ptr_equal(one.ref, &one); /* ref is carried along */
}

static void test_peers_and_joiners(void **state)
{
    int64_t end = 100 * DAY;

    assert_true(adoption_is_peer(20, 0, 0, end));
    assert_false(adoption_is_peer(0, 0, 0, end)); /* not measured */
    /* joined 13 days before the end: new, not a peer; 14 days: a peer */
    assert_true(adoption_is_new(end - 13 * DAY, end));
    assert_false(adoption_is_peer(5, end - 13 * DAY, 0, end));
    assert_false(adoption_is_new(end - ADOPTION_NEW_DAYS * DAY, end));
    assert_true(adoption_is_peer(5, end - ADOPTION_NEW_DAYS * DAY, 0, end));
    /* gone before the end */
    assert_true(adoption_has_left(end - 1, end));
    assert_false(adoption_has_left(end, end));
    assert_false(adoption_has_left(0, end));
    assert_false(adoption_is_peer(20, 0, end - 1, end));
}

static void test_lagging(void **state)
{
    /* under 50, or 20 points under the peers' median */
    assert_true(adoption_person_lagging(49, 0, 0, 0));
    assert_true(adoption_person_lagging(60, 80, 0, 0));
    assert_false(adoption_person_lagging(61, 80, 0, 0));
    /* new joiners never lag, however low; nor people who left */
    assert_false(adoption_person_lagging(0, 90, 1, 0));
    assert_false(adoption_person_lagging(10, 90, 0, 1));
}

static void test_peer_medians(void **state)
{
    struct peer_value v[] = {
        /* team 1: peers 40, 60 (median 50); a newcomer's 100 is left out */
        {1, 1, 1, 40, -1},
        {1, 1, 1, 60, -1},
        {1, 1, 0, 100, -1},
        /* team 2: newcomers alone, their own baseline */
        {2, 1, 0, 10, -1},
        {2, 1, 0, 30, -1},
        {2, 1, 0, 35, -1},
        /* team 3: nobody measured */
        {3, 0, 0, 99, -1},
        /* no team: the organization's peers (40, 60, 80) */
        {0, 1, 1, 80, -1},
    };
    adoption_peer_medians(v, 8);
    assert_true(v[0].median == 50 && v[1].median == 50 && v[2].median == 50);
    assert_true(v[3].median == 30 && v[4].median == 30 && v[5].median == 30);
    assert_true(v[6].median == 0);
    assert_true(v[7].median == 60);
    /* the input order is kept */
    assert_true(v[2].value == 100 && v[7].team_id == 0);

    adoption_peer_medians(NULL, 0);
    /* everyone new: the organization's median is over everyone measured */
    struct peer_value w[] = {{0, 1, 0, 20, -1}, {0, 1, 0, 40, -1}};
    adoption_peer_medians(w, 2);
    assert_true(w[0].median == 30 && w[1].median == 30);
}

static void test_standing(void **state)
{
    struct adoption_standing s = {0};

    assert_int_equal(adoption_standing(0, 5, 50, &s), 0);
    assert_int_equal(s.rank, 0);
    assert_int_equal(adoption_standing(1, 5, 62.5, &s), 1);
    assert_int_equal(s.rank, 1);
    assert_int_equal(s.of, 5);
    assert_int_equal(s.quartile, 1);
    assert_int_equal(s.median_score, 63);
    assert_int_equal(adoption_standing(5, 5, 40, &s), 1);
    assert_int_equal(s.quartile, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rank_ties),
        cmocka_unit_test(test_rank_any_order_same_result),
        cmocka_unit_test(test_rank_empty_and_one),
        cmocka_unit_test(test_peers_and_joiners),
        cmocka_unit_test(test_lagging),
        cmocka_unit_test(test_peer_medians),
        cmocka_unit_test(test_standing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
