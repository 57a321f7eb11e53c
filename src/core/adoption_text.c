/* SPDX-License-Identifier: MIT */
/* Reason and advice sentences of adoption parts (core/adoption_text.h). */
#include "core/adoption_text.h"

#include <stdio.h>

const char *adoption_plural(int n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

void adoption_part_text(const struct adoption_figures *f, const struct adoption_part *p,
                        int stale_days, char *out, size_t size)
{
    switch (p->id) {
    case PART_ATTENDANCE:
        /* Weekend days count as active but are not expected, so active can exceed expected. */
        if (f->active_days > f->expected_days)
            snprintf(out, size, "active on %d days; the period has %d working days", f->active_days,
                     f->expected_days);
        else
            snprintf(out, size, "active on %d of %d working days", f->active_days,
                     f->expected_days);
        break;
    case PART_VOLUME:
        snprintf(out, size, "%d %s with notes; the team's median is %.0f", f->meaningful,
                 adoption_plural(f->meaningful, "activity", "activities"), f->team_median);
        break;
    case PART_NOTES:
        snprintf(out, size, "%d of %d %s without meaningful notes", f->activities - f->meaningful,
                 f->activities, adoption_plural(f->activities, "activity", "activities"));
        break;
    case PART_TASKS:
        snprintf(out, size, "%d of %d %s due not done on time", f->tasks_due - f->tasks_on_time,
                 f->tasks_due, adoption_plural(f->tasks_due, "task", "tasks"));
        break;
    case PART_BREADTH: {
        char unused[192] = "";
        size_t len = 0;
        for (int i = 0; i < ADOPTION_FEATURES; i++)
            if (!(f->features & (1 << i)))
                len += (size_t)snprintf(unused + len, sizeof unused - len, "%s%s", len ? ", " : "",
                                        adoption_feature_label(i));
        snprintf(out, size, "%d of %d core features used%s%s", __builtin_popcount(f->features),
                 ADOPTION_FEATURES, len ? "; not yet: " : "", unused);
        break;
    }
    case PART_COMPLETION:
        snprintf(out, size, "%d of %d expected fields empty on owned records",
                 f->fields_expected - f->fields_filled, f->fields_expected);
        break;
    case PART_HYGIENE:
        snprintf(out, size,
                 "%d %s with a past close date, %d without a next step, %d without activity in 14 "
                 "days",
                 f->deals_past_close, adoption_plural(f->deals_past_close, "deal", "deals"),
                 f->deals_no_step, f->deals_quiet);
        break;
    case PART_FRESHNESS:
        snprintf(out, size, "%d of %d open deals and leads untouched for %d days", f->stale,
                 f->in_flight, stale_days);
        break;
    default:
        snprintf(out, size, "%s", p->name);
    }
}

const char *adoption_part_advice(enum adoption_part_id id)
{
    static const char *const advice[ADOPTION_PARTS] = {
        /* Never presence for its own sake: the days count when something is done in them. */
        [PART_ATTENDANCE] = "Keep your records up to date as your day goes: log each call or "
                            "meeting and update your deals the day things change",
        [PART_VOLUME] = "Log your calls, meetings and emails as they happen",
        [PART_NOTES] = "Write a line or two of notes (40+ characters) on each activity",
        [PART_TASKS] = "Finish tasks by their due date, or move the date when plans change",
        [PART_BREADTH] = "Try the parts of uptake you have not used yet: search, timelines, "
                         "tasks, the pipeline and reports",
        [PART_COMPLETION] = "Fill in the empty fields on your contacts, organizations and deals",
        [PART_HYGIENE] = "Update your open deals: close date, next step, a recent activity",
        [PART_FRESHNESS] = "Touch or close the deals and leads that have gone quiet",
    };
    return (int)id >= 0 && id < ADOPTION_PARTS ? advice[id] : "";
}

int adoption_told_parts(const struct adoption_result *r, const struct adoption_part **out, int max)
{
    const struct adoption_part *ordered[ADOPTION_PARTS];
    int n = 0;

    adoption_rank_parts(r, ordered);
    for (int i = 0; i < ADOPTION_PARTS && n < max; i++)
        if (ordered[i]->present && ordered[i]->lost >= ADOPTION_TELL_POINTS)
            out[n++] = ordered[i];
    return n;
}
