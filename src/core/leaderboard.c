/* SPDX-License-Identifier: MIT */
/* Leaderboard periods, targets and ranking; the order itself is rank_sort's. */
#include "core/leaderboard.h"

#include "core/adoption_rank.h"
#include "core/adoption_window.h"
#include "core/clock.h"
#include "core/streak.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

int lb_period_parse(const char *name)
{
    static const char *const names[] = {"today", "week", "month", "quarter", "custom"};

    for (int i = 0; name && i < 5; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

int lb_metric_parse(const char *name)
{
    static const char *const names[] = {"points", "percent", "improved"};

    for (int i = 0; name && i < 3; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

/* Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* The first day of the month months after (or before) the one of (y, m). */
static int64_t month_start(int64_t y, int m, int months)
{
    int64_t idx = y * 12 + (m - 1) + months;
    int64_t yy = idx >= 0 ? idx / 12 : -((-idx + 11) / 12);
    return days_from_civil(yy, (int)(idx - yy * 12) + 1, 1);
}

int lb_range_of(enum lb_period p, int64_t now, int64_t from, int64_t to, struct lb_range *out)
{
    int64_t day = streak_day_of(now), y, start, end;
    int m;

    memset(out, 0, sizeof *out);
    out->period = p;
    civil_from_days(day, &y, &m);
    switch (p) {
    case LB_TODAY:
        start = day, end = day + 1;
        break;
    case LB_WEEK:
        start = day - streak_weekday(day), end = start + 7;
        break;
    case LB_MONTH:
        start = month_start(y, m, 0), end = month_start(y, m, 1);
        break;
    case LB_QUARTER: {
        int first = m - (m - 1) % 3;
        start = month_start(y, first, 0), end = month_start(y, first, 3);
        break;
    }
    case LB_CUSTOM:
        if (from % CLOCK_DAY_MS || to % CLOCK_DAY_MS || from >= to ||
            to - from > 366 * CLOCK_DAY_MS)
            return -1;
        out->from = from, out->to = to;
        return 0;
    default:
        return -1;
    }
    out->from = start * CLOCK_DAY_MS;
    out->to = end * CLOCK_DAY_MS;
    return 0;
}

void lb_range_previous(const struct lb_range *r, struct lb_range *out)
{
    int64_t start = streak_day_of(r->from), y;
    int m;

    *out = *r;
    civil_from_days(start, &y, &m);
    switch (r->period) {
    case LB_MONTH:
        out->from = month_start(y, m, -1) * CLOCK_DAY_MS;
        break;
    case LB_QUARTER:
        out->from = month_start(y, m, -3) * CLOCK_DAY_MS;
        break;
    default: /* a day, a week, a custom range: the same length before */
        out->from = r->from - (r->to - r->from);
        break;
    }
    out->to = r->from;
}

double lb_target_prorated(int64_t target, int64_t joined_at, int64_t left_at,
                          const struct lb_range *r, const int64_t *holidays, size_t nholidays)
{
    int64_t from = streak_day_of(r->from), to = streak_day_of(r->to);
    int64_t all = streak_working_days(from, to, holidays, nholidays);
    int64_t a = from, b = to, there;

    if (all == 0 || target <= 0)
        return 0;
    if (joined_at && streak_day_of(joined_at) > a)
        a = streak_day_of(joined_at);
    if (left_at && streak_day_of(left_at) + 1 < b)
        b = streak_day_of(left_at) + 1;
    there = a < b ? streak_working_days(a, b, holidays, nholidays) : 0;
    return (double)target * (double)there / (double)all;
}

int64_t lb_target_of_week(int64_t per_week, const struct lb_range *r, const int64_t *holidays,
                          size_t nholidays)
{
    int64_t days =
        streak_working_days(streak_day_of(r->from), streak_day_of(r->to), holidays, nholidays);

    if (per_week <= 0)
        return 0;
    /* per_week <= 1000000 and days <= 367, so the product fits; round half up. */
    return (per_week * days * 2 + 5) / 10;
}

static double metric_value(const struct lb_entry *e, enum lb_metric metric)
{
    switch (metric) {
    case LB_PERCENT:
        return e->percent;
    case LB_IMPROVED:
        return (double)e->improvement;
    default:
        return (double)e->points;
    }
}

void lb_rank(struct lb_entry *v, size_t n, enum lb_metric metric, const struct lb_range *r,
             const int64_t *holidays, size_t nholidays)
{
    struct rank_item *items;
    struct lb_entry *copy;

    if (n == 0)
        return;
    for (size_t i = 0; i < n; i++) {
        double t =
            lb_target_prorated(v[i].target, v[i].joined_at, v[i].left_at, r, holidays, nholidays);
        v[i].percent = t > 0 ? 100.0 * (double)v[i].points / t : -1;
        v[i].improvement = v[i].points - v[i].previous;
    }
    items = xmalloc(n * sizeof *items);
    copy = xmalloc(n * sizeof *copy);
    memcpy(copy, v, n * sizeof *copy);
    for (size_t i = 0; i < n; i++)
        items[i] = (struct rank_item){metric_value(&copy[i], metric), copy[i].name, copy[i].user_id,
                                      &copy[i]};
    rank_sort(items, n);
    for (size_t i = 0; i < n; i++) {
        v[i] = *(const struct lb_entry *)items[i].ref;
        v[i].rank = (int)i + 1;
    }
    free(items);
    free(copy);
}

void lb_teams(const struct lb_entry *people, size_t n, struct lb_team *teams, size_t nteams,
              enum lb_metric metric, const struct lb_range *r, const int64_t *holidays,
              size_t nholidays)
{
    struct rank_item *items;
    struct lb_team *copy;
    double *targets;

    if (nteams == 0)
        return;
    targets = xmalloc(nteams * sizeof *targets);
    for (size_t t = 0; t < nteams; t++) {
        teams[t].points = teams[t].previous = teams[t].target = 0;
        teams[t].people = 0;
        targets[t] = 0;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t t = 0; t < nteams; t++)
            if (people[i].team_id && people[i].team_id == teams[t].team_id) {
                teams[t].points += people[i].points;
                teams[t].previous += people[i].previous;
                teams[t].target += people[i].target;
                teams[t].people++;
                targets[t] += lb_target_prorated(people[i].target, people[i].joined_at,
                                                 people[i].left_at, r, holidays, nholidays);
                break;
            }
    items = xmalloc(nteams * sizeof *items);
    copy = xmalloc(nteams * sizeof *copy);
    for (size_t t = 0; t < nteams; t++) {
        teams[t].percent = targets[t] > 0 ? 100.0 * (double)teams[t].points / targets[t] : -1;
        teams[t].improvement = teams[t].points - teams[t].previous;
    }
    memcpy(copy, teams, nteams * sizeof *copy);
    for (size_t t = 0; t < nteams; t++) {
        double value = metric == LB_PERCENT    ? copy[t].percent
                       : metric == LB_IMPROVED ? (double)copy[t].improvement
                                               : (double)copy[t].points;
        items[t] = (struct rank_item){value, copy[t].name, copy[t].team_id, &copy[t]};
    }
    rank_sort(items, nteams);
    for (size_t t = 0; t < nteams; t++) {
        teams[t] = *(const struct lb_team *)items[t].ref;
        teams[t].rank = (int)t + 1;
    }
    free(items);
    free(copy);
    free(targets);
}

/* The adoption scorecard reads its rollups the same way: its split, half-open. */
void lb_spans_of(const struct lb_range *r, struct lb_spans *out)
{
    struct adoption_window w = {.start = r->from, .end = r->to};
    struct adoption_window_parts x;

    adoption_window_split(&w, &x);
    *out = (struct lb_spans){.week_from = x.wfrom,
                             .week_to = x.wfrom > x.wlast ? x.wfrom : x.wlast + 7,
                             .day_from = {x.first, x.tfrom},
                             .day_to = {x.hto + 1, x.last + 1}};
}
