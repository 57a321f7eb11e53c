/* SPDX-License-Identifier: MIT */
/* Tests of src/core/kind_rules.c through the kind descriptors: each case runs a kind's
 * before_write on a record (create: no old record; update: the stored one) with the facts the
 * store would have looked up, and compares the result or the refusal; or its after_write, and
 * compares the effects. JSON is written with '
 * for " to keep the tables readable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/records.h"

#include <stdlib.h>
#include <string.h>

#define NOW 1700000000000LL

static json_t *J(const char *text)
{
    char *s = strdup(text);
    json_error_t jerr;
    json_t *v;

    for (char *p = s; *p; p++)
        if (*p == '\'')
            *p = '"';
    v = json_loads(s, 0, &jerr);
    if (!v)
        fail_msg("test JSON does not parse: %s: %s", s, jerr.text);
    free(s);
    return v;
}

struct rule_case {
    const struct record_kind *k;
    const char *old;   /* NULL: a create */
    const char *input; /* the new record, or the merged record of an update */
    struct kind_facts facts;
    int code;          /* 0 or the refusal */
    const char *field; /* the field a refusal names */
    const char *want;  /* keys that must hold these values afterwards */
};

/* A stage of the pipeline: open (3), won (4), lost (5). */
#define OPEN_STAGE                                                                                 \
    {                                                                                              \
        .first_open_stage = 3                                                                      \
    }
#define WON_STAGE                                                                                  \
    {                                                                                              \
        .first_open_stage = 3, .stage_won = 1                                                      \
    }
#define LOST_STAGE                                                                                 \
    {                                                                                              \
        .first_open_stage = 3, .stage_lost = 1                                                     \
    }
#define NOW_J "1700000000000"

static const struct rule_case cases[] = {
    /* activity: occurred_at defaults to now on create, a given one is kept */
    {&kind_activity, NULL, "{'kind':'call'}", {0}, 0, NULL, "{'occurred_at':" NOW_J "}"},
    {&kind_activity, NULL, "{'occurred_at':5}", {0}, 0, NULL, "{'occurred_at':5}"},
    {&kind_activity,
     "{'occurred_at':5}",
     "{'occurred_at':null}",
     {0},
     0,
     NULL,
     "{'occurred_at':null}"},
    /* task: done_at is set when a task becomes done and cleared when it is reopened */
    {&kind_task, NULL, "{'title':'x'}", {0}, 0, NULL, "{'done':false,'done_at':null}"},
    {&kind_task, NULL, "{'done':true}", {0}, 0, NULL, "{'done':true,'done_at':" NOW_J "}"},
    {&kind_task,
     "{'done':false,'done_at':null}",
     "{'done':true,'done_at':null}",
     {0},
     0,
     NULL,
     "{'done':true,'done_at':" NOW_J "}"},
    {&kind_task,
     "{'done':true,'done_at':7}",
     "{'done':false,'done_at':7}",
     {0},
     0,
     NULL,
     "{'done':false,'done_at':null}"},
    {&kind_task,
     "{'done':true,'done_at':7}",
     "{'done':true,'done_at':7}",
     {0},
     0,
     NULL,
     "{'done':true,'done_at':7}"},
    {&kind_task,
     "{'done':true,'done_at':7}",
     "{'done':null,'done_at':7}",
     {0},
     0,
     NULL,
     "{'done':false,'done_at':null}"},
    /* lead: status defaults to new; converted only through conversion, and for good;
     * disqualified_reason only while disqualified */
    {&kind_lead, NULL, "{'last_name':'x'}", {0}, 0, NULL, "{'status':'new'}"},
    {&kind_lead, NULL, "{'status':'converted'}", {0}, UPT_EINVAL, "status", NULL},
    {&kind_lead,
     NULL,
     "{'status':'new','disqualified_reason':'no budget'}",
     {0},
     0,
     NULL,
     "{'disqualified_reason':null}"},
    {&kind_lead,
     NULL,
     "{'status':'disqualified','disqualified_reason':'no budget'}",
     {0},
     0,
     NULL,
     "{'disqualified_reason':'no budget'}"},
    {&kind_lead,
     "{'status':'new'}",
     "{'status':'disqualified','disqualified_reason':'spam'}",
     {0},
     0,
     NULL,
     "{'status':'disqualified','disqualified_reason':'spam'}"},
    {&kind_lead,
     "{'status':'disqualified','disqualified_reason':'spam'}",
     "{'status':'working','disqualified_reason':'spam'}",
     {0},
     0,
     NULL,
     "{'status':'working','disqualified_reason':null}"},
    {&kind_lead, "{'status':'new'}", "{'status':null}", {0}, UPT_EINVAL, "status", NULL},
    {&kind_lead, "{'status':'new'}", "{'status':'converted'}", {0}, UPT_EINVAL, "status", NULL},
    {&kind_lead, "{'status':'converted'}", "{'status':'new'}", {0}, UPT_EINVAL, "status", NULL},
    {&kind_lead,
     "{'status':'converted'}",
     "{'status':'converted','notes':'x'}",
     {0},
     0,
     NULL,
     "{'status':'converted'}"},
    /* stage: defaults on create (last position, probability 0, open); kept on update */
    {&kind_stage,
     NULL,
     "{'name':'Won'}",
     {.next_position = 4},
     0,
     NULL,
     "{'position':4,'probability':0,'is_won':false,'is_lost':false}"},
    {&kind_stage,
     NULL,
     "{'position':2,'probability':50,'is_won':true}",
     {.next_position = 4},
     0,
     NULL,
     "{'position':2,'probability':50,'is_won':true,'is_lost':false}"},
    {&kind_stage,
     "{'position':1,'probability':0}",
     "{'position':null,'probability':0}",
     {0},
     UPT_EINVAL,
     "position",
     NULL},
    {&kind_stage,
     "{'position':1,'probability':0}",
     "{'position':1,'probability':null}",
     {0},
     UPT_EINVAL,
     "probability",
     NULL},
    {&kind_stage,
     "{'position':1,'probability':0}",
     "{'position':1,'probability':0,'is_won':null,'is_lost':true}",
     {0},
     0,
     NULL,
     "{'is_won':false,'is_lost':true}"},
    /* deal: first open stage by default; closed_at on moving into won or lost; lost_reason kept
     * in a lost stage, cleared out of one */
    {&kind_deal, NULL, "{'name':'x'}", OPEN_STAGE, 0, NULL, "{'stage_id':3,'closed_at':null}"},
    {&kind_deal, NULL, "{'name':'x'}", {0}, UPT_EINVAL, "stage_id", NULL},
    {&kind_deal, NULL, "{'stage_id':4}", WON_STAGE, 0, NULL,
     "{'stage_id':4,'closed_at':" NOW_J "}"},
    {&kind_deal, NULL, "{'stage_id':5,'lost_reason':'price'}", LOST_STAGE, 0, NULL,
     "{'closed_at':" NOW_J ",'lost_reason':'price'}"},
    {&kind_deal, NULL, "{'lost_reason':'price'}", OPEN_STAGE, 0, NULL,
     "{'stage_id':3,'lost_reason':null}"},
    {&kind_deal, "{'stage_id':3,'closed_at':null}", "{'stage_id':5,'lost_reason':'price'}",
     LOST_STAGE, 0, NULL, "{'closed_at':" NOW_J ",'lost_reason':'price'}"},
    {&kind_deal, "{'stage_id':5,'closed_at':9,'lost_reason':'price'}",
     "{'stage_id':5,'closed_at':9,'lost_reason':'price','name':'y'}", LOST_STAGE, 0, NULL,
     "{'closed_at':9,'lost_reason':'price'}"},
    {&kind_deal, "{'stage_id':5,'closed_at':9,'lost_reason':'price'}",
     "{'stage_id':3,'closed_at':9,'lost_reason':'price'}", OPEN_STAGE, 0, NULL,
     "{'closed_at':null,'lost_reason':null}"},
    {&kind_deal, "{'stage_id':3}", "{'stage_id':null}", OPEN_STAGE, UPT_EINVAL, "stage_id", NULL},
};

static void test_before_write(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct rule_case *c = &cases[i];
        json_t *old = c->old ? J(c->old) : NULL, *r = J(c->input);
        struct err err = ERR_INIT;
        int rc;

        assert_non_null(c->k->rules.before_write);
        rc = c->k->rules.before_write(old, r, &c->facts, NOW, &err);
        if (rc != c->code)
            fail_msg("case %zu (%s): rc %d, want %d: %s", i, c->k->name, rc, c->code, err.message);
        if (c->field && strcmp(err.field, c->field) != 0)
            fail_msg("case %zu: field '%s', want '%s'", i, err.field, c->field);
        if (c->want) {
            json_t *want = J(c->want), *v;
            const char *key;
            json_object_foreach(want, key, v)
            {
                if (!json_equal(json_object_get(r, key), v)) {
                    char *got = json_dumps(r, JSON_SORT_KEYS);
                    fail_msg("case %zu (%s): '%s' wrong in %s", i, c->k->name, key, got);
                }
            }
            json_decref(want);
        }
        json_decref(old);
        json_decref(r);
    }
}

struct effects_case {
    const struct record_kind *k;
    const char *old, *after;
    struct kind_facts facts;
    int stage_moved;
    int64_t touch_lead;
    enum event_kind events[KIND_EFFECTS_MAX_EVENTS];
    const char *details[KIND_EFFECTS_MAX_EVENTS]; /* NULL: no detail expected */
    size_t nevents;
};

static const struct effects_case effects[] = {
    /* activity: a new one on a lead, or one moved onto another lead, touches it */
    {&kind_activity, NULL, "{'lead_id':8}", {0}, 0, 8, {0}, {NULL}, 0},
    {&kind_activity, NULL, "{'lead_id':null}", {0}, 0, 0, {0}, {NULL}, 0},
    {&kind_activity, "{'lead_id':8}", "{'lead_id':8,'body':'x'}", {0}, 0, 0, {0}, {NULL}, 0},
    {&kind_activity, "{'lead_id':8}", "{'lead_id':9}", {0}, 0, 9, {0}, {NULL}, 0},
    /* task: completed once when it becomes done, on time unless past due */
    {&kind_task,
     NULL,
     "{'done':true,'due_at':null}",
     {0},
     0,
     0,
     {EV_TASK_COMPLETED},
     {"{'on_time':true}"},
     1},
    {&kind_task,
     "{'done':false}",
     "{'done':true,'due_at':5}",
     {0},
     0,
     0,
     {EV_TASK_COMPLETED},
     {"{'on_time':false}"},
     1},
    {&kind_task,
     "{'done':false}",
     "{'done':true,'due_at':" NOW_J "}",
     {0},
     0,
     0,
     {EV_TASK_COMPLETED},
     {"{'on_time':true}"},
     1},
    {&kind_task, "{'done':true}", "{'done':true,'title':'y'}", {0}, 0, 0, {0}, {NULL}, 0},
    {&kind_task, "{'done':true}", "{'done':false}", {0}, 0, 0, {0}, {NULL}, 0},
    /* deal: a history row for every stage it gets; won or lost on entering such a stage */
    {&kind_deal, NULL, "{'stage_id':3}", OPEN_STAGE, 1, 0, {0}, {NULL}, 0},
    {&kind_deal,
     NULL,
     "{'stage_id':4,'amount_minor':100,'currency':'EUR'}",
     WON_STAGE,
     1,
     0,
     {EV_DEAL_WON},
     {"{'amount_minor':100,'currency':'EUR'}"},
     1},
    {&kind_deal,
     "{'stage_id':3}",
     "{'stage_id':5,'amount_minor':null,'currency':'EUR'}",
     LOST_STAGE,
     1,
     0,
     {EV_DEAL_STAGE_CHANGED, EV_DEAL_LOST},
     {"{'from_stage_id':3,'to_stage_id':5}", "{'amount_minor':null,'currency':'EUR'}"},
     2},
    {&kind_deal,
     "{'stage_id':4}",
     "{'stage_id':3}",
     OPEN_STAGE,
     1,
     0,
     {EV_DEAL_STAGE_CHANGED},
     {"{'from_stage_id':4,'to_stage_id':3}"},
     1},
    {&kind_deal, "{'stage_id':4}", "{'stage_id':4,'name':'z'}", WON_STAGE, 0, 0, {0}, {NULL}, 0},
};

static void test_after_write(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof effects / sizeof effects[0]; i++) {
        const struct effects_case *c = &effects[i];
        json_t *old = c->old ? J(c->old) : NULL, *after = J(c->after);
        struct kind_effects e = {0};

        assert_non_null(c->k->rules.after_write);
        c->k->rules.after_write(old, after, &c->facts, NOW, &e);
        if (e.stage_moved != c->stage_moved || e.touch_lead != c->touch_lead ||
            e.nevents != c->nevents)
            fail_msg("case %zu (%s): stage_moved %d, touch_lead %lld, %zu events", i, c->k->name,
                     e.stage_moved, (long long)e.touch_lead, e.nevents);
        for (size_t j = 0; j < e.nevents; j++) {
            json_t *want = c->details[j] ? J(c->details[j]) : NULL;
            assert_int_equal(e.events[j].kind, c->events[j]);
            if (!json_equal(e.events[j].detail, want))
                fail_msg("case %zu (%s): event %zu detail differs", i, c->k->name, j);
            json_decref(want);
        }
        kind_effects_release(&e);
        json_decref(old);
        json_decref(after);
    }
}

/* An activity's notes are judged when new or changed (core/note_content.c): the verdict is
 * kept on the record and its created event says meaningful only for real content. */
static void test_created_activity(void **state)
{
    static const char genuine[] =
        "Called Dana about the renewal; she wants a revised quote with two seats by Friday.";
    struct kind_facts fresh = {0}, repeated = {0};
    static const struct {
        const char *body; /* NULL: no notes */
        int real;
        const char *reason;
    } notes[] = {
        {genuine, 1, NULL},
        {"a                                      b", 0, "shorter than 40 characters"},
        {"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 0, NULL},
        {"test test test test test test test test test test test", 0, NULL},
        {NULL, 0, "no notes"},
    };
    struct err err = ERR_INIT;

    (void)state;
    repeated.recent_notes[0] = (char *)genuine;
    repeated.nrecent = 1;
    for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++) {
        json_t *r = json_pack("{s:s,s:s?}", "kind", "call", "body", notes[i].body);
        assert_int_equal(kind_activity.rules.before_write(NULL, r, &fresh, NOW, &err), 0);
        if (json_is_true(json_object_get(r, "notes_real")) != notes[i].real)
            fail_msg("case %zu: notes_real should be %d", i, notes[i].real);
        const char *reason = json_string_value(json_object_get(r, "notes_reason"));
        if (notes[i].real ? reason != NULL : reason == NULL)
            fail_msg("case %zu: a reason only when not real", i);
        if (notes[i].reason)
            assert_string_equal(reason, notes[i].reason);
        json_t *d = kind_activity.rules.created_detail(r, &fresh);
        assert_string_equal(json_string_value(json_object_get(d, "kind")), "call");
        if (json_is_true(json_object_get(d, "meaningful")) != notes[i].real)
            fail_msg("case %zu: meaningful should be %d", i, notes[i].real);
        json_decref(d);
        json_decref(r);
    }
    /* The same notes as a recent note of the owner's are no new content. */
    json_t *r = json_pack("{s:s,s:s}", "kind", "call", "body", genuine);
    assert_int_equal(kind_activity.rules.before_write(NULL, r, &repeated, NOW, &err), 0);
    assert_true(json_is_false(json_object_get(r, "notes_real")));
    assert_string_equal(json_string_value(json_object_get(r, "notes_reason")),
                        "nearly the same as an earlier note");
    json_decref(r);
    /* An update judges notes again only when they change. */
    json_t *old = json_pack("{s:s,s:s,s:b}", "kind", "call", "body", genuine, "notes_real", 1);
    r = json_pack("{s:s,s:s,s:b}", "kind", "call", "body", genuine, "notes_real", 1);
    assert_int_equal(kind_activity.rules.before_write(old, r, &repeated, NOW, &err), 0);
    assert_true(json_is_true(json_object_get(r, "notes_real")));
    json_object_set_new(r, "body", json_string("asdf asdf asdf asdf asdf asdf asdf asdf asdf"));
    assert_int_equal(kind_activity.rules.before_write(old, r, &fresh, NOW, &err), 0);
    assert_true(json_is_false(json_object_get(r, "notes_real")));
    json_decref(r);
    json_decref(old);
    assert_null(kind_contact.rules.created_detail);
}

/* The store calls one rule per kind, and asks only for the facts a rule reads. */
static void test_descriptors(void **state)
{
    (void)state;
    assert_null(kind_contact.rules.before_write);
    assert_null(kind_organization.rules.before_write);
    assert_int_equal(kind_deal.rules.needs, KIND_NEEDS_STAGE);
    assert_int_equal(kind_stage.rules.needs, KIND_NEEDS_POSITION);
    assert_int_equal(kind_task.rules.needs, 0);
    assert_null(kind_lead.rules.after_write);
    assert_null(kind_stage.rules.after_write);
    /* found by full text: organizations, contacts, leads, deals; contacts and deals also by
     * their organization's name */
    for (int i = 0; records_kinds[i]; i++) {
        const struct record_kind *k = records_kinds[i];
        int indexed =
            k == &kind_organization || k == &kind_contact || k == &kind_lead || k == &kind_deal;
        int org_name = k == &kind_contact || k == &kind_deal;
        assert_int_equal(!!(k->search & KIND_SEARCH_INDEXED), indexed);
        assert_int_equal(!!(k->search & KIND_SEARCH_ORG_NAME), org_name);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_before_write),
        cmocka_unit_test(test_after_write),
        cmocka_unit_test(test_created_activity),
        cmocka_unit_test(test_descriptors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
