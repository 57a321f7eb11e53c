/* SPDX-License-Identifier: MIT */
/* The points rules and their pure evaluator (docs/POINTS.md): which events earn what, cut by
 * the caps, and junk refused with the note judge's reason. */
#include "core/points_rules.h"

#include <string.h>

static const char *const condition_names[POINTS_COND_COUNT] = {
    "none",        "call_notes",        "activity_notes",   "meeting_notes_24h",
    "deal_amount", "contact_reachable", "pipeline_complete"};

const char *points_condition_name(enum points_condition c)
{
    return (unsigned)c < POINTS_COND_COUNT ? condition_names[c] : "";
}

int points_condition_parse(const char *name)
{
    for (int i = 0; name && i < POINTS_COND_COUNT; i++)
        if (strcmp(name, condition_names[i]) == 0)
            return i;
    return -1;
}

/* The entity a condition reads, NULL for any. */
static const char *condition_entity(enum points_condition c)
{
    switch (c) {
    case POINTS_COND_CALL_NOTES:
    case POINTS_COND_ACTIVITY_NOTES:
    case POINTS_COND_MEETING_NOTES_24H:
        return "activity";
    case POINTS_COND_DEAL_AMOUNT:
        return "deal";
    case POINTS_COND_CONTACT_REACHABLE:
        return "contact";
    default:
        return NULL;
    }
}

int points_rule_check(const struct points_rule *r, const char **field, const char **why)
{
    const struct event_kind_def *d = event_kind_def(r->kind);
    const char *entity = condition_entity(r->condition);
    size_t len = r->name ? strlen(r->name) : 0;

    *why = *field = NULL;
    if (len == 0 || len > POINTS_NAME_MAX)
        *field = "name", *why = "name must be 1 to 100 characters";
    else if ((unsigned)r->condition >= POINTS_COND_COUNT)
        *field = "condition",
        *why = "condition must be one of none, call_notes, activity_notes, meeting_notes_24h, "
               "deal_amount, contact_reachable, pipeline_complete";
    else if (r->condition == POINTS_COND_PIPELINE_COMPLETE ? r->kind != EV_NONE
                                                           : !d || d->access != EVENT_CHANGE)
        *field = "event_kind",
        *why = r->condition == POINTS_COND_PIPELINE_COMPLETE
                   ? "event_kind of a pipeline_complete rule must be week.end"
                   : "event_kind must be a registered change event kind";
    else if (entity && (!d->entity || strcmp(d->entity, entity) != 0))
        *field = "condition", *why = "condition does not fit the event_kind's record";
    else if (r->points < 1 || r->points > POINTS_MAX_POINTS)
        *field = "points", *why = "points must be 1 to 1000";
    else if (r->cap_day < 0 || r->cap_day > POINTS_MAX_CAP || r->cap_week < 0 ||
             r->cap_week > POINTS_MAX_CAP)
        *field = r->cap_day < 0 || r->cap_day > POINTS_MAX_CAP ? "cap_day" : "cap_week",
        *why = "caps must be 0 (none) to 100000";
    else if (r->amount_min < 0 || r->amount_max < 0 ||
             (r->amount_max && r->amount_max < r->amount_min))
        *field = r->amount_min < 0 ? "amount_min" : "amount_max",
        *why = "amount_min and amount_max must be >= 0, and amount_max 0 or >= amount_min";
    return *why ? -1 : 0;
}

static int is_kind(const char *have, const char *want)
{
    return have && strcmp(have, want) == 0;
}

/* Whether the condition holds; a notes condition on junk sets *junk instead. */
static int condition_holds(const struct points_rule *r, const struct points_fact *f, int *junk)
{
    int64_t when = f->occurred_at ? f->occurred_at : f->at;

    *junk = 0;
    switch (r->condition) {
    case POINTS_COND_NONE:
        return 1;
    case POINTS_COND_CALL_NOTES:
    case POINTS_COND_ACTIVITY_NOTES:
    case POINTS_COND_MEETING_NOTES_24H:
        if (r->condition == POINTS_COND_CALL_NOTES && !is_kind(f->activity_kind, "call"))
            return 0;
        if (r->condition == POINTS_COND_MEETING_NOTES_24H &&
            (!is_kind(f->activity_kind, "meeting") || f->at < when ||
             f->at - when > POINTS_MEETING_WINDOW_MS))
            return 0;
        if (!f->notes_judged || !f->notes_real) {
            *junk = 1;
            return 0;
        }
        return 1;
    case POINTS_COND_DEAL_AMOUNT:
        return f->amount_minor >= 0 && f->amount_minor >= r->amount_min &&
               (r->amount_max == 0 || f->amount_minor <= r->amount_max);
    case POINTS_COND_CONTACT_REACHABLE:
        return f->reachable;
    case POINTS_COND_PIPELINE_COMPLETE:
        return f->pipeline_complete;
    default:
        return 0;
    }
}

static const struct points_used *used_of(const struct points_used *used, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (used[i].rule_id == id)
            return &used[i];
    return NULL;
}

/* What is left under a cap (0: none) after used. */
static int64_t left_under(int cap, int64_t used)
{
    return cap ? (used >= cap ? 0 : cap - used) : POINTS_MAX_POINTS;
}

void points_evaluate(const struct points_rule *rules, size_t n, const struct points_fact *f,
                     const struct points_used *used, size_t nused, struct points_outcome *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n && out->n < POINTS_MAX_AWARDS; i++) {
        const struct points_rule *r = &rules[i];
        const struct points_used *u;
        int64_t give, day_left, week_left;
        int junk;

        if (!r->active || r->kind != f->kind || !f->user_id)
            continue;
        if (!condition_holds(r, f, &junk)) {
            if (junk && !out->flag) {
                out->flag = f->notes_reason ? f->notes_reason : "no notes";
                out->flag_rule = r->id;
            }
            continue;
        }
        u = used_of(used, nused, r->id);
        day_left = left_under(r->cap_day, u ? u->day : 0);
        week_left = left_under(r->cap_week, u ? u->week : 0);
        give = r->points;
        if (give > day_left)
            give = day_left;
        if (give > week_left)
            give = week_left;
        if (give <= 0) {
            out->capped++;
            continue;
        }
        out->awards[out->n].rule_id = r->id;
        out->awards[out->n].points = (int)give;
        out->awards[out->n].capped = give == r->points  ? NULL
                                     : give == day_left ? "daily cap"
                                                        : "weekly cap";
        out->n++;
    }
}

/* The numbers are explained in docs/POINTS.md. Ids are the seeded rows' (migration 0015). */
static const struct points_rule defaults[] = {
    {1, "Call with real notes", EV_ACTIVITY_LOGGED, POINTS_COND_CALL_NOTES, 0, 0, 5, 40, 150, 1},
    {2, "Meeting notes within 24 h", EV_ACTIVITY_LOGGED, POINTS_COND_MEETING_NOTES_24H, 0, 0, 8, 32,
     120, 1},
    {3, "Contact with email or phone", EV_CONTACT_CREATED, POINTS_COND_CONTACT_REACHABLE, 0, 0, 1,
     10, 30, 1},
    {4, "Deal won", EV_DEAL_WON, POINTS_COND_DEAL_AMOUNT, 0, 999999, 20, 0, 0, 1},
    {5, "Deal won, 10,000 or more", EV_DEAL_WON, POINTS_COND_DEAL_AMOUNT, 1000000, 0, 50, 0, 0, 1},
    {6, "Complete pipeline at the week's end", EV_NONE, POINTS_COND_PIPELINE_COMPLETE, 0, 0, 25, 0,
     25, 1},
};

const struct points_rule *points_rules_default(size_t *n)
{
    *n = sizeof defaults / sizeof defaults[0];
    return defaults;
}
