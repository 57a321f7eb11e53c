/* SPDX-License-Identifier: MIT */
/* Tests of src/core/err.c: formatting of error detail, truncation, and the stable code names
 * the API returns as "code". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/err.h"

#include <string.h>

static void test_set(void **state)
{
    struct err e = ERR_INIT;

    (void)state;
    assert_int_equal(e.code, 0);
    assert_string_equal(e.field, "");
    assert_string_equal(e.message, "");
    assert_int_equal(err_set(&e, UPT_ENOTFOUND, "contact '%d' not found", 42), UPT_ENOTFOUND);
    assert_int_equal(e.code, UPT_ENOTFOUND);
    assert_string_equal(e.message, "contact '42' not found");
    assert_string_equal(e.field, "");
}

static void test_field(void **state)
{
    struct err e = ERR_INIT;

    (void)state;
    assert_int_equal(
        err_field(&e, UPT_EINVAL, "email", "'%s' must be %s", "email", "an email address"),
        UPT_EINVAL);
    assert_int_equal(e.code, UPT_EINVAL);
    assert_string_equal(e.field, "email");
    assert_string_equal(e.message, "'email' must be an email address");
    /* err_set afterwards replaces everything, field included */
    err_set(&e, UPT_EDB, "database is locked");
    assert_string_equal(e.field, "");
    assert_string_equal(e.message, "database is locked");
    /* a NULL field is the same as none */
    err_field(&e, UPT_EINVAL, NULL, "x");
    assert_string_equal(e.field, "");
}

/* A NULL err is allowed: the code is still returned. */
static void test_null_err(void **state)
{
    (void)state;
    assert_int_equal(err_set(NULL, UPT_EPERM, "no %s", "way"), UPT_EPERM);
    assert_int_equal(err_field(NULL, UPT_EINVAL, "f", "bad"), UPT_EINVAL);
}

/* Long messages and field names are cut to fit, always terminated. */
static void test_truncation(void **state)
{
    struct err e;
    char longtext[1000];

    (void)state;
    memset(&e, 'x', sizeof e);
    memset(longtext, 'm', sizeof longtext - 1);
    longtext[sizeof longtext - 1] = '\0';
    err_field(&e, UPT_EINVAL, longtext, "%s!", longtext);
    assert_int_equal(strlen(e.field), sizeof e.field - 1);
    assert_int_equal(strlen(e.message), sizeof e.message - 1);
    assert_int_equal(e.message[0], 'm');
}

static void test_clear(void **state)
{
    struct err e = ERR_INIT;

    (void)state;
    err_field(&e, UPT_EINVAL, "name", "bad");
    err_clear(&e);
    assert_int_equal(e.code, 0);
    assert_string_equal(e.field, "");
    assert_string_equal(e.message, "");
}

struct name_case {
    int code;
    const char *name;
};

static const struct name_case names[] = {
    {UPT_EMALFORMED, "bad_request"},
    {UPT_EINVAL, "invalid_field"},
    {UPT_ENOTFOUND, "not_found"},
    {UPT_ECONFLICT, "conflict"},
    {UPT_EAUTH, "unauthorized"},
    {UPT_EPERM, "forbidden"},
    {UPT_ETOOBIG, "too_large"},
    {UPT_ELIMIT, "rate_limited"},
    {UPT_EVERSION, "version"},
    {UPT_EDB, "internal"},
    {UPT_EIO, "internal"},
    {-999, "internal"},
    {12345, "internal"},
};

static void test_code_names(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(err_code_name(names[i].code), names[i].name) != 0)
            fail_msg("err_code_name(%d) = %s, want %s", names[i].code, err_code_name(names[i].code),
                     names[i].name);
    /* every client-facing code has its own name */
    for (int a = UPT_EVERSION; a <= UPT_EMALFORMED; a++)
        for (int b = a + 1; b <= UPT_EMALFORMED; b++)
            if (strcmp(err_code_name(a), "internal") != 0)
                assert_string_not_equal(err_code_name(a), err_code_name(b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set),      cmocka_unit_test(test_field),
        cmocka_unit_test(test_null_err), cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_clear),    cmocka_unit_test(test_code_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
