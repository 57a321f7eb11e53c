/* SPDX-License-Identifier: MIT */
/* Team, organization, active-user, trend and cohort figures (core/adoption_groups.h). */
#include "core/adoption_groups.h"

#include "core/adoption_rank.h"
#include "core/clock.h"
#include "core/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double adoption_share(int64_t part, int64_t whole)
{
    return whole ? (double)part / (double)whole : -1;
}

void adoption_group_add(struct adoption_group *g, const struct adoption_member *m)
{
    const struct adoption_result *r = m->res;

    if (!m->measured || m->has_left)
        return;
    g->n++;
    g->fresh += m->is_new;
    g->active += m->active_days > 0;
    g->logged_in += m->logins > 0;
    g->lagging += adoption_person_lagging(r->score, m->peer_median, m->is_new, 0);
    for (int k = 0; k < 2; k++) {
        struct adoption_mean *mn = &g->mean[k];
        if (k == 0 && !m->peer)
            continue;
        mn->n++;
        mn->score += r->score;
        for (int c = 0; c < 3; c++)
            if (r->component[c] >= 0) {
                mn->comp[c] += r->component[c];
                mn->ncomp[c]++;
            }
    }
}

void adoption_group_summary(const struct adoption_group *g, struct adoption_group_summary *out)
{
    const struct adoption_mean *m = g->mean[0].n ? &g->mean[0] : &g->mean[1];

    out->users = g->n;
    out->new_users = g->fresh;
    out->score = m->n ? (int)lround(m->score / m->n) : -1;
    for (int i = 0; i < 3; i++)
        out->comp[i] = m->ncomp[i] ? (int)lround(100.0 * m->comp[i] / m->ncomp[i]) : -1;
    out->active_users = g->active;
    out->logged_in_users = g->logged_in;
    out->lagging_users = g->lagging;
    out->logged_in_share = adoption_share(g->logged_in, g->n);
}

/* Adds user to s when missing; returns whether it was. */
static int set_add(struct adoption_user_set *s, int64_t user)
{
    for (int k = 0; k < s->n; k++)
        if (s->v[k] == user)
            return 0;
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 16;
        s->v = xrealloc(s->v, (size_t)s->cap * sizeof *s->v);
    }
    s->v[s->n++] = user;
    return 1;
}

void adoption_active_add(struct adoption_active *a, const char *day, int64_t user)
{
    if (strcmp(day, a->day) != 0) {
        snprintf(a->day, sizeof a->day, "%s", day);
        a->today.n = 0;
    }
    if (!set_add(&a->today, user))
        return;
    a->user_days++;
    set_add(&a->month, user);
    if (strcmp(day, a->week_start) >= 0)
        set_add(&a->week, user);
}

void adoption_active_free(struct adoption_active *a)
{
    free(a->month.v);
    free(a->week.v);
    free(a->today.v);
    memset(a, 0, sizeof *a);
}

void adoption_active_users(const struct adoption_active *a, int days,
                           struct adoption_active_users *out)
{
    double dau = days > 0 ? (double)a->user_days / days : 0;

    out->dau = round(dau * 100) / 100;
    out->wau = a->week.n;
    out->mau = a->month.n;
    out->stickiness = a->month.n ? round(dau / a->month.n * 1000) / 1000 : -1;
}

void adoption_trend_init(struct adoption_trend *t, int64_t start, int64_t end)
{
    memset(t, 0, sizeof *t);
    t->weeks = (int)((end - start) / CLOCK_DAY_MS + 6) / 7;
    t->last_day = end - CLOCK_DAY_MS;
    t->active = xcalloc((size_t)t->weeks + 1, sizeof *t->active);
    t->activities = xcalloc((size_t)t->weeks + 1, sizeof *t->activities);
}

void adoption_trend_add(struct adoption_trend *t, int weeks_back, int64_t activities,
                        int64_t events)
{
    if (weeks_back < 0 || weeks_back >= t->weeks)
        return;
    t->active[t->weeks - 1 - weeks_back] += events > 0;
    t->activities[t->weeks - 1 - weeks_back] += activities;
}

int64_t adoption_trend_week_end(const struct adoption_trend *t, int i)
{
    return t->last_day - (int64_t)(t->weeks - 1 - i) * 7 * CLOCK_DAY_MS;
}

void adoption_trend_free(struct adoption_trend *t)
{
    free(t->active);
    free(t->activities);
    memset(t, 0, sizeof *t);
}

static int64_t day_of(int64_t ms)
{
    return ms - ms % CLOCK_DAY_MS;
}

int adoption_cohort_init(struct adoption_cohort *c, const int64_t *created_at, int n,
                         int64_t to_day)
{
    memset(c, 0, sizeof *c);
    c->to_day = to_day;
    for (int i = 0; i < n; i++)
        if (!c->go_live || created_at[i] < c->go_live)
            c->go_live = created_at[i];
    if (!c->go_live)
        return 0;
    c->go_live = day_of(c->go_live);
    for (int i = 0; i < n; i++) {
        int64_t joined = day_of(created_at[i]);
        for (int d = 0; d < ADOPTION_COHORT_DAYS; d++) {
            int64_t day = c->go_live + (int64_t)d * CLOCK_DAY_MS;
            c->live_base[d] += joined <= day && day <= to_day;
            c->join_base[d] += joined + (int64_t)d * CLOCK_DAY_MS <= to_day;
        }
    }
    return 1;
}

void adoption_cohort_add(struct adoption_cohort *c, int64_t created_at, int64_t day)
{
    int64_t joined = day_of(created_at);
    int64_t dl = (day - c->go_live) / CLOCK_DAY_MS, dj = (day - joined) / CLOCK_DAY_MS;

    if (dl >= 0 && dl < ADOPTION_COHORT_DAYS && joined <= day)
        c->live_active[dl]++;
    if (dj >= 0 && dj < ADOPTION_COHORT_DAYS)
        c->join_active[dj]++;
}
