/* SPDX-License-Identifier: MIT */
/* Tests of src/core/points_rules.c: the defaults award a genuine call, refuse filler notes with
 * the judge's reason, cut awards at the daily and weekly caps, pick the deal tier, time the
 * meeting window, and refuse rules an admin cannot write. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/note_content.h"
#include "core/points_rules.h"

#include <string.h>

#define HOUR (3600 * 1000LL)

static void call_fact(struct points_fact *f, const char *body, struct note_verdict *v)
{
    memset(f, 0, sizeof *f);
    note_judge(body, NULL, 0, v);
    f->kind = EV_ACTIVITY_LOGGED;
    f->user_id = 7;
    f->at = 1764000000000LL;
    f->activity_kind = "call";
    f->notes_judged = 1;
    f->notes_real = v->real;
    f->notes_reason = v->reason;
    f->amount_minor = -1;
}

static void test_genuine_call_earns(void **state)
{
    size_t n;
    const struct points_rule *rules = points_rules_default(&n);
    struct points_fact f;
    struct note_verdict v;
    struct points_outcome out;

    (void)state;
    call_fact(&f,
              "Spoke with Maria about the renewal: budget approved for Q3, she wants the "
              "security review before signing.",
              &v);
    assert_true(v.real);
    points_evaluate(rules, n, &f, NULL, 0, &out);
    assert_int_equal(out.n, 1);
    assert_int_equal(out.awards[0].rule_id, 1);
    assert_int_equal(out.awards[0].points, 5);
    assert_null(out.awards[0].capped);
    assert_null(out.flag);
}

static void test_filler_refused_with_reason(void **state)
{
    size_t n;
    const struct points_rule *rules = points_rules_default(&n);
    struct points_fact f;
    struct note_verdict v;
    struct points_outcome out;
    static const char *const junk[] = {
        "a                                      b",
        "test test test test test test test test test test",
        "asdfasdf jkljkl asdf qwerty asdfgh jkl asdf",
        "call done ok follow up call done ok follow up",
        NULL,
    };

    (void)state;
    for (int i = 0; junk[i]; i++) {
        call_fact(&f, junk[i], &v);
        points_evaluate(rules, n, &f, NULL, 0, &out);
        assert_int_equal(out.n, 0);
        assert_non_null(out.flag);
        assert_int_equal(out.flag_rule, 1);
    }
    /* no notes at all: refused, flagged "no notes" */
    call_fact(&f, NULL, &v);
    points_evaluate(rules, n, &f, NULL, 0, &out);
    assert_int_equal(out.n, 0);
    assert_string_equal(out.flag, "no notes");
}

static void test_caps(void **state)
{
    size_t n;
    const struct points_rule *rules = points_rules_default(&n);
    struct points_fact f;
    struct note_verdict v;
    struct points_outcome out;
    struct points_used used = {1, 38, 38};

    (void)state;
    call_fact(&f, "Walked through the pricing sheet with Jonas; procurement needs two quotes.", &v);
    /* 38 of the daily 40: only 2 left */
    points_evaluate(rules, n, &f, &used, 1, &out);
    assert_int_equal(out.n, 1);
    assert_int_equal(out.awards[0].points, 2);
    assert_string_equal(out.awards[0].capped, "daily cap");
    /* the daily cap used up: nothing, counted as capped, not flagged */
    used.day = 40;
    points_evaluate(rules, n, &f, &used, 1, &out);
    assert_int_equal(out.n, 0);
    assert_int_equal(out.capped, 1);
    assert_null(out.flag);
    /* a new day but the week's 150 nearly used */
    used.day = 0;
    used.week = 147;
    points_evaluate(rules, n, &f, &used, 1, &out);
    assert_int_equal(out.awards[0].points, 3);
    assert_string_equal(out.awards[0].capped, "weekly cap");
    /* a used entry of another rule does not count against this one */
    used.rule_id = 2;
    points_evaluate(rules, n, &f, &used, 1, &out);
    assert_int_equal(out.awards[0].points, 5);
}

static void test_meeting_window(void **state)
{
    size_t n;
    const struct points_rule *rules = points_rules_default(&n);
    struct points_fact f;
    struct note_verdict v;
    struct points_outcome out;

    (void)state;
    call_fact(&f,
              "Demo for the warehouse team; they asked about barcode scanning and offline "
              "mode, next is a pilot in Leeds.",
              &v);
    f.activity_kind = "meeting";
    f.occurred_at = f.at - 23 * HOUR;
    points_evaluate(rules, n, &f, NULL, 0, &out);
    assert_int_equal(out.n, 1);
    assert_int_equal(out.awards[0].rule_id, 2);
    assert_int_equal(out.awards[0].points, 8);
    f.occurred_at = f.at - 25 * HOUR; /* written too late */
    points_evaluate(rules, n, &f, NULL, 0, &out);
    assert_int_equal(out.n, 0);
    f.occurred_at = f.at + HOUR; /* notes of a meeting that has not happened */
    points_evaluate(rules, n, &f, NULL, 0, &out);
    assert_int_equal(out.n, 0);
    /* an email with real notes earns nothing by default (no rule), and is not junk */
    f.activity_kind = "email";
    points_evaluate(rules, n, &f, NULL, 0, &out);
    assert_int_equal(out.n, 0);
    assert_null(out.flag);
}

static void test_deal_tiers_and_contacts(void **state)
{
    size_t n;
    const struct points_rule *rules = points_rules_default(&n);
    struct points_fact f = {.kind = EV_DEAL_WON, .user_id = 3, .at = 1, .amount_minor = 999999};
    struct points_outcome out;

    (void)state;
    points_evaluate(rules, n, &f, NULL, 0, &out);
    assert_int_equal(out.n, 1);
    assert_int_equal(out.awards[0].rule_id, 4);
    assert_int_equal(out.awards[0].points, 20);
    f.amount_minor = 1000000;
    points_evaluate(rules, n, &f, NULL, 0, &out);
    assert_int_equal(out.n, 1);
    assert_int_equal(out.awards[0].rule_id, 5);
    assert_int_equal(out.awards[0].points, 50);
    f.amount_minor = -1; /* no amount: no tier */
    points_evaluate(rules, n, &f, NULL, 0, &out);
    assert_int_equal(out.n, 0);
    /* a contact: only with an email or a phone */
    f = (struct points_fact){.kind = EV_CONTACT_CREATED, .user_id = 3, .at = 1};
    points_evaluate(rules, n, &f, NULL, 0, &out);
    assert_int_equal(out.n, 0);
    f.reachable = 1;
    points_evaluate(rules, n, &f, NULL, 0, &out);
    assert_int_equal(out.n, 1);
    assert_int_equal(out.awards[0].points, 1);
    /* nobody credited (a record without owner): nothing */
    f.user_id = 0;
    points_evaluate(rules, n, &f, NULL, 0, &out);
    assert_int_equal(out.n, 0);
}

static void test_inactive_and_check(void **state)
{
    size_t n;
    const struct points_rule *defs = points_rules_default(&n);
    struct points_rule r = defs[0];
    const char *why, *field;

    (void)state;
    for (size_t i = 0; i < n; i++)
        assert_int_equal(points_rule_check(&defs[i], &field, &why), 0);
    r.points = 0;
    assert_int_equal(points_rule_check(&r, &field, &why), -1);
    assert_string_equal(why, "points must be 1 to 1000");
    assert_string_equal(field, "points");
    r.points = 5;
    r.cap_day = -1;
    assert_int_equal(points_rule_check(&r, &field, &why), -1);
    r.cap_day = 0;
    r.kind = EV_SEARCH; /* a read is no change */
    assert_int_equal(points_rule_check(&r, &field, &why), -1);
    r.kind = EV_DEAL_WON; /* notes on a deal */
    assert_int_equal(points_rule_check(&r, &field, &why), -1);
    assert_string_equal(why, "condition does not fit the event_kind's record");
    r.condition = POINTS_COND_DEAL_AMOUNT;
    r.amount_min = 10;
    r.amount_max = 5;
    assert_int_equal(points_rule_check(&r, &field, &why), -1);
    r.amount_max = 0;
    assert_int_equal(points_rule_check(&r, &field, &why), 0);
    r.name = "";
    assert_int_equal(points_rule_check(&r, &field, &why), -1);
    assert_int_equal(points_condition_parse("meeting_notes_24h"), POINTS_COND_MEETING_NOTES_24H);
    assert_int_equal(points_condition_parse("nope"), -1);
    assert_string_equal(points_condition_name(POINTS_COND_CALL_NOTES), "call_notes");
}

static void test_inactive_rule_earns_nothing(void **state)
{
    size_t n;
    const struct points_rule *defs = points_rules_default(&n);
    struct points_rule r[2] = {defs[3], defs[3]};
    struct points_fact f = {.kind = EV_DEAL_WON, .user_id = 3, .at = 1, .amount_minor = 10};
    struct points_outcome out;

    (void)state;
    r[0].active = 0;
    r[1].id = 9;
    r[1].points = 7;
    points_evaluate(r, 2, &f, NULL, 0, &out);
    assert_int_equal(out.n, 1);
    assert_int_equal(out.awards[0].rule_id, 9);
    assert_int_equal(out.awards[0].points, 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_genuine_call_earns),
        cmocka_unit_test(test_filler_refused_with_reason),
        cmocka_unit_test(test_caps),
        cmocka_unit_test(test_meeting_window),
        cmocka_unit_test(test_deal_tiers_and_contacts),
        cmocka_unit_test(test_inactive_and_check),
        cmocka_unit_test(test_inactive_rule_earns_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
