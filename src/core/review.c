/* SPDX-License-Identifier: MIT */
/* The review flags' rules and sentences (core/review.h). */
#include "core/review.h"

#include <stdio.h>
#include <string.h>

static const char *const names[REVIEW_KINDS] = {"junk_notes", "burst", "quick_deletes"};

const char *review_kind_name(enum review_kind k)
{
    return (unsigned)k < REVIEW_KINDS ? names[k] : NULL;
}

int review_kind_of(const char *name)
{
    for (int k = 0; name && k < REVIEW_KINDS; k++)
        if (strcmp(names[k], name) == 0)
            return k;
    return -1;
}

int review_is_burst(int64_t today, int64_t usual_activities, int64_t usual_days)
{
    if (today < REVIEW_BURST_MIN)
        return 0;
    if (usual_days <= 0 || usual_activities <= 0)
        return 1;
    return (double)today > REVIEW_BURST_FACTOR * (double)usual_activities / (double)usual_days;
}

int review_is_quick_delete(int64_t created_at, int64_t deleted_at)
{
    return deleted_at >= created_at && deleted_at - created_at < REVIEW_QUICK_DELETE_MS;
}

int review_is_shown(enum review_kind k, int64_t n)
{
    switch (k) {
    case REVIEW_QUICK_DELETES:
        return n >= REVIEW_QUICK_DELETES_SHOWN;
    case REVIEW_JUNK_NOTES:
        return n >= REVIEW_JUNK_NOTES_SHOWN;
    default:
        return n >= 1;
    }
}

void review_sentence(enum review_kind k, int64_t n, double usual, char *out, size_t size)
{
    const char *s = n == 1 ? "" : "s";

    switch (k) {
    case REVIEW_JUNK_NOTES:
        snprintf(out, size, "%lld activit%s with notes of no real content", (long long)n,
                 n == 1 ? "y" : "ies");
        break;
    case REVIEW_BURST:
        if (usual > 0)
            snprintf(out, size, "%lld activities in one day, %.1f times the usual %.1f",
                     (long long)n, (double)n / usual, usual);
        else
            snprintf(out, size, "%lld activities in one day, with no usual day yet", (long long)n);
        break;
    case REVIEW_QUICK_DELETES:
        snprintf(out, size, "%lld record%s deleted within ten minutes of being created",
                 (long long)n, s);
        break;
    default:
        snprintf(out, size, "%s", "");
        break;
    }
}
