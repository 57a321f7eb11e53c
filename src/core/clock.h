/* SPDX-License-Identifier: MIT */
/* One clock: UTC unix milliseconds in the store, ISO 8601 in JSON. */
#ifndef UPTAKE_CORE_CLOCK_H
#define UPTAKE_CORE_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#define CLOCK_DAY_MS 86400000LL
/* The times ISO 8601 can carry in four-digit years: 0001-01-01T00:00:00.000Z to
 * 9999-12-31T23:59:59.999Z. */
#define CLOCK_MIN_MS (-62135596800000LL)
#define CLOCK_MAX_MS 253402300799999LL

int64_t clock_now_ms(void);

/* Writes "2026-11-24T07:44:34.123Z" into out (at least 25 bytes). */
void clock_format_iso(int64_t ms, char *out, size_t size);

/* Writes the UTC day "2026-11-24" into out (at least 11 bytes). */
void clock_format_day(int64_t ms, char *out, size_t size);

/* Parses ISO 8601: "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed by "Z", "+hh:mm",
 * "+hhmm" or nothing (UTC). Returns 0 and sets *ms, or -1 when s is not such a time or the time
 * falls outside CLOCK_MIN_MS..CLOCK_MAX_MS in UTC. */
int clock_parse_iso(const char *s, int64_t *ms);

/* Checks a calendar date "YYYY-MM-DD" (a real day of a real month). Returns 0 or -1. */
int clock_check_date(const char *s);

#endif
