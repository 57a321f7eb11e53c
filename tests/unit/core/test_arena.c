/* SPDX-License-Identifier: MIT */
/* Tests of src/core/arena.c: alignment, independence of blocks, large blocks, the string
 * helpers, release and reuse, and refusal of impossible sizes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/arena.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define ALIGN _Alignof(max_align_t)

static void test_alignment(void **state)
{
    static const size_t sizes[] = {0,  1,   2,    3,    7,    8,    15,    16, 17, 31,
                                   33, 100, 1000, 8191, 8192, 8193, 20000, 1,  5};
    struct arena a = ARENA_INIT;

    (void)state;
    for (int round = 0; round < 50; round++) {
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
            char *p = arena_alloc(&a, sizes[i]);
            assert_non_null(p);
            if ((uintptr_t)p % ALIGN != 0)
                fail_msg("arena_alloc(%zu) = %p is not %zu-aligned", sizes[i], (void *)p,
                         (size_t)ALIGN);
            /* the whole block is writable (ASan checks the bounds) */
            memset(p, 0xab, sizes[i]);
        }
    }
    arena_release(&a);
    assert_null(a.head);
}

/* Blocks never overlap: each keeps what was written to it while others are written. */
static void test_no_overlap(void **state)
{
    struct arena a = ARENA_INIT;
    unsigned char *blocks[2000];
    size_t sizes[2000];
    uint32_t x = 12345;

    (void)state;
    for (int i = 0; i < 2000; i++) {
        x = x * 1103515245u + 12345u;
        sizes[i] = (x >> 8) % (i % 50 == 0 ? 30000 : 300);
        blocks[i] = arena_alloc(&a, sizes[i]);
        memset(blocks[i], i & 0xff, sizes[i]);
    }
    for (int i = 0; i < 2000; i++)
        for (size_t j = 0; j < sizes[i]; j++)
            if (blocks[i][j] != (unsigned char)(i & 0xff))
                fail_msg("block %d (size %zu) overwritten at byte %zu", i, sizes[i], j);
    arena_release(&a);
}

/* A large block does not waste the space left in the current chunk: small blocks after it
 * continue right where the previous small block ended. */
static void test_large_keeps_chunk(void **state)
{
    struct arena a = ARENA_INIT;

    (void)state;
    char *s1 = arena_alloc(&a, 16);
    char *big = arena_alloc(&a, 1 << 20);
    char *s2 = arena_alloc(&a, 16);
    memset(big, 1, 1 << 20);
    assert_ptr_equal(s2, s1 + ((16 + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1)));
    assert_true((uintptr_t)big % ALIGN == 0);
    /* a second large block and more small ones still work */
    char *big2 = arena_alloc(&a, 100000);
    memset(big2, 2, 100000);
    char *s3 = arena_alloc(&a, 16);
    assert_true(s3 > s2);
    assert_int_equal(big[(1 << 20) - 1], 1);
    arena_release(&a);
}

static void test_strings(void **state)
{
    struct arena a = ARENA_INIT;
    char longfmt[5000];

    (void)state;
    const char *src = "hello, world";
    char *d = arena_strdup(&a, src);
    assert_string_equal(d, src);
    assert_ptr_not_equal(d, src);
    char *n = arena_strndup(&a, "abcdef", 3);
    assert_string_equal(n, "abc");
    n = arena_strndup(&a, "a\0c", 3); /* copies n bytes, NUL included, then terminates */
    assert_memory_equal(n, "a\0c\0", 4);
    assert_string_equal(arena_strndup(&a, "xyz", 0), "");
    assert_string_equal(arena_strdup(&a, ""), "");
    assert_string_equal(arena_printf(&a, "%s=%d;%05.1f", "k", -12, 2.25), "k=-12;002.2");
    memset(longfmt, 'z', sizeof longfmt - 1);
    longfmt[sizeof longfmt - 1] = '\0';
    char *p = arena_printf(&a, "[%s]%s", longfmt, longfmt);
    assert_int_equal(strlen(p), 2 * 4999 + 2);
    assert_int_equal(p[0], '[');
    assert_int_equal(p[5000], ']');
    assert_int_equal(p[2 * 4999 + 1], 'z');
    /* earlier strings are intact after many more allocations */
    for (int i = 0; i < 1000; i++)
        arena_printf(&a, "%d", i);
    assert_string_equal(d, src);
    arena_release(&a);
}

static void test_release_reuse(void **state)
{
    struct arena a = ARENA_INIT;

    (void)state;
    arena_release(&a); /* releasing an empty arena is fine */
    assert_null(a.head);
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 100; i++)
            memset(arena_alloc(&a, 1000), round, 1000);
        assert_non_null(a.head);
        arena_release(&a);
        assert_null(a.head);
    }
    arena_release(&a);
}

/* A size so large that rounding it up would wrap must abort, not return a pointer. */
static void test_huge_aborts(void **state)
{
    static const size_t huge[] = {SIZE_MAX, SIZE_MAX - 1, SIZE_MAX - sizeof(max_align_t)};

    (void)state;
    for (size_t i = 0; i < sizeof huge / sizeof huge[0]; i++) {
        int status = 0;
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            struct arena a = ARENA_INIT;
            /* the abort message is expected; keep the test log clean */
            if (!freopen("/dev/null", "w", stderr))
                _exit(3);
            void *p = arena_alloc(&a, huge[i]);
            _exit(p ? 0 : 2);
        }
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGABRT)
            fail_msg("arena_alloc(%zu) did not abort (status %#x)", huge[i], status);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alignment),         cmocka_unit_test(test_no_overlap),
        cmocka_unit_test(test_large_keeps_chunk), cmocka_unit_test(test_strings),
        cmocka_unit_test(test_release_reuse),     cmocka_unit_test(test_huge_aborts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
