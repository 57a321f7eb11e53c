/* SPDX-License-Identifier: MIT */
/* The points rules (docs/POINTS.md): a rule names a domain event kind, a condition on the
 * record behind it, the points it is worth and its caps; a pure evaluator turns one event's
 * facts into awards. Junk (notes without real content, core/note_content.h) earns nothing and
 * gives a reason to flag instead. No I/O. */
#ifndef UPTAKE_CORE_POINTS_RULES_H
#define UPTAKE_CORE_POINTS_RULES_H

#include "core/event_kinds.h"

#include <stddef.h>
#include <stdint.h>

/* What a rule asks of the record behind its event, beyond the event's kind. */
enum points_condition {
    POINTS_COND_NONE,              /* the event alone */
    POINTS_COND_CALL_NOTES,        /* a call whose notes have real content */
    POINTS_COND_ACTIVITY_NOTES,    /* any activity whose notes have real content */
    POINTS_COND_MEETING_NOTES_24H, /* a meeting with real notes written within 24 h of its time */
    POINTS_COND_DEAL_AMOUNT,       /* a deal whose amount is in [amount_min, amount_max] */
    POINTS_COND_CONTACT_REACHABLE, /* a contact with an email or a phone */
    POINTS_COND_PIPELINE_COMPLETE, /* at the week's end every open deal has a future close date
                                      and a next step (the fact says so) */
    POINTS_COND_COUNT
};

/* The event_kind of pipeline_complete rules: no event, the weekly run (store/points_week.c).
 * Rules read it as EV_NONE. */
#define POINTS_KIND_WEEK_END "week.end"

/* Limits, so hostile input cannot overflow a sum: a rule is worth 1..POINTS_MAX_POINTS, caps
 * are 0 (none) or at most POINTS_MAX_CAP; an adjustment is within +-POINTS_MAX_ADJUST. */
#define POINTS_MAX_POINTS 1000
#define POINTS_MAX_CAP    100000
#define POINTS_MAX_ADJUST 100000
#define POINTS_NAME_MAX   100
/* The meeting window: notes count when written at most this long after the meeting's time. */
#define POINTS_MEETING_WINDOW_MS (24 * 3600 * 1000LL)

struct points_rule {
    int64_t id;
    const char *name; /* borrowed */
    enum event_kind kind;
    enum points_condition condition;
    int64_t amount_min, amount_max; /* POINTS_COND_DEAL_AMOUNT: minor units; max 0 is none */
    int points;
    int cap_day;  /* points one user may earn from this rule in one UTC day; 0: no cap */
    int cap_week; /* ... in one week (Monday to Sunday, UTC); 0: no cap */
    int active;
};

/* The facts of one event, as the store reads them. */
struct points_fact {
    enum event_kind kind;
    int64_t user_id;           /* credited: the record's owner, not whoever typed it */
    int64_t at;                /* when the event happened (ms) */
    const char *activity_kind; /* "call", "meeting", ... or NULL (borrowed) */
    int64_t occurred_at;       /* an activity's time (ms); 0: at */
    int notes_judged;          /* the note verdict below was taken */
    int notes_real;            /* core/note_content.h: the notes have real content */
    const char *notes_reason;  /* why not (static, from note_judge), NULL when real */
    int64_t amount_minor;      /* a deal's amount, -1 when none */
    int reachable;             /* a contact with an email or a phone */
    int pipeline_complete;     /* the owner's pipeline was complete at the week's end */
};

/* What the user already earned from a rule, in the fact's day and week. */
struct points_used {
    int64_t rule_id;
    int64_t day, week;
};

#define POINTS_MAX_AWARDS 16
struct points_award {
    int64_t rule_id;
    int points;         /* > 0; less than the rule's when a cap cut it */
    const char *capped; /* NULL, or "daily cap" / "weekly cap" when it cut the award */
};

struct points_outcome {
    struct points_award awards[POINTS_MAX_AWARDS];
    size_t n;
    /* Junk: a rule matched the event but the notes are not real content. The reason is
     * note_judge's (static); flag_rule the first rule refused. */
    const char *flag;
    int64_t flag_rule;
    /* Rules that matched but earned nothing because a cap is used up. */
    size_t capped;
};

/* The name of a condition ("none", "call_notes", "activity_notes", "meeting_notes_24h",
 * "deal_amount", "contact_reachable", "pipeline_complete"); "" out of range. */
const char *points_condition_name(enum points_condition c);
/* The condition named name, or -1. */
int points_condition_parse(const char *name);

/* Checks a rule an admin wrote: a registered change kind, a condition that fits it (notes need
 * an activity kind, an amount a deal kind, reachable a contact kind), 1..POINTS_MAX_POINTS,
 * caps 0..POINTS_MAX_CAP, amounts >= 0 with max 0 or >= min, a name of 1..POINTS_NAME_MAX bytes.
 * Returns 0 or -1 with *field (the member at fault) and *why (the message) set, static text. */
int points_rule_check(const struct points_rule *r, const char **field, const char **why);

/* Evaluates the active rules of the table (borrowed, n of them) against the fact: every rule
 * whose kind and condition match awards its points, cut to what its caps leave given used
 * (nused entries, borrowed; a rule without an entry has used nothing). Fills *out. */
void points_evaluate(const struct points_rule *rules, size_t n, const struct points_fact *f,
                     const struct points_used *used, size_t nused, struct points_outcome *out);

/* The default rules (docs/POINTS.md explains each number); *n receives their count. The same
 * rows are seeded by the migration. */
const struct points_rule *points_rules_default(size_t *n);

#endif
