/* SPDX-License-Identifier: MIT */
/* Adoption periods (docs/ADOPTION.md): a window of whole UTC days from the API's from/to, the
 * window before it, its split into calendar weeks and loose days (how the rollups are read), and
 * the working days a person is expected in it. Day numbers count days since 1970-01-01. */
#ifndef UPTAKE_CORE_ADOPTION_WINDOW_H
#define UPTAKE_CORE_ADOPTION_WINDOW_H

#include "core/err.h"

#include <stdint.h>

#define ADOPTION_MAX_SPAN_DAYS 1100 /* a custom period of about three years at most */

/* A period of whole UTC days: from and to inclusive. */
struct adoption_window {
    char from[11], to[11];
    int64_t start, end; /* unix ms: start of from, end of to */
};

/* Parses from and to ("YYYY-MM-DD", or "" for the default) into w: to defaults to the day of
 * now, from to 27 days before to (28 days in all). Errors name the field at fault. */
int adoption_window_parse(const char *from, const char *to, int64_t now, struct adoption_window *w,
                          struct err *err);

/* The window of the same length just before w. */
void adoption_window_before(const struct adoption_window *w, struct adoption_window *prev);

/* The day number of a unix ms time (floor, also before 1970). */
int64_t adoption_day_number(int64_t ms);

/* The Monday on or before a day number. */
int64_t adoption_monday_of(int64_t day);

/* A window as whole weeks [wfrom, wlast] (Mondays; none when wfrom > wlast), the days before
 * them [first, hto] and after them [tfrom, last]; without a whole week, all days are the head
 * (tfrom = last + 1). All day numbers. */
struct adoption_window_parts {
    int64_t first, last, wfrom, wlast, hto, tfrom;
    char wfrom_text[11], wlast_text[11];
};
void adoption_window_split(const struct adoption_window *w, struct adoption_window_parts *x);

/* Weekdays of w while an account created at created_at (unix ms) and deactivated at
 * deactivated_at (0: never) existed; at least 1 when it existed at all in w, so an account
 * opened on a Saturday is still measured; 0 when it did not exist in w. */
int adoption_expected_days(int64_t created_at, int64_t deactivated_at,
                           const struct adoption_window *w);

#endif
