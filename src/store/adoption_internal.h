/* SPDX-License-Identifier: MIT */
/* Shared by the adoption modules: the people measured and their figures for a window. */
#ifndef UPTAKE_STORE_ADOPTION_INTERNAL_H
#define UPTAKE_STORE_ADOPTION_INTERNAL_H

#include "core/adoption.h"
#include "core/adoption_window.h"
#include "store/internal.h"

#define ADOPTION_WEEKS 8 /* weeks in a sparkline */

/* The people measured, as a JSON array bound to $ids: every query below reads only their rows,
 * through the (user_id, …) keys of the rollups and the owner indexes of the records. */
#define IN_PEOPLE(col) col " IN (${ids})"

/* Leaves out a record handed to its owner since $grace (ADOPTION_GRACE_DAYS): the
 * predecessor's gaps are not the successor's at once. Handovers come with a deactivation, so
 * the audit is probed only for the owners who succeeded someone lately (a handful of people).
 * owner and id must name their table ("contacts.id"): inside the probe a bare id is audit's. */
#define NOT_IN_GRACE(entity, owner, id)                                                            \
    " AND NOT (" owner " IN (SELECT successor_id FROM users WHERE deactivated_at >= $grace)"       \
    " AND EXISTS (SELECT 1 FROM audit h WHERE h.entity = '" entity "' AND h.entity_id = " id       \
    " AND h.action = 'handover' AND h.at >= $grace))"

/* What one person did in one window, beyond the score's own figures. */
struct person_usage {
    struct adoption_figures fig;
    struct adoption_result res;
    int logins;
    int leads_converted, deals_won, deals_lost, deal_updates, stage_changes;
    int records_created, records_updated;
};

struct person {
    int64_t id;
    char *name, *email;
    int role;
    int64_t team_id; /* 0 without, or when the team is deleted */
    char *team_name;
    int64_t created_at, deactivated_at;
    int is_integration;
    struct person_usage now, before; /* the window asked for and the one before it */
    char last_active[11];            /* "" when never */
    char first_value[11];            /* first day with an activity logged, "" when none */
    int ever_logged_in;
    int weekly[ADOPTION_WEEKS]; /* active days per calendar week, oldest first, up to the one
                                 * holding the window's last day */
    double team_score_median;   /* of the peers' scores in the window (see peer_of) */
    int is_new;                 /* account younger than ADOPTION_NEW_DAYS at the window's end */
    int has_left;               /* deactivated before the window's end: off the scorecard */
};

struct people {
    struct person *v;
    int n;
    char *ids; /* the people's ids as a JSON array, bound to $ids */
    struct adoption_window win, prev;
    struct adoption_weights weights;
    int stale_days;
    int with_metrics; /* items carry "metrics" */
};

/* Whether x is a baseline for others in window which (0: the window, 1: the one before):
 * measured in it, neither new at its end nor gone before it. A team's medians are its peers';
 * people without a team are measured against the whole organization's peers. */
int person_is_peer(const struct person *x, const struct people *p, int which);

/* What people_load reads: the scores alone, or every figure of the metrics too. */
enum people_detail { PEOPLE_SCORES, PEOPLE_FIGURES };

/* Loads everyone measured in q's window (adoption_figures.c) with both windows' figures and
 * scores; q's team filter is applied (team medians are per team, so it changes no score). With
 * teammates_of set, only that person's team (or everyone, if they have none: people without a
 * team are compared with the whole organization). */
int people_load(struct store *st, const struct adoption_query *q, int64_t teammates_of, int64_t now,
                enum people_detail detail, struct people *p, struct err *err);
void people_free(struct people *p);

/* Writes into out the SQL condition, on a row of kind's table, that it lacks one of the
 * fields the completion part expects and an admin has not hidden ("0" when none is left):
 * the records listed as pulling completion down are those the score counts as missing. */
int completion_missing_sql(struct store *st, const char *kind, char *out, size_t size,
                           struct err *err);

/* Parses q's from/to into w, defaulting to the 28 days ending today. */
int window_parse(const struct adoption_query *q, int64_t now, struct adoption_window *w,
                 struct err *err);

#endif
