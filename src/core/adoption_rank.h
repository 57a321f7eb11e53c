/* SPDX-License-Identifier: MIT */
/* Ranking and comparing people (docs/ADOPTION.md, "Peers"): one ranking of any items by a value
 * (the scorecard's, and a points leaderboard's), who is a peer, each team's median over its
 * peers, the lagging decision and a person's standing. No I/O. */
#ifndef UPTAKE_CORE_ADOPTION_RANK_H
#define UPTAKE_CORE_ADOPTION_RANK_H

#include <stddef.h>
#include <stdint.h>

/* One item to rank; ref is the caller's (the person, the entry) and is carried along. */
struct rank_item {
    double value;     /* higher ranks first */
    const char *name; /* first tie-break (NULL reads as "") */
    int64_t id;       /* last tie-break */
    const void *ref;
};

/* Sorts v into rank order: the highest value first; equal values by name in byte order
 * (strcmp), then by id, lowest first. The order is total, so the same items always come out the
 * same way whatever order they come in. Ranks are positions (v[i] is rank i + 1): ties do not
 * share a rank. */
void rank_sort(struct rank_item *v, size_t n);

/* Whether someone is a peer, a baseline for others in a window ending at window_end (unix ms,
 * exclusive): measured in it (expected_days > 0), not new at its end, not gone before it. */
int adoption_is_peer(int expected_days, int64_t created_at, int64_t deactivated_at,
                     int64_t window_end);

/* New at a window's end: the account is younger than ADOPTION_NEW_DAYS. */
int adoption_is_new(int64_t created_at, int64_t window_end);

/* Gone before a window's end: deactivated (deactivated_at non-zero) before it. */
int adoption_has_left(int64_t deactivated_at, int64_t window_end);

/* Whether a person shows as lagging: never when new (a joiner is still learning) or gone; else
 * adoption_lagging against the peers' median score. */
int adoption_person_lagging(int score, double peer_median, int is_new, int has_left);

/* One person's figure for the peers' medians. */
struct peer_value {
    int64_t team_id; /* 0: no team */
    int measured;    /* expected to work in the window */
    int peer;        /* adoption_is_peer */
    double value;
    double median; /* set by adoption_peer_medians */
};

/* Sets each one's median: over the peers of their team, over everyone measured in it when the
 * team has no peer (a team of newcomers is its own baseline); people without a team get the
 * whole organization's, reckoned the same way. 0 when nobody is measured. */
void adoption_peer_medians(struct peer_value *v, int n);

/* Where someone stands among the people they are compared with. */
struct adoption_standing {
    int rank, of, quartile;
    int median_score; /* the peers' median, rounded */
};

/* Fills out for rank of `of`; returns 0 (out untouched) when rank < 1: off the scorecard. */
int adoption_standing(int rank, int of, double peer_median, struct adoption_standing *out);

#endif
