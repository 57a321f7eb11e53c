/* SPDX-License-Identifier: MIT */
/* Contests (docs/POINTS.md, "Contests"): a contest's definition and its check, its state
 * (upcoming, running, ended, cancelled), the seconds left for a countdown, and standings from
 * per-participant totals ranked by rank_sort (core/adoption_rank.h, as core/leaderboard.c) with
 * the leader and the winners per format. No I/O. */
#ifndef UPTAKE_CORE_CONTEST_H
#define UPTAKE_CORE_CONTEST_H

#include <stddef.h>
#include <stdint.h>

enum contest_format { CONTEST_RACE, CONTEST_TOP_N, CONTEST_TEAMS };
enum contest_metric { CONTEST_POINTS, CONTEST_RULE, CONTEST_DEALS_WON };
enum contest_state { CONTEST_UPCOMING, CONTEST_RUNNING, CONTEST_ENDED, CONTEST_CANCELLED };

#define CONTEST_NAME_MAX   200
#define CONTEST_PRIZE_MAX  500
#define CONTEST_TOP_N_MAX  100
#define CONTEST_TARGET_MAX 100000000LL
#define CONTEST_IDS_MAX    500 /* users or teams listed */

/* "race", "top_n", "teams" / "points", "rule", "deals_won": the value or -1; and back. */
int contest_format_parse(const char *name);
const char *contest_format_name(int f);
int contest_metric_parse(const char *name);
const char *contest_metric_name(int m);
const char *contest_state_name(int s);

/* A contest as written by an admin (strings and lists borrowed). */
struct contest_def {
    int64_t id;
    const char *name;
    int64_t starts_at, ends_at; /* unix ms, [starts_at, ends_at) */
    int metric;                 /* enum contest_metric */
    int64_t rule_id;            /* CONTEST_RULE: the rule counted */
    int format;                 /* enum contest_format */
    int64_t target;             /* CONTEST_RACE: the total to reach */
    int top_n;                  /* CONTEST_TOP_N: how many win */
    int teams;                  /* participants are teams (team_ids), else individuals */
    const int64_t *user_ids;    /* individuals: only these (NULL, 0: everyone) */
    size_t nusers;
    const int64_t *team_ids; /* teams: the teams; individuals: only people of these */
    size_t nteams;
    const char *prize;
};

/* Checks d: a name of 1..CONTEST_NAME_MAX bytes, starts before ends (at most 366 days), a known
 * metric (a rule id for CONTEST_RULE) and format, a race's target 1..CONTEST_TARGET_MAX, top_n
 * 1..CONTEST_TOP_N_MAX, team vs team only between teams and at least two of them, lists of
 * positive ids at most CONTEST_IDS_MAX long, a prize of at most CONTEST_PRIZE_MAX bytes.
 * Returns 0 or -1 with *field and *why (static text). */
int contest_check(const struct contest_def *d, const char **field, const char **why);

/* The state at now: cancelled whenever cancelled_at is set, else by [starts_at, ends_at). */
enum contest_state contest_state_of(int64_t starts_at, int64_t ends_at, int64_t cancelled_at,
                                    int64_t now);
/* Seconds left for a countdown: to the start while upcoming, to the end while running (rounded
 * up, so a running contest shows at least 1), 0 once ended or cancelled. */
int64_t contest_seconds_left(int64_t starts_at, int64_t ends_at, int64_t cancelled_at, int64_t now);

/* One participant (a person or a team) in the standings. */
struct contest_entry {
    int64_t id;                      /* user or team id */
    const char *name;                /* borrowed; the tie-break after the total */
    int64_t total;                   /* net in the contest's window */
    int64_t reached_seq, reached_at; /* race: the ledger row (id, time) where the total last
                                        rose to the target and stayed; 0: not there */
    /* outputs of contest_rank */
    int rank;   /* 1.. */
    int winner; /* 1 for a winner */
};

/* Adds one ledger row (seq: its id, rows fed in id order) to e's total, keeping the race's
 * crossing: the row where the total rose to target, cleared when a reversal takes it below. */
void contest_add(struct contest_entry *e, int64_t points, int64_t seq, int64_t at, int64_t target);

/* Sorts v into standings and marks the winners. Race: those who reached the target first, in
 * the order they reached it (ledger order), then the rest by total; the first to reach it wins
 * as soon as they do, even while running. Top-N: by total; the best top_n with a total above 0
 * win once ended. Teams: by total; the first wins once ended unless tied with the second.
 * Ties by total rank by name, then id (rank_sort). */
void contest_rank(struct contest_entry *v, size_t n, int format, int64_t target, int top_n,
                  enum contest_state state);

#endif
