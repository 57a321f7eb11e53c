/* SPDX-License-Identifier: MIT */
/* What each record kind does to a record before it is written (defaults, allowed status
 * transitions, the fields derived from others: a task's done_at, a deal's closed_at and
 * lost_reason, a lead's disqualified_reason) and what a write of it causes (deal.won,
 * task.completed, a stage history row, a touched lead). Pure functions hung on the kind
 * descriptors of core/records.c; the store looks up the facts a rule needs (struct kind_facts),
 * calls k->rules.before_write and k->rules.after_write once each, and carries out the effects.
 * No I/O here. */
#ifndef UPTAKE_CORE_KIND_RULES_H
#define UPTAKE_CORE_KIND_RULES_H

#include "core/err.h"
#include "core/event_kinds.h"
#include "core/note_content.h"

#include <jansson.h>
#include <stdint.h>

struct record_kind;

/* Facts about other records a kind's rule needs (kind->rules.needs says which), looked up by
 * the store before the rule runs; zero when not needed or not found. */
enum kind_need {
    KIND_NEEDS_STAGE = 1 << 0,        /* the stage of the record's stage_id (or of first_open_stage
                                         when a new record has none) */
    KIND_NEEDS_POSITION = 1 << 1,     /* next_position, when a new record has no position */
    KIND_NEEDS_NOTE_HISTORY = 1 << 2, /* recent_notes, when a record's notes are new or change */
};

struct kind_facts {
    int64_t first_open_stage;  /* the first open stage of the pipeline, 0 when there is none */
    int stage_won, stage_lost; /* flags of the stage the record is (or will be) in */
    int64_t next_position;     /* one after the last live stage's position */
    /* The bodies of the owner's latest live activities but this one, newest first (owned by
     * the store, which fills and frees them), to judge new notes against (core/note_content.h). */
    char *recent_notes[NOTE_RECENT_MAX];
    size_t nrecent;
};

/* The rule a kind applies to r (storage form; a new record's input, or the merged record of an
 * update) before it is checked and written: fills defaults and derived fields in place, or
 * refuses a transition (UPT_EINVAL naming the field). old is the stored record of an update,
 * NULL on create (borrowed); now is unix ms. Returns 0 or a negative enum upt_err. */
typedef int (*kind_before_write_fn)(const json_t *old, json_t *r, const struct kind_facts *facts,
                                    int64_t now, struct err *err);

/* Whether an activity's notes are new or changed by this write (old NULL on create). */
int kind_notes_to_judge(const json_t *old, const json_t *r);
int kind_rules_activity(const json_t *old, json_t *r, const struct kind_facts *facts, int64_t now,
                        struct err *err);
int kind_rules_task(const json_t *old, json_t *r, const struct kind_facts *facts, int64_t now,
                    struct err *err);
int kind_rules_lead(const json_t *old, json_t *r, const struct kind_facts *facts, int64_t now,
                    struct err *err);
int kind_rules_stage(const json_t *old, json_t *r, const struct kind_facts *facts, int64_t now,
                     struct err *err);
int kind_rules_deal(const json_t *old, json_t *r, const struct kind_facts *facts, int64_t now,
                    struct err *err);

/* What a write of a record causes besides its own row, its audit and its change event. */
#define KIND_EFFECTS_MAX_EVENTS 2
struct kind_effects {
    int stage_moved;    /* a deal changed (or got) its stage: a stage history row is written */
    int64_t touch_lead; /* the lead whose updated_at moves to now (worked by an activity), or 0 */
    size_t nevents;     /* domain events, in this order, of the record's entity */
    struct {
        enum event_kind kind;
        json_t *detail; /* owned; may be NULL */
    } events[KIND_EFFECTS_MAX_EVENTS];
};

/* Fills *out (zeroed by the caller) with what writing after causes: old is the record before an
 * update, NULL on create (borrowed); facts as looked up for the record's before_write. */
typedef void (*kind_after_write_fn)(const json_t *old, const json_t *after,
                                    const struct kind_facts *facts, int64_t now,
                                    struct kind_effects *out);

void kind_effects_activity(const json_t *old, const json_t *after, const struct kind_facts *facts,
                           int64_t now, struct kind_effects *out);
void kind_effects_task(const json_t *old, const json_t *after, const struct kind_facts *facts,
                       int64_t now, struct kind_effects *out);
void kind_effects_deal(const json_t *old, const json_t *after, const struct kind_facts *facts,
                       int64_t now, struct kind_effects *out);

/* The detail of a new record's created event, or NULL (no detail); stored is the record as
 * written (borrowed). New reference. */
typedef json_t *(*kind_created_detail_fn)(const json_t *stored, const struct kind_facts *facts);

/* An activity's {"kind","meaningful"}: meaningful when its notes were judged of real content
 * (notes_real, set by kind_rules_activity; docs/ADOPTION.md "Notes of real content"). */
json_t *kind_created_activity(const json_t *stored, const struct kind_facts *facts);

/* Drops the event details of e (the struct itself is the caller's). */
void kind_effects_release(struct kind_effects *e);

#endif
