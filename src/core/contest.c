/* SPDX-License-Identifier: MIT */
/* Contests: checks, state, countdown and standings; the order itself is rank_sort's. */
#include "core/contest.h"

#include "core/adoption_rank.h"
#include "core/clock.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const formats[] = {"race", "top_n", "teams"};
static const char *const metrics[] = {"points", "rule", "deals_won"};
static const char *const states[] = {"upcoming", "running", "ended", "cancelled"};

static int parse(const char *name, const char *const *names, int n)
{
    for (int i = 0; name && i < n; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

int contest_format_parse(const char *name)
{
    return parse(name, formats, 3);
}

const char *contest_format_name(int f)
{
    return f >= 0 && f < 3 ? formats[f] : "";
}

int contest_metric_parse(const char *name)
{
    return parse(name, metrics, 3);
}

const char *contest_metric_name(int m)
{
    return m >= 0 && m < 3 ? metrics[m] : "";
}

const char *contest_state_name(int s)
{
    return s >= 0 && s < 4 ? states[s] : "";
}

static int ids_ok(const int64_t *v, size_t n)
{
    if (n > CONTEST_IDS_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (v[i] <= 0)
            return 0;
    return 1;
}

static int fail(const char **field, const char **why, const char *f, const char *w)
{
    *field = f;
    *why = w;
    return -1;
}

int contest_check(const struct contest_def *d, const char **field, const char **why)
{
    size_t len = d->name ? strlen(d->name) : 0;

    if (len == 0 || len > CONTEST_NAME_MAX || strspn(d->name, " \t\r\n") == len)
        return fail(field, why, "name", "name must be 1 to 200 characters");
    if (d->starts_at < CLOCK_MIN_MS || d->ends_at > CLOCK_MAX_MS || d->ends_at <= d->starts_at)
        return fail(field, why, "ends_at", "ends_at must be after starts_at");
    if (d->ends_at - d->starts_at > 366 * CLOCK_DAY_MS)
        return fail(field, why, "ends_at", "a contest lasts at most 366 days");
    if (d->metric < 0 || d->metric > CONTEST_DEALS_WON)
        return fail(field, why, "metric", "metric must be points, rule or deals_won");
    if (d->metric == CONTEST_RULE && d->rule_id <= 0)
        return fail(field, why, "rule_id", "a rule metric needs rule_id");
    if (d->format < 0 || d->format > CONTEST_TEAMS)
        return fail(field, why, "format", "format must be race, top_n or teams");
    if (d->format == CONTEST_RACE && (d->target <= 0 || d->target > CONTEST_TARGET_MAX))
        return fail(field, why, "target", "a race needs a target from 1 to 100000000");
    if (d->format == CONTEST_TOP_N && (d->top_n <= 0 || d->top_n > CONTEST_TOP_N_MAX))
        return fail(field, why, "top_n", "top_n must be 1 to 100");
    if (d->format == CONTEST_TEAMS && !d->teams)
        return fail(field, why, "participants", "team vs team needs participants 'teams'");
    if (d->teams && d->nusers)
        return fail(field, why, "user_ids", "user_ids only go with participants 'individuals'");
    if (d->teams && d->nteams < (d->format == CONTEST_TEAMS ? 2u : 1u))
        return fail(field, why, "team_ids",
                    d->format == CONTEST_TEAMS ? "team vs team needs at least two teams"
                                               : "team participants need team_ids");
    if (!ids_ok(d->user_ids, d->nusers))
        return fail(field, why, "user_ids", "user_ids must be at most 500 positive ids");
    if (!ids_ok(d->team_ids, d->nteams))
        return fail(field, why, "team_ids", "team_ids must be at most 500 positive ids");
    if (d->prize && strlen(d->prize) > CONTEST_PRIZE_MAX)
        return fail(field, why, "prize", "prize must be at most 500 characters");
    return 0;
}

enum contest_state contest_state_of(int64_t starts_at, int64_t ends_at, int64_t cancelled_at,
                                    int64_t now)
{
    if (cancelled_at)
        return CONTEST_CANCELLED;
    if (now < starts_at)
        return CONTEST_UPCOMING;
    return now < ends_at ? CONTEST_RUNNING : CONTEST_ENDED;
}

int64_t contest_seconds_left(int64_t starts_at, int64_t ends_at, int64_t cancelled_at, int64_t now)
{
    switch (contest_state_of(starts_at, ends_at, cancelled_at, now)) {
    case CONTEST_UPCOMING:
        return (starts_at - now + 999) / 1000;
    case CONTEST_RUNNING:
        return (ends_at - now + 999) / 1000;
    default:
        return 0;
    }
}

void contest_add(struct contest_entry *e, int64_t points, int64_t seq, int64_t at, int64_t target)
{
    int was = target > 0 && e->total >= target;

    e->total += points;
    if (target <= 0)
        return;
    if (e->total >= target && !was) {
        e->reached_seq = seq;
        e->reached_at = at;
    } else if (e->total < target) {
        e->reached_seq = e->reached_at = 0;
    }
}

static int by_reached(const void *a, const void *b)
{
    const struct contest_entry *x = a, *y = b;
    return (x->reached_seq > y->reached_seq) - (x->reached_seq < y->reached_seq);
}

void contest_rank(struct contest_entry *v, size_t n, int format, int64_t target, int top_n,
                  enum contest_state state)
{
    struct rank_item *items;
    struct contest_entry *copy;
    size_t k = 0, reached = 0;

    if (n == 0)
        return;
    items = xmalloc(n * sizeof *items);
    copy = xmalloc(n * sizeof *copy);
    memcpy(copy, v, n * sizeof *copy);
    /* A race's finishers first, in the order they finished (ledger ids are unique). */
    if (format == CONTEST_RACE && target > 0) {
        for (size_t i = 0; i < n; i++)
            if (copy[i].reached_seq)
                v[reached++] = copy[i];
        qsort(v, reached, sizeof *v, by_reached);
    }
    for (size_t i = 0; i < n; i++)
        if (!(format == CONTEST_RACE && target > 0 && copy[i].reached_seq))
            items[k++] =
                (struct rank_item){(double)copy[i].total, copy[i].name, copy[i].id, &copy[i]};
    rank_sort(items, k);
    for (size_t i = 0; i < k; i++)
        v[reached + i] = *(const struct contest_entry *)items[i].ref;
    for (size_t i = 0; i < n; i++) {
        v[i].rank = (int)i + 1;
        v[i].winner = 0;
    }
    if (state == CONTEST_CANCELLED)
        ; /* nobody wins a cancelled contest */
    else if (format == CONTEST_RACE)
        v[0].winner = reached > 0;
    else if (state == CONTEST_ENDED && format == CONTEST_TOP_N)
        for (size_t i = 0; i < n && i < (size_t)top_n; i++)
            v[i].winner = v[i].total > 0;
    else if (state == CONTEST_ENDED && format == CONTEST_TEAMS)
        v[0].winner = v[0].total > 0 && (n < 2 || v[1].total < v[0].total);
    free(items);
    free(copy);
}
