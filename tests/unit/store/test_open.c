/* SPDX-License-Identifier: MIT */
/* Tests of src/store/open.c's handling of --db targets: which ones name a file, and how a
 * target is shown in output and logs without its password. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/store.h"

#include <string.h>

static void test_file_paths(void **state)
{
    (void)state;
    assert_string_equal(store_file_path("data/uptake.db"), "data/uptake.db");
    assert_string_equal(store_file_path("sqlite:data/uptake.db"), "data/uptake.db");
    assert_string_equal(store_file_path("sqlite:///var/lib/u.db"), "/var/lib/u.db");
    assert_null(store_file_path("postgresql:///uptake?host=/tmp"));
    assert_null(store_file_path("postgres://u:p@db/uptake"));
    assert_null(store_file_path(":memory:"));
    assert_null(store_file_path("file:x.db?mode=memory"));
}

static void test_passwords_are_not_shown(void **state)
{
    char out[128];
    static const char *const cases[][2] = {
        {"postgresql://uptake:s3cret@db.example.com:5432/uptake",
         "postgresql://uptake:***@db.example.com:5432/uptake"},
        {"postgres://uptake@db/uptake?password=s3cret&sslmode=require",
         "postgres://uptake@db/uptake?password=***&sslmode=require"},
        {"postgresql:///uptake?host=/var/run/postgresql",
         "postgresql:///uptake?host=/var/run/postgresql"},
        {"postgresql://db/u?x=1&password=a:b@c", "postgresql://db/u?x=1&password=***"},
        {"data/uptake.db", "data/uptake.db"},
        {"data/mypassword=x.db", "data/mypassword=x.db"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        store_target_shown(cases[i][0], out, sizeof out);
        assert_string_equal(out, cases[i][1]);
    }
    /* A small buffer truncates, still terminated and never showing the secret. */
    store_target_shown("postgresql://u:s3cret@h/d", out, 12);
    assert_int_equal(strlen(out), 11);
    assert_null(strstr(out, "s3cret"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_paths),
        cmocka_unit_test(test_passwords_are_not_shown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
