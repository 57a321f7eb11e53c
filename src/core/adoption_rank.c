/* SPDX-License-Identifier: MIT */
/* Ranking with ties, peers, their medians, lagging and standing (core/adoption_rank.h). */
#include "core/adoption_rank.h"

#include "core/adoption.h"
#include "core/clock.h"
#include "core/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int by_value(const void *a, const void *b)
{
    const struct rank_item *x = a, *y = b;

    if (x->value != y->value)
        return x->value < y->value ? 1 : -1;
    int c = strcmp(x->name ? x->name : "", y->name ? y->name : "");
    return c ? c : (x->id > y->id) - (x->id < y->id);
}

void rank_sort(struct rank_item *v, size_t n)
{
    if (n > 1)
        qsort(v, n, sizeof *v, by_value);
}

int adoption_is_peer(int expected_days, int64_t created_at, int64_t deactivated_at,
                     int64_t window_end)
{
    return expected_days > 0 && !adoption_is_new(created_at, window_end) &&
           !adoption_has_left(deactivated_at, window_end);
}

int adoption_is_new(int64_t created_at, int64_t window_end)
{
    return window_end - created_at < ADOPTION_NEW_DAYS * CLOCK_DAY_MS;
}

int adoption_has_left(int64_t deactivated_at, int64_t window_end)
{
    return deactivated_at && deactivated_at < window_end;
}

int adoption_person_lagging(int score, double peer_median, int is_new, int has_left)
{
    return !is_new && !has_left && adoption_lagging(score, peer_median);
}

static int by_team(const void *a, const void *b, void *values)
{
    const struct peer_value *v = values;
    int64_t x = v[*(const int *)a].team_id, y = v[*(const int *)b].team_id;

    return x < y ? -1 : x > y;
}

/* The median over v[idx[start..end)] who are peers; over everyone measured among them when none
 * is. */
static double peers_median(const struct peer_value *v, const int *idx, int start, int end,
                           double *vals)
{
    int n = 0;

    for (int i = start; i < end; i++)
        if (v[idx[i]].peer)
            vals[n++] = v[idx[i]].value;
    if (n == 0)
        for (int i = start; i < end; i++)
            if (v[idx[i]].measured)
                vals[n++] = v[idx[i]].value;
    return adoption_median(vals, n);
}

void adoption_peer_medians(struct peer_value *v, int n)
{
    int *idx = xcalloc((size_t)n + 1, sizeof *idx);
    double *vals = xcalloc((size_t)n + 1, sizeof *vals);
    double org;

    /* one sort by team, not a pass per person */
    for (int i = 0; i < n; i++)
        idx[i] = i;
    qsort_r(idx, (size_t)n, sizeof *idx, by_team, v);
    org = peers_median(v, idx, 0, n, vals);
    for (int start = 0, end; start < n; start = end) {
        int64_t team = v[idx[start]].team_id;
        for (end = start; end < n && v[idx[end]].team_id == team; end++)
            ;
        double m = team ? peers_median(v, idx, start, end, vals) : org;
        for (int i = start; i < end; i++)
            v[idx[i]].median = m;
    }
    free(vals);
    free(idx);
}

int adoption_standing(int rank, int of, double peer_median, struct adoption_standing *out)
{
    if (rank < 1)
        return 0;
    out->rank = rank;
    out->of = of;
    out->quartile = adoption_quartile(rank, of);
    out->median_score = (int)lround(peer_median);
    return 1;
}
