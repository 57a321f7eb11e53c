/* SPDX-License-Identifier: MIT */
/* Tests of src/core/json_keys.c: the one check of a body's members and their types. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/json_keys.h"

#include <string.h>

static const char *const allowed[] = {"name", "user_id", "active", "extra", NULL};

static int check(const char *text, const char *types, struct err *err)
{
    json_t *body = json_loads(text, JSON_DECODE_ANY, NULL);
    int rc;

    assert_non_null(body);
    rc = json_check_keys(body, allowed, types, err);
    json_decref(body);
    return rc;
}

static void test_accepts_known_members_of_their_types(void **state)
{
    struct err err = ERR_INIT;

    (void)state;
    assert_int_equal(check("{}", "sib?", &err), 0);
    assert_int_equal(
        check("{\"name\":\"Ann\",\"user_id\":null,\"active\":true,\"extra\":[1]}", "sib?", &err),
        0);
    assert_int_equal(check("{\"user_id\":7}", "sib?", &err), 0);
    /* Members past the end of types are the caller's to check. */
    assert_int_equal(check("{\"active\":\"anything\",\"extra\":{}}", "s", &err), 0);
}

static void test_refuses_unknown_members_and_wrong_types(void **state)
{
    static const struct {
        const char *body, *field, *message;
    } cases[] = {
        {"{\"nmae\":\"Ann\"}", "nmae", "unknown field 'nmae'"},
        {"{\"name\":1}", "name", "'name' must be a string"},
        {"{\"user_id\":\"7\"}", "user_id", "'user_id' must be an integer"},
        {"{\"user_id\":1.5}", "user_id", "'user_id' must be an integer"},
        {"{\"active\":1}", "active", "'active' must be true or false"},
        {"{\"\":1}", "", "unknown field ''"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct err err = ERR_INIT;
        assert_int_equal(check(cases[i].body, "sib?", &err), UPT_EMALFORMED);
        assert_string_equal(err.field, cases[i].field);
        assert_string_equal(err.message, cases[i].message);
    }
    struct err err = ERR_INIT;
    assert_int_equal(check("[1]", "", &err), UPT_EMALFORMED);
    assert_string_equal(err.message, "the body must be a JSON object");
    assert_int_equal(check("null", "", &err), UPT_EMALFORMED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts_known_members_of_their_types),
        cmocka_unit_test(test_refuses_unknown_members_and_wrong_types),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
