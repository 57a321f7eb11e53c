/* SPDX-License-Identifier: MIT */
/* Milestone badges from plain facts: a table of definitions and one test per badge. */
#include "core/badges.h"

#include <stddef.h>

static const struct badge_def defs[BADGE_COUNT] = {
    [BADGE_FIRST_CALL] = {"first_call", "First call", "a call logged with notes of real content"},
    [BADGE_FIRST_WIN] = {"first_win", "First win", "a deal won"},
    [BADGE_STREAK_10] = {"streak_10", "Ten-day streak",
                         "10 working days in a row with real activity"},
    [BADGE_POINTS_100] = {"points_100", "100 points", "100 points earned"},
    [BADGE_POINTS_1000] = {"points_1000", "1,000 points", "1,000 points earned"},
    [BADGE_CLEAN_PIPELINE_4] = {"clean_pipeline_month", "Clean pipeline for a month",
                                "every open deal with a future close date and a next step at "
                                "the end of 4 weeks in a row"},
};

const struct badge_def *badge_def(enum badge b)
{
    return (unsigned)b < BADGE_COUNT ? &defs[b] : NULL;
}

unsigned badges_earned(const struct badge_facts *f)
{
    unsigned bits = 0;

    if (f->genuine_calls >= 1)
        bits |= 1u << BADGE_FIRST_CALL;
    if (f->deals_won >= 1)
        bits |= 1u << BADGE_FIRST_WIN;
    if (f->longest_streak >= 10)
        bits |= 1u << BADGE_STREAK_10;
    if (f->points >= 100)
        bits |= 1u << BADGE_POINTS_100;
    if (f->points >= 1000)
        bits |= 1u << BADGE_POINTS_1000;
    if (f->clean_weeks_in_row >= 4)
        bits |= 1u << BADGE_CLEAN_PIPELINE_4;
    return bits;
}

unsigned badges_new(unsigned before, unsigned now)
{
    return now & ~before;
}
