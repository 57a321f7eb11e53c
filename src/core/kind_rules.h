/* SPDX-License-Identifier: MIT */
/* What each record kind does to a record before it is written: defaults, allowed status
 * transitions and the fields derived from others (a task's done_at, a deal's closed_at and
 * lost_reason, a lead's disqualified_reason). Pure functions hung on the kind descriptors of
 * core/records.c; the store looks up the facts a rule needs (struct kind_facts) and calls
 * k->rules.before_write once. No I/O here. */
#ifndef UPTAKE_CORE_KIND_RULES_H
#define UPTAKE_CORE_KIND_RULES_H

#include "core/err.h"

#include <jansson.h>
#include <stdint.h>

struct record_kind;

/* Facts about other records a kind's rule needs (kind->rules.needs says which), looked up by
 * the store before the rule runs; zero when not needed or not found. */
enum kind_need {
    KIND_NEEDS_STAGE = 1 << 0,    /* the stage of the record's stage_id (or of first_open_stage
                                     when a new record has none) */
    KIND_NEEDS_POSITION = 1 << 1, /* next_position, when a new record has no position */
};

struct kind_facts {
    int64_t first_open_stage;  /* the first open stage of the pipeline, 0 when there is none */
    int stage_won, stage_lost; /* flags of the stage the record is (or will be) in */
    int64_t next_position;     /* one after the last live stage's position */
};

/* The rule a kind applies to r (storage form; a new record's input, or the merged record of an
 * update) before it is checked and written: fills defaults and derived fields in place, or
 * refuses a transition (UPT_EINVAL naming the field). old is the stored record of an update,
 * NULL on create (borrowed); now is unix ms. Returns 0 or a negative enum upt_err. */
typedef int (*kind_before_write_fn)(const json_t *old, json_t *r, const struct kind_facts *facts,
                                    int64_t now, struct err *err);

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

#endif
