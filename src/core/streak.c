/* SPDX-License-Identifier: MIT */
/* Streaks of working days with real activity: weekends and holidays skip, gaps break. */
#include "core/streak.h"

#include "core/clock.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

int64_t streak_day_of(int64_t at)
{
    return at / CLOCK_DAY_MS - (at % CLOCK_DAY_MS < 0);
}

int streak_weekday(int64_t day)
{
    return (int)(((day % 7) + 7 + 3) % 7); /* 1970-01-01 was a Thursday */
}

int streak_is_working(int64_t day, const int64_t *holidays, size_t nholidays)
{
    if (streak_weekday(day) >= 5)
        return 0;
    for (size_t i = 0; i < nholidays; i++)
        if (holidays[i] == day)
            return 0;
    return 1;
}

int64_t streak_working_days(int64_t from, int64_t to, const int64_t *holidays, size_t nholidays)
{
    int64_t n = 0;

    for (int64_t d = from; d < to; d++)
        n += streak_is_working(d, holidays, nholidays);
    return n;
}

static int cmp_day(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int has_day(const int64_t *v, size_t n, int64_t day)
{
    return bsearch(&day, v, n, sizeof *v, cmp_day) != NULL;
}

/* The previous working day before day. Holidays are finite, so a week back always holds one
 * unless every weekday is a holiday; the walk stops after a year either way. */
static int64_t previous_working(int64_t day, const int64_t *holidays, size_t nholidays)
{
    for (int i = 0; i < 366; i++)
        if (streak_is_working(--day, holidays, nholidays))
            return day;
    return day;
}

void streak_compute(const int64_t *days, size_t ndays, int64_t today, const int64_t *holidays,
                    size_t nholidays, struct streak *out)
{
    int64_t *v = NULL;
    int run = 0;
    int64_t prev = 0;
    int have_prev = 0;

    memset(out, 0, sizeof *out);
    if (ndays == 0)
        return;
    v = xmalloc(ndays * sizeof *v);
    memcpy(v, days, ndays * sizeof *v);
    qsort(v, ndays, sizeof *v, cmp_day);
    /* The longest: walk the working days with activity in order; a run goes on when the
     * previous one is the working day just before. */
    for (size_t i = 0; i < ndays; i++) {
        if (i > 0 && v[i] == v[i - 1])
            continue;
        if (v[i] > today || !streak_is_working(v[i], holidays, nholidays))
            continue;
        if (have_prev && previous_working(v[i], holidays, nholidays) == prev)
            run++;
        else
            run = 1;
        prev = v[i];
        have_prev = 1;
        if (run > out->longest)
            out->longest = run;
    }
    out->last_day = have_prev ? prev : 0;
    /* The current: back from today (or the working day before it, today is not over). */
    {
        int64_t d = today;
        if (!streak_is_working(d, holidays, nholidays) || !has_day(v, ndays, d))
            d = previous_working(d, holidays, nholidays);
        while (has_day(v, ndays, d)) {
            out->current++;
            d = previous_working(d, holidays, nholidays);
        }
    }
    free(v);
}
