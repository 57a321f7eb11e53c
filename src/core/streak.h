/* SPDX-License-Identifier: MIT */
/* Streaks of working days with real activity (docs/POINTS.md): days are UTC day numbers (days
 * since 1970-01-01); Saturdays, Sundays and configured holidays are not working days, so they
 * neither break a streak nor add to it. No I/O. */
#ifndef UPTAKE_CORE_STREAK_H
#define UPTAKE_CORE_STREAK_H

#include <stddef.h>
#include <stdint.h>

/* The day number of unix ms at (floor, so times before 1970 fall on their own day). */
int64_t streak_day_of(int64_t at);
/* 0 Monday .. 6 Sunday. */
int streak_weekday(int64_t day);
/* Whether day is a working day: Monday to Friday and not one of the nholidays holidays
 * (borrowed, any order). */
int streak_is_working(int64_t day, const int64_t *holidays, size_t nholidays);
/* Working days in [from, to) (day numbers). */
int64_t streak_working_days(int64_t from, int64_t to, const int64_t *holidays, size_t nholidays);

struct streak {
    int current; /* working days with activity in a row up to today; today may still come */
    int longest;
    int64_t last_day; /* the last working day with activity, 0 without any */
};

/* The streaks over days (the day numbers with real activity; borrowed, any order, repeats
 * allowed) as of today: the current streak ends at today when today has activity, else at the
 * working day before it (today is not over yet); a working day without activity breaks it. */
void streak_compute(const int64_t *days, size_t ndays, int64_t today, const int64_t *holidays,
                    size_t nholidays, struct streak *out);

#endif
