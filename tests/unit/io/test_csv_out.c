/* SPDX-License-Identifier: MIT */
/* Tests of src/io/csv_out.c: quoting, doubled quotes, empty and NULL cells, CRLF rows, JSON
 * scalars, defused formulas, long and binary-looking text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "io/csv_out.h"

#include <stdlib.h>
#include <string.h>

static char *done(struct csv_out *c)
{
    return csv_out_detach(c, NULL);
}

static void test_quoting(void **state)
{
    struct csv_out c;

    (void)state;
    csv_out_init(&c);
    csv_cell(&c, "plain");
    csv_cell(&c, "with, comma");
    csv_cell(&c, "say \"hi\"");
    csv_cell(&c, "two\nlines");
    csv_cell(&c, "");
    csv_cell(&c, NULL);
    csv_row_end(&c);
    csv_cell_int(&c, -42);
    csv_row_end(&c);
    char *s = done(&c);
    assert_string_equal(
        s, "\"plain\",\"with, comma\",\"say \"\"hi\"\"\",\"two\nlines\",,\r\n\"-42\"\r\n");
    free(s);
}

static void test_formulas_defused(void **state)
{
    struct csv_out c;
    const char *risky[] = {"=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"};

    (void)state;
    for (size_t i = 0; i < sizeof risky / sizeof risky[0]; i++) {
        csv_out_init(&c);
        csv_cell(&c, risky[i]);
        char *s = done(&c);
        assert_int_equal(s[0], '"');
        assert_int_equal(s[1], '\'');
        assert_memory_equal(s + 2, risky[i], strlen(risky[i]));
        free(s);
    }
}

static void test_json_cells(void **state)
{
    struct csv_out c;
    json_t *v = json_pack("[s,i,f,b,n,{s:i}]", "x", 7, 0.5, 1, "a", 1);

    (void)state;
    csv_out_init(&c);
    for (size_t i = 0; i < json_array_size(v); i++)
        csv_cell_json(&c, json_array_get(v, i));
    csv_cell_json(&c, NULL);
    char *s = done(&c);
    assert_string_equal(s, "\"x\",\"7\",\"0.5\",\"true\",,\"{\"\"a\"\":1}\",");
    free(s);
    json_decref(v);
}

static void test_long_cell(void **state)
{
    struct csv_out c;
    size_t n = 100000, len = 0;
    char *big = malloc(n + 1);

    (void)state;
    memset(big, '"', n); /* the worst case: every byte doubled */
    big[n] = '\0';
    csv_out_init(&c);
    csv_cell(&c, big);
    char *s = csv_out_detach(&c, &len);
    assert_int_equal(len, 2 * n + 2);
    free(s);
    free(big);
    csv_out_init(&c);
    csv_cell(&c, "x");
    csv_out_release(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_formulas_defused),
        cmocka_unit_test(test_json_cells),
        cmocka_unit_test(test_long_cell),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
