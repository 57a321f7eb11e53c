/* SPDX-License-Identifier: MIT */
/* The before-write rules of the record kinds (see kind_rules.h). */
#include "core/kind_rules.h"
#include "core/adoption.h"

#include <assert.h>
#include <string.h>

static int is_set(const json_t *r, const char *key)
{
    json_t *v = json_object_get(r, key);
    return v && !json_is_null(v);
}

/* Whether an activity's notes are to be judged: a new activity's, or changed ones. */
int kind_notes_to_judge(const json_t *old, const json_t *r)
{
    return !old || !json_equal(json_object_get(old, "body"), json_object_get(r, "body"));
}

/* An activity happened now unless told otherwise; its notes are judged when they are new or
 * change (against the owner's recent ones in facts), the verdict kept in notes_real and, when
 * not real, why in notes_reason. */
int kind_rules_activity(const json_t *old, json_t *r, const struct kind_facts *facts, int64_t now,
                        struct err *err)
{
    (void)err;
    if (!old && !is_set(r, "occurred_at"))
        json_object_set_new(r, "occurred_at", json_integer(now));
    if (kind_notes_to_judge(old, r)) {
        struct note_verdict v;
        note_judge(json_string_value(json_object_get(r, "body")),
                   (const char *const *)facts->recent_notes, facts->nrecent, &v);
        json_object_set_new(r, "notes_real", json_boolean(v.real));
        json_object_set_new(r, "notes_reason", v.reason ? json_string(v.reason) : json_null());
    }
    return 0;
}

/* A task is done or not (never null); done_at is when it last became done. */
int kind_rules_task(const json_t *old, json_t *r, const struct kind_facts *facts, int64_t now,
                    struct err *err)
{
    int was = old && json_is_true(json_object_get(old, "done"));
    int done = json_is_true(json_object_get(r, "done"));

    (void)facts;
    (void)err;
    if (!old || !json_is_boolean(json_object_get(r, "done")))
        json_object_set_new(r, "done", json_boolean(done));
    if (!old || was != done)
        json_object_set_new(r, "done_at", done ? json_integer(now) : json_null());
    return 0;
}

/* A disqualification reason belongs to a disqualified lead: any other lead drops it. */
static void keep_reason_if_disqualified(json_t *r)
{
    const char *status = json_string_value(json_object_get(r, "status"));

    if (is_set(r, "disqualified_reason") && (!status || strcmp(status, "disqualified") != 0))
        json_object_set_new(r, "disqualified_reason", json_null());
}

/* A lead starts 'new'; it becomes 'converted' only through conversion, and stays so. */
int kind_rules_lead(const json_t *old, json_t *r, const struct kind_facts *facts, int64_t now,
                    struct err *err)
{
    const char *was = old ? json_string_value(json_object_get(old, "status")) : NULL;
    const char *status;

    (void)facts;
    (void)now;
    if (!old && !is_set(r, "status"))
        json_object_set_new(r, "status", json_string("new"));
    status = json_string_value(json_object_get(r, "status"));
    if (!status)
        return err_field(err, UPT_EINVAL, "status", "a lead needs a status");
    if (was && strcmp(was, status) != 0 && strcmp(was, "converted") == 0)
        return err_field(err, UPT_EINVAL, "status", "a converted lead stays converted");
    if ((!was || strcmp(was, status) != 0) && strcmp(status, "converted") == 0)
        return err_field(err, UPT_EINVAL, "status",
                         "a lead becomes 'converted' through POST /leads/{id}/convert");
    keep_reason_if_disqualified(r);
    return 0;
}

/* A new stage goes last, at probability 0, neither won nor lost; a stage keeps a position and
 * a probability. */
int kind_rules_stage(const json_t *old, json_t *r, const struct kind_facts *facts, int64_t now,
                     struct err *err)
{
    (void)now;
    if (!old) {
        if (!is_set(r, "position"))
            json_object_set_new(r, "position", json_integer(facts->next_position));
        if (!is_set(r, "probability"))
            json_object_set_new(r, "probability", json_integer(0));
    } else if (!is_set(r, "position") || !is_set(r, "probability")) {
        return err_field(err, UPT_EINVAL, is_set(r, "position") ? "probability" : "position",
                         "a stage needs a position and a probability");
    }
    if (!json_is_boolean(json_object_get(r, "is_won")))
        json_object_set_new(r, "is_won", json_false());
    if (!json_is_boolean(json_object_get(r, "is_lost")))
        json_object_set_new(r, "is_lost", json_false());
    return 0;
}

/* A new deal starts in the first open stage; closed_at is when it last moved into a won or lost
 * stage (null while open); a lost reason belongs to a lost deal: any other deal drops it, so
 * reopening one clears it. */
int kind_rules_deal(const json_t *old, json_t *r, const struct kind_facts *facts, int64_t now,
                    struct err *err)
{
    int closed = facts->stage_won || facts->stage_lost;

    if (!is_set(r, "stage_id")) {
        if (old)
            return err_field(err, UPT_EINVAL, "stage_id", "a deal needs a stage");
        if (!facts->first_open_stage)
            return err_field(err, UPT_EINVAL, "stage_id", "the pipeline has no open stage");
        json_object_set_new(r, "stage_id", json_integer(facts->first_open_stage));
    }
    if (!old || !json_equal(json_object_get(old, "stage_id"), json_object_get(r, "stage_id")))
        json_object_set_new(r, "closed_at", closed ? json_integer(now) : json_null());
    if (is_set(r, "lost_reason") && !facts->stage_lost)
        json_object_set_new(r, "lost_reason", json_null());
    return 0;
}

static void add_event(struct kind_effects *out, enum event_kind kind, json_t *detail)
{
    assert(out->nevents < KIND_EFFECTS_MAX_EVENTS);
    out->events[out->nevents].kind = kind;
    out->events[out->nevents++].detail = detail;
}

/* A new activity on a lead, or one moved onto a lead, works the lead. */
void kind_effects_activity(const json_t *old, const json_t *after, const struct kind_facts *facts,
                           int64_t now, struct kind_effects *out)
{
    json_t *lead = json_object_get(after, "lead_id");

    (void)facts;
    (void)now;
    if (json_is_integer(lead) && (!old || !json_equal(json_object_get(old, "lead_id"), lead)))
        out->touch_lead = json_integer_value(lead);
}

/* A task that becomes done is completed, on time unless it was due before now. */
void kind_effects_task(const json_t *old, const json_t *after, const struct kind_facts *facts,
                       int64_t now, struct kind_effects *out)
{
    json_t *due = json_object_get(after, "due_at");

    (void)facts;
    if (!json_is_true(json_object_get(after, "done")) ||
        (old && json_is_true(json_object_get(old, "done"))))
        return;
    add_event(
        out, EV_TASK_COMPLETED,
        json_pack("{s:b}", "on_time", !json_is_integer(due) || json_integer_value(due) >= now));
}

/* A deal that gets or changes its stage has a stage history row; a change of stage is an event;
 * a deal moved (or created straight) into a won or lost stage is won or lost. */
void kind_effects_deal(const json_t *old, const json_t *after, const struct kind_facts *facts,
                       int64_t now, struct kind_effects *out)
{
    json_t *from = old ? json_object_get(old, "stage_id") : NULL;
    json_t *to = json_object_get(after, "stage_id");

    (void)now;
    if (old && json_equal(from, to))
        return;
    out->stage_moved = 1;
    if (old)
        add_event(out, EV_DEAL_STAGE_CHANGED,
                  json_pack("{s:O,s:O}", "from_stage_id", from, "to_stage_id", to));
    if (facts->stage_won || facts->stage_lost)
        add_event(out, facts->stage_won ? EV_DEAL_WON : EV_DEAL_LOST,
                  json_pack("{s:O,s:O}", "amount_minor", json_object_get(after, "amount_minor"),
                            "currency", json_object_get(after, "currency")));
}

void kind_effects_release(struct kind_effects *e)
{
    for (size_t i = 0; i < e->nevents; i++)
        json_decref(e->events[i].detail);
    e->nevents = 0;
}

json_t *kind_created_activity(const json_t *stored, const struct kind_facts *facts)
{
    (void)facts;
    return json_pack("{s:O,s:b}", "kind", json_object_get(stored, "kind"), "meaningful",
                     json_is_true(json_object_get(stored, "notes_real")));
}
