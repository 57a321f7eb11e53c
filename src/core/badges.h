/* SPDX-License-Identifier: MIT */
/* Milestone badges (docs/POINTS.md): which a person has earned, from facts the store counts.
 * A badge once earned is not taken away by this function's later answers: the caller keeps
 * what it awarded. No I/O. */
#ifndef UPTAKE_CORE_BADGES_H
#define UPTAKE_CORE_BADGES_H

#include <stdint.h>

enum badge {
    BADGE_FIRST_CALL,       /* a first call with real notes */
    BADGE_FIRST_WIN,        /* a first deal won */
    BADGE_STREAK_10,        /* 10 working days in a row with real activity */
    BADGE_POINTS_100,       /* 100 points */
    BADGE_POINTS_1000,      /* 1,000 points */
    BADGE_CLEAN_PIPELINE_4, /* a complete pipeline at the end of 4 weeks in a row (a month) */
    BADGE_COUNT
};

struct badge_def {
    const char *key;  /* "first_call": in the API */
    const char *name; /* "First call" */
    const char *why;  /* what earns it */
};

/* What the store counts about a person. */
struct badge_facts {
    int64_t genuine_calls;  /* calls with real notes, live */
    int64_t deals_won;      /* live deals won */
    int longest_streak;     /* core/streak.h */
    int64_t points;         /* the ledger's net total */
    int clean_weeks_in_row; /* weeks ending with a complete pipeline, the latest run */
};

/* The definition of b, NULL out of range. */
const struct badge_def *badge_def(enum badge b);
/* The badges facts earn, as bits (1u << enum badge). */
unsigned badges_earned(const struct badge_facts *f);
/* The badges in now and not in before (bits). */
unsigned badges_new(unsigned before, unsigned now);

#endif
