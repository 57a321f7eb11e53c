/* SPDX-License-Identifier: MIT */
/* Time conversions done by hand so they never depend on the process time zone. */
#include "core/clock.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t clock_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)((int64_t)yoe + era * 400 + (*m <= 2));
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

void clock_format_iso(int64_t ms, char *out, size_t size)
{
    int64_t days = floor_div(ms, CLOCK_DAY_MS);
    int64_t rem = ms - days * CLOCK_DAY_MS;
    int y;
    unsigned m, d;

    civil_from_days(days, &y, &m, &d);
    snprintf(out, size, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", y, m, d, (int)(rem / 3600000),
             (int)(rem / 60000 % 60), (int)(rem / 1000 % 60), (int)(rem % 1000));
}

void clock_format_day(int64_t ms, char *out, size_t size)
{
    int y;
    unsigned m, d;

    civil_from_days(floor_div(ms, CLOCK_DAY_MS), &y, &m, &d);
    snprintf(out, size, "%04d-%02u-%02u", y, m, d);
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

static int parse_date(const char *s, int *y, int *m, int *d)
{
    if (digits(s, 4, y) < 0 || s[4] != '-' || digits(s + 5, 2, m) < 0 || s[7] != '-' ||
        digits(s + 8, 2, d) < 0)
        return -1;
    if (*y < 1 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
        return -1;
    return 0;
}

int clock_check_date(const char *s)
{
    int y, m, d;

    if (strlen(s) != 10)
        return -1;
    return parse_date(s, &y, &m, &d);
}

int clock_parse_iso(const char *s, int64_t *ms)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, frac = 0, tzsign = 0, tzh = 0, tzm = 0;
    const char *p = s + 10;
    int64_t v;

    if (strlen(s) < 10 || parse_date(s, &y, &mo, &d) < 0)
        return -1;
    if (*p == 'T' || *p == ' ') {
        if (digits(p + 1, 2, &h) < 0 || p[3] != ':' || digits(p + 4, 2, &mi) < 0)
            return -1;
        p += 6;
        if (*p == ':') {
            if (digits(p + 1, 2, &sec) < 0)
                return -1;
            p += 3;
            if (*p == '.') {
                int n = 0, scale = 100;
                p++;
                while (isdigit((unsigned char)*p)) {
                    if (n < 3)
                        frac += (*p - '0') * scale;
                    scale /= 10;
                    n++;
                    p++;
                }
                if (n == 0)
                    return -1;
            }
        }
        if (h > 23 || mi > 59 || sec > 60)
            return -1;
    }
    if (*p == 'Z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        tzsign = *p == '+' ? 1 : -1;
        if (digits(p + 1, 2, &tzh) < 0)
            return -1;
        p += 3;
        if (*p == ':')
            p++;
        if (digits(p, 2, &tzm) < 0)
            return -1;
        p += 2;
        if (tzh > 23 || tzm > 59)
            return -1;
    }
    if (*p != '\0')
        return -1;
    v = days_from_civil(y, (unsigned)mo, (unsigned)d) * CLOCK_DAY_MS + h * 3600000LL +
        mi * 60000LL + sec * 1000LL + frac - tzsign * (tzh * 3600000LL + tzm * 60000LL);
    /* An offset can carry a time out of years 1..9999 in UTC, which clock_format_iso() would
     * write in a form this parser refuses ("0000-12-31T23:00:00.000Z"); refuse it here. */
    if (v < CLOCK_MIN_MS || v > CLOCK_MAX_MS)
        return -1;
    *ms = v;
    return 0;
}
