/* SPDX-License-Identifier: MIT */
/* Adoption of many people at once (docs/ADOPTION.md, "Teams and the organization"): a team's or
 * the organization's summary from its members' scores, daily/weekly/monthly active users from
 * who was active on which day, the weekly trend and the go-live and joining cohorts. No I/O: the
 * store reads the rows and hands them over one by one. */
#ifndef UPTAKE_CORE_ADOPTION_GROUPS_H
#define UPTAKE_CORE_ADOPTION_GROUPS_H

#include "core/adoption.h"

#include <stdint.h>

/* part / whole, or -1 when whole is 0 (the API's null). */
double adoption_share(int64_t part, int64_t whole);

/* ---- a group's summary ---- */

/* What a group needs of one member. */
struct adoption_member {
    const struct adoption_result *res;
    int measured; /* expected to work in the window */
    int has_left; /* gone before its end: off the scorecard */
    int is_new, peer;
    int active_days, logins;
    double peer_median; /* of the peers' scores, for lagging */
};

struct adoption_mean {
    int n;
    double score, comp[3];
    int ncomp[3];
};

/* Zero it to start. */
struct adoption_group {
    int n, fresh;                 /* people on the scorecard, of them new */
    struct adoption_mean mean[2]; /* over the peers, over everyone */
    int active, logged_in, lagging;
};

/* Adds m to g when on the scorecard (measured, not gone). */
void adoption_group_add(struct adoption_group *g, const struct adoption_member *m);

struct adoption_group_summary {
    int users, new_users;
    int score;   /* mean, rounded; -1 with nobody on the scorecard */
    int comp[3]; /* mean percentages, rounded; -1 when nobody's could be measured */
    int active_users, logged_in_users, lagging_users;
    double logged_in_share; /* -1 with nobody */
};

/* The mean score and components are the peers' (a new hire does not move the team's figure in
 * their first weeks), everyone's when none is a peer. */
void adoption_group_summary(const struct adoption_group *g, struct adoption_group_summary *out);

/* ---- active users ---- */

/* Distinct users. */
struct adoption_user_set {
    int64_t *v;
    int n, cap;
};

/* Counts who was active on which days of a stretch. Zero it, set week_start, then add. */
struct adoption_active {
    char week_start[11]; /* days from this one ("YYYY-MM-DD") count towards WAU */
    char day[11];        /* the day being added */
    struct adoption_user_set month, week, today; /* users in all, since week_start, on day */
    int64_t user_days;                           /* distinct (day, user) pairs */
};

/* One user active on one day ("YYYY-MM-DD"). Days come in order (all of a day's rows together):
 * a user listed twice on a day counts once. */
void adoption_active_add(struct adoption_active *a, const char *day, int64_t user);
void adoption_active_free(struct adoption_active *a);

struct adoption_active_users {
    double dau;        /* user-days over days, to hundredths */
    int wau, mau;      /* distinct users since week_start, in all */
    double stickiness; /* dau / mau to thousandths; -1 when mau is 0 */
};
void adoption_active_users(const struct adoption_active *a, int days,
                           struct adoption_active_users *out);

/* ---- the weekly trend ---- */

/* Weeks ending at a window's last day, oldest first (the first one may be shorter). */
struct adoption_trend {
    int weeks;
    int64_t last_day; /* unix ms, start of the window's last day */
    int *active;      /* people active in the week */
    int64_t *activities;
    int members; /* the caller's: people the shares are of */
};

/* For the window [start, end) (unix ms, whole days). Free with adoption_trend_free. */
void adoption_trend_init(struct adoption_trend *t, int64_t start, int64_t end);
/* One person's week, weeks_back whole weeks before the last (0: the week ending on the last day);
 * out of range is ignored. events > 0 makes them active in it. */
void adoption_trend_add(struct adoption_trend *t, int weeks_back, int64_t activities,
                        int64_t events);
/* The last day (unix ms) of week i, oldest first. */
int64_t adoption_trend_week_end(const struct adoption_trend *t, int i);
void adoption_trend_free(struct adoption_trend *t);

/* ---- cohorts ---- */

#define ADOPTION_COHORT_DAYS 45

/* Of the people who were there, who was active on each of the first ADOPTION_COHORT_DAYS days
 * after go-live (the first account's day) and after each one's own joining, up to to_day. */
struct adoption_cohort {
    int64_t go_live, to_day; /* unix ms, start of days */
    int live_active[ADOPTION_COHORT_DAYS], live_base[ADOPTION_COHORT_DAYS];
    int join_active[ADOPTION_COHORT_DAYS], join_base[ADOPTION_COHORT_DAYS];
};

/* From everyone's account creation times (unix ms). Returns 0 with nobody (no cohort). */
int adoption_cohort_init(struct adoption_cohort *c, const int64_t *created_at, int n,
                         int64_t to_day);
/* Someone created at created_at active on day (unix ms, start of the day). */
void adoption_cohort_add(struct adoption_cohort *c, int64_t created_at, int64_t day);

#endif
