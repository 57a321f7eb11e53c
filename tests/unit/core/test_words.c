/* SPDX-License-Identifier: MIT */
/* Tests of src/core/words.c: the words search takes from what was typed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/words.h"

#include <stdio.h>
#include <string.h>

/* The words of typed joined by '|'. */
static void words_of(const char *typed, char *out, size_t size)
{
    const char *w = typed;
    size_t len = 0, o = 0;

    out[0] = '\0';
    while ((w = words_next(w, &len)) != NULL) {
        o += (size_t)snprintf(out + o, size - o, "%s%.*s", o ? "|" : "", (int)len, w);
        w += len;
    }
}

static void test_words(void **state)
{
    static const char *const cases[][2] = {
        {"ann@example.com", "ann|example|com"},
        {"  Zoë   Müller-Lüdenscheidt ", "Zoë|Müller|Lüdenscheidt"},
        {"+1 (555) 123-4567", "1|555|123|4567"},
        {"\"quoted\" AND OR NEAR(*)", "quoted|AND|OR|NEAR"},
        {"東京 office", "東京|office"},
        {"", ""},
        {"!!! ... ---", ""},
    };
    char out[128];

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        words_of(cases[i][0], out, sizeof out);
        assert_string_equal(out, cases[i][1]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
