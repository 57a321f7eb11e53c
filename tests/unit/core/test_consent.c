/* SPDX-License-Identifier: MIT */
/* Tests of src/core/consent.c: the effective choice (defaults, forbidden hiding), initials of
 * accented, single, hyphenated, CJK and empty names, who sees amounts, and the public form of a
 * person item for others, for the person themselves and when hidden. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/consent.h"

#include <stdlib.h>
#include <string.h>

static void expect_initials(const char *name, const char *want)
{
    char *got = consent_initials(name);
    assert_string_equal(got, want);
    free(got);
}

static void test_parse(void **state)
{
    (void)state;
    assert_int_equal(consent_parse("name"), CONSENT_NAME);
    assert_int_equal(consent_parse("initials"), CONSENT_INITIALS);
    assert_int_equal(consent_parse("hidden"), CONSENT_HIDDEN);
    assert_int_equal(consent_parse("Hidden"), -1);
    assert_int_equal(consent_parse(""), -1);
    assert_int_equal(consent_parse(NULL), -1);
    assert_string_equal(consent_choice_name(CONSENT_INITIALS), "initials");
}

static void test_effective(void **state)
{
    struct consent_settings cs = CONSENT_SETTINGS_DEFAULT;

    (void)state;
    assert_int_equal(consent_effective(&cs, NULL), CONSENT_NAME);
    assert_int_equal(consent_effective(&cs, "initials"), CONSENT_INITIALS);
    assert_int_equal(consent_effective(&cs, "hidden"), CONSENT_HIDDEN);
    assert_int_equal(consent_effective(&cs, "bogus"), CONSENT_NAME);
    cs.default_choice = CONSENT_INITIALS;
    assert_int_equal(consent_effective(&cs, NULL), CONSENT_INITIALS);
    assert_int_equal(consent_effective(&cs, "name"), CONSENT_NAME); /* the user's choice wins */
    cs.default_choice = CONSENT_HIDDEN;
    assert_int_equal(consent_effective(&cs, NULL), CONSENT_HIDDEN);
    cs.allow_hiding = 0; /* hiding forbidden: hidden falls back to initials, never the name */
    assert_int_equal(consent_effective(&cs, NULL), CONSENT_INITIALS);
    assert_int_equal(consent_effective(&cs, "hidden"), CONSENT_INITIALS);
    assert_int_equal(consent_effective(&cs, "name"), CONSENT_NAME);
}

static void test_initials(void **state)
{
    (void)state;
    expect_initials("Rita One", "R. O.");
    expect_initials("rita one", "R. O.");
    expect_initials("Cher", "C.");
    expect_initials("élodie Ørsted", "É. Ø.");
    expect_initials("Jean-Luc Picard", "J. L. P.");
    expect_initials("  Anna   von  Berg ", "A. V. B.");
    expect_initials("山田 太郎", "山. 太.");
    expect_initials("Σωκράτης", "Σ.");
    expect_initials("R. O.", "R. O.");
    expect_initials("(Rita)", "R.");
    expect_initials("() --", "");
    expect_initials("", "");
    expect_initials(NULL, "");
    expect_initials("\xff\xfe Bad", "B.");
}

static void test_display_name(void **state)
{
    char *s = consent_display_name("Rita One", CONSENT_NAME);

    (void)state;
    assert_string_equal(s, "Rita One");
    free(s);
    s = consent_display_name("Rita One", CONSENT_INITIALS);
    assert_string_equal(s, "R. O.");
    free(s);
    assert_null(consent_display_name("Rita One", CONSENT_HIDDEN));
}

static void test_amounts(void **state)
{
    struct consent_settings cs = CONSENT_SETTINGS_DEFAULT;
    struct consent_viewer admin = {1, 1, 0}, owner = {7, 0, 0}, manager = {3, 0, 1},
                          peer = {9, 0, 0};

    (void)state;
    assert_true(consent_sees_amounts(&cs, &admin, 7));
    assert_true(consent_sees_amounts(&cs, &owner, 7));
    assert_true(consent_sees_amounts(&cs, &manager, 7));
    assert_false(consent_sees_amounts(&cs, &peer, 7));
    assert_false(consent_sees_amounts(&cs, NULL, 7));
    cs.peers_see_amounts = 1;
    assert_true(consent_sees_amounts(&cs, &peer, 7));
    assert_true(consent_sees_amounts(&cs, NULL, 7));
}

static json_t *person(void)
{
    return json_pack("{s:I,s:s,s:I}", "user_id", (json_int_t)7, "name", "Rita One", "amount_minor",
                     (json_int_t)125000);
}

static void test_apply(void **state)
{
    struct consent_settings cs = CONSENT_SETTINGS_DEFAULT;
    struct consent_viewer peer = {9, 0, 0}, self = {7, 0, 0};
    json_t *it = person();

    (void)state;
    assert_int_equal(consent_apply(it, "user_id", "name", &cs, NULL, &peer), 1);
    assert_string_equal(json_string_value(json_object_get(it, "name")), "Rita One");
    assert_true(json_is_null(json_object_get(it, "amount_minor")));
    assert_string_equal(json_string_value(json_object_get(it, "visibility")), "name");
    json_decref(it);

    it = person();
    assert_int_equal(consent_apply(it, "user_id", "name", &cs, "initials", &peer), 1);
    assert_string_equal(json_string_value(json_object_get(it, "name")), "R. O.");
    json_decref(it);

    it = person();
    assert_int_equal(consent_apply(it, "user_id", "name", &cs, "hidden", &peer), 0);
    assert_string_equal(json_string_value(json_object_get(it, "name")), CONSENT_ANONYMOUS);
    assert_true(json_is_null(json_object_get(it, "user_id")));
    json_decref(it);

    it = person(); /* the hidden person sees themselves, marked, with their amount */
    assert_int_equal(consent_apply(it, "user_id", "name", &cs, "hidden", &self), 1);
    assert_string_equal(json_string_value(json_object_get(it, "name")), CONSENT_YOU_HIDDEN);
    assert_true(json_is_true(json_object_get(it, "you")));
    assert_int_equal(json_integer_value(json_object_get(it, "amount_minor")), 125000);
    assert_int_equal(json_integer_value(json_object_get(it, "user_id")), 7);
    json_decref(it);

    it = person(); /* a broadcast: nobody in particular */
    cs.peers_see_amounts = 1;
    assert_int_equal(consent_apply(it, "user_id", "name", &cs, "initials", NULL), 1);
    assert_string_equal(json_string_value(json_object_get(it, "name")), "R. O.");
    assert_int_equal(json_integer_value(json_object_get(it, "amount_minor")), 125000);
    json_decref(it);

    it = json_pack("{s:I,s:s}", "owner_id", (json_int_t)7, "owner_name", "Rita One");
    cs.allow_hiding = 0;
    assert_int_equal(consent_apply(it, "owner_id", "owner_name", &cs, "hidden", NULL), 1);
    assert_string_equal(json_string_value(json_object_get(it, "owner_name")), "R. O.");
    assert_null(json_object_get(it, "amount_minor")); /* absent members stay absent */
    json_decref(it);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),    cmocka_unit_test(test_effective),
        cmocka_unit_test(test_initials), cmocka_unit_test(test_display_name),
        cmocka_unit_test(test_amounts),  cmocka_unit_test(test_apply),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
