/* SPDX-License-Identifier: MIT */
/* Leaderboards (docs/POINTS.md): periods as ranges of unix ms, the period before one, totals
 * per person and per team, percent of a personal target (a new joiner's target prorated by the
 * working days they were there), most improved, all ranked by rank_sort (core/adoption_rank.h),
 * the one ranking shared with the adoption scorecard. No I/O. */
#ifndef UPTAKE_CORE_LEADERBOARD_H
#define UPTAKE_CORE_LEADERBOARD_H

#include <stddef.h>
#include <stdint.h>

enum lb_period { LB_TODAY, LB_WEEK, LB_MONTH, LB_QUARTER, LB_CUSTOM };

/* [from, to) in unix ms, whole UTC days. */
struct lb_range {
    enum lb_period period;
    int64_t from, to;
};

/* The period named name ("today", "week", "month", "quarter", "custom") or -1. */
int lb_period_parse(const char *name);
/* The range of period p containing now (weeks start on Monday, quarters in January, April, July
 * and October). LB_CUSTOM takes [from, to) as given, which must be whole days with from < to
 * and at most 366 days apart. Returns 0 or -1. */
int lb_range_of(enum lb_period p, int64_t now, int64_t from, int64_t to, struct lb_range *out);
/* The period just before r: the previous day, week, calendar month or quarter; for a custom
 * range the same number of days before it. */
void lb_range_previous(const struct lb_range *r, struct lb_range *out);

/* A range of whole days as the points rollups hold it (points_days, points_weeks): the whole
 * weeks (Monday day numbers [week_from, week_to), empty when equal) and the days before and
 * after them ([day_from[i], day_to[i]), empty when equal). Day numbers: unix ms / CLOCK_DAY_MS. */
struct lb_spans {
    int64_t week_from, week_to;
    int64_t day_from[2], day_to[2];
};
void lb_spans_of(const struct lb_range *r, struct lb_spans *out);

/* One person on a board. The caller fills the inputs; lb_rank fills value and rank. */
struct lb_entry {
    int64_t user_id;
    const char *name;           /* borrowed; the tie-break after the value */
    int64_t team_id;            /* 0: none */
    int64_t points;             /* in the period */
    int64_t previous;           /* in the period before */
    int64_t target;             /* a full period's target, 0: none */
    int64_t joined_at, left_at; /* unix ms; left_at 0 while active */
    /* outputs */
    double percent;      /* of the prorated target, -1 without one */
    int64_t improvement; /* points - previous */
    int rank;            /* 1.. */
};

enum lb_metric { LB_POINTS, LB_PERCENT, LB_IMPROVED };
/* The metric named name ("points", "percent", "improved") or -1. */
int lb_metric_parse(const char *name);

/* The target prorated to the working days (core/streak.h: weekends and holidays left out) the
 * person was there in r, over the working days of r; 0 when r has none. */
double lb_target_prorated(int64_t target, int64_t joined_at, int64_t left_at,
                          const struct lb_range *r, const int64_t *holidays, size_t nholidays);

/* A full range's target from a weekly one: round(per_week x the working days of r (weekends and
 * the nholidays holidays, borrowed day numbers, left out) / 5), so a week with one holiday has
 * 4/5 of per_week and a month about four and a third weeks'. 0 when per_week <= 0. */
int64_t lb_target_of_week(int64_t per_week, const struct lb_range *r, const int64_t *holidays,
                          size_t nholidays);

/* Fills each entry's percent and improvement, and sorts v by metric with rank_sort (ties by
 * name, then id); ranks are positions. For LB_PERCENT people without a target come last. */
void lb_rank(struct lb_entry *v, size_t n, enum lb_metric metric, const struct lb_range *r,
             const int64_t *holidays, size_t nholidays);

/* One team's totals. */
struct lb_team {
    int64_t team_id;
    const char *name; /* the caller's, borrowed */
    int64_t points, previous, target;
    int people;
    double percent;
    int64_t improvement;
    int rank;
};

/* Sums people (ranked or not) into teams (at most nteams, each with team_id and name set by the
 * caller; people of other teams and without one are left out), then ranks the teams the same
 * way: percent over the sum of prorated targets. */
void lb_teams(const struct lb_entry *people, size_t n, struct lb_team *teams, size_t nteams,
              enum lb_metric metric, const struct lb_range *r, const int64_t *holidays,
              size_t nholidays);

#endif
