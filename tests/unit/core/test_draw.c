/* SPDX-License-Identifier: MIT */
/* Tests of src/core/draw.c: the same seed and list give the same winner, a fixed seed gives a
 * known winner, bad seeds and unsorted lists are refused, and the picks spread evenly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/draw.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char SEED[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

static void test_reproducible(void **state)
{
    int64_t ids[] = {3, 8, 15, 16, 23, 42};
    size_t i1, i2;
    int64_t w1, w2;

    (void)state;
    assert_int_equal(draw_pick(SEED, ids, 6, &i1, &w1), 0);
    assert_int_equal(draw_pick(SEED, ids, 6, &i2, &w2), 0);
    assert_int_equal(i1, i2);
    assert_int_equal(w1, w2);
    assert_int_equal(ids[i1], w1);
    /* a single eligible person always wins */
    assert_int_equal(draw_pick(SEED, ids, 1, &i1, &w1), 0);
    assert_int_equal(w1, 3);
}

static void test_known_answer(void **state)
{
    /* The first 8 bytes of ChaCha20 under SEED (libsodium's deterministic stream) read little
     * endian, modulo 6: pinned so a change of algorithm is noticed. */
    unsigned char stream[8], seed[32];
    uint64_t x = 0;
    int64_t ids[] = {3, 8, 15, 16, 23, 42};
    size_t idx;
    int64_t w;

    (void)state;
    for (int i = 0; i < 32; i++)
        seed[i] = (unsigned char)i;
    randombytes_buf_deterministic(stream, 8, seed);
    for (int b = 0; b < 8; b++)
        x |= (uint64_t)stream[b] << (8 * b);
    assert_int_equal(draw_pick(SEED, ids, 6, &idx, &w), 0);
    assert_int_equal(idx, x % 6);
}

static void test_refused(void **state)
{
    int64_t ids[] = {3, 8, 8};
    int64_t down[] = {9, 2};
    size_t i;
    int64_t w;

    (void)state;
    assert_int_equal(draw_pick(SEED, ids, 3, &i, &w), -1); /* a repeat */
    assert_int_equal(draw_pick(SEED, down, 2, &i, &w), -1);
    assert_int_equal(draw_pick(SEED, ids, 0, &i, &w), -1);
    assert_int_equal(draw_pick("abcd", ids, 1, &i, &w), -1);
    assert_int_equal(draw_pick(NULL, ids, 1, &i, &w), -1);
    assert_int_equal(draw_pick("zz0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
                               ids, 1, &i, &w),
                     -1);
}

static void test_spread(void **state)
{
    int64_t ids[] = {1, 2, 3};
    int counts[3] = {0};
    char hex[DRAW_SEED_HEX];

    (void)state;
    assert_int_equal(sodium_init() >= 0, 1);
    for (int k = 0; k < 3000; k++) {
        size_t i;
        int64_t w;
        unsigned char seed[32] = {0};
        seed[0] = (unsigned char)(k & 0xff);
        seed[1] = (unsigned char)(k >> 8);
        sodium_bin2hex(hex, sizeof hex, seed, sizeof seed);
        assert_int_equal(draw_pick(hex, ids, 3, &i, &w), 0);
        counts[i]++;
    }
    for (int j = 0; j < 3; j++)
        assert_true(counts[j] > 900 && counts[j] < 1100);
    draw_seed_new(hex);
    assert_int_equal(strlen(hex), 64);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_known_answer),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_spread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
