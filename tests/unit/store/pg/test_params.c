/* SPDX-License-Identifier: MIT */
/* Tests of src/store/pg/params.c: SQLite-style parameters become libpq's $1..$N, numbered as
 * SQLite numbers them, and quoted text, comments and casts are left alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/pg/params.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_repeated_names(void **state)
{
    struct pg_params p;

    (void)state;
    pg_params_rewrite("SELECT * FROM t WHERE a = $id OR b = $id OR c = $other_1", &p);
    assert_string_equal(p.sql, "SELECT * FROM t WHERE a = $1 OR b = $1 OR c = $2");
    assert_int_equal(p.n, 2);
    assert_string_equal(p.names[0], "$id");
    assert_string_equal(p.names[1], "$other_1");
    assert_int_equal(pg_params_index(&p, "$id"), 1);
    assert_int_equal(pg_params_index(&p, "$other_1"), 2);
    assert_int_equal(pg_params_index(&p, "$missing"), 0);
    assert_int_equal(pg_params_index(&p, "$i"), 0);
    pg_params_release(&p);
}

static void test_mixed(void **state)
{
    struct pg_params p;

    (void)state;
    pg_params_rewrite("INSERT INTO t VALUES (?, $a, ?, $a, $_b)", &p);
    assert_string_equal(p.sql, "INSERT INTO t VALUES ($1, $2, $3, $2, $4)");
    assert_int_equal(p.n, 4);
    assert_null(p.names[0]);
    assert_string_equal(p.names[1], "$a");
    assert_null(p.names[2]);
    assert_string_equal(p.names[3], "$_b");
    pg_params_release(&p);
}

/* ?NNN keeps its number, as SQLite binds it by that position (store/rollup.c). */
static void test_numbered_question_marks(void **state)
{
    struct pg_params p;

    (void)state;
    pg_params_rewrite("VALUES (?1, ?2, ?15, ?3) ON CONFLICT DO UPDATE SET a = ?1 + ?0", &p);
    assert_string_equal(p.sql, "VALUES ($1, $2, $15, $3) ON CONFLICT DO UPDATE SET a = $1 + ?0");
    assert_int_equal(p.n, 15);
    assert_null(p.names[14]);
    pg_params_release(&p);
}

static void test_quotes_and_comments(void **state)
{
    struct pg_params p;
    const char *sql = "SELECT '$x ? it''s $y', \"col$z?\" -- $c ?\n"
                      ", /* $d ? */ $e FROM t WHERE a = ?";

    (void)state;
    pg_params_rewrite(sql, &p);
    assert_string_equal(p.sql, "SELECT '$x ? it''s $y', \"col$z?\" -- $c ?\n"
                               ", /* $d ? */ $1 FROM t WHERE a = $2");
    assert_int_equal(p.n, 2);
    assert_string_equal(p.names[0], "$e");
    assert_null(p.names[1]);
    pg_params_release(&p);
}

/* "$1" is a name, as in SQLite: numbered by first appearance, not by its digits. */
static void test_numbered_input(void **state)
{
    struct pg_params p;

    (void)state;
    pg_params_rewrite("VALUES ($2, $1, $2)", &p);
    assert_string_equal(p.sql, "VALUES ($1, $2, $1)");
    assert_int_equal(pg_params_index(&p, "$2"), 1);
    assert_int_equal(pg_params_index(&p, "$1"), 2);
    pg_params_release(&p);
    pg_params_rewrite("VALUES ($1, $2, $3)", &p);
    assert_string_equal(p.sql, "VALUES ($1, $2, $3)");
    assert_int_equal(pg_params_index(&p, "$3"), 3);
    pg_params_release(&p);
}

static void test_casts_and_bare_dollar(void **state)
{
    struct pg_params p;

    (void)state;
    pg_params_rewrite("SELECT $v::bigint, ?::text, x::int, '1'::json, $ , $$", &p);
    assert_string_equal(p.sql, "SELECT $1::bigint, $2::text, x::int, '1'::json, $ , $$");
    assert_int_equal(p.n, 2);
    pg_params_release(&p);
}

static void test_empty(void **state)
{
    struct pg_params p;

    (void)state;
    pg_params_rewrite("", &p);
    assert_string_equal(p.sql, "");
    assert_int_equal(p.n, 0);
    assert_int_equal(pg_params_index(&p, "$a"), 0);
    pg_params_release(&p);
}

/* Many parameters: numbers grow past one digit and the output grows past the input. */
static void test_long(void **state)
{
    struct pg_params p;
    size_t n = 5000, len = n * 2 + 16;
    char *sql = malloc(len), *want = malloc(n * 8 + 16);
    size_t o = 0, w = 0;

    (void)state;
    o += (size_t)snprintf(sql + o, len - o, "VALUES (");
    w += (size_t)snprintf(want + w, n * 8 + 16 - w, "VALUES (");
    for (size_t i = 0; i < n; i++) {
        o += (size_t)snprintf(sql + o, len - o, i ? ",?" : "?");
        w += (size_t)snprintf(want + w, n * 8 + 16 - w, i ? ",$%zu" : "$%zu", i + 1);
    }
    snprintf(sql + o, len - o, ")");
    snprintf(want + w, n * 8 + 16 - w, ")");
    pg_params_rewrite(sql, &p);
    assert_int_equal(p.n, (int)n);
    assert_string_equal(p.sql, want);
    pg_params_release(&p);
    free(sql);
    free(want);
}

/* An unterminated quote or comment runs to the end; nothing past the NUL is read (ASan would
 * tell: the inputs are exact-size heap copies). */
static void test_unterminated(void **state)
{
    static const char *const cases[] = {"SELECT 'abc $x", "SELECT \"abc",  "SELECT 'it''",
                                        "SELECT /* $x",   "SELECT -- $x",  "SELECT '",
                                        "$a /*",          "SELECT $a, '$b"};

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct pg_params p;
        size_t len = strlen(cases[i]);
        char *copy = malloc(len + 1);
        memcpy(copy, cases[i], len + 1);
        pg_params_rewrite(copy, &p);
        assert_non_null(p.sql);
        free(copy);
        pg_params_release(&p);
    }
    struct pg_params p;
    pg_params_rewrite("SELECT $a, '$b", &p);
    assert_string_equal(p.sql, "SELECT $1, '$b");
    assert_int_equal(p.n, 1);
    pg_params_release(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repeated_names),
        cmocka_unit_test(test_mixed),
        cmocka_unit_test(test_numbered_question_marks),
        cmocka_unit_test(test_quotes_and_comments),
        cmocka_unit_test(test_numbered_input),
        cmocka_unit_test(test_casts_and_bare_dollar),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_long),
        cmocka_unit_test(test_unterminated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
