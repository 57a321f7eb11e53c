/* SPDX-License-Identifier: MIT */
/* Adoption periods: parsing, the window before, weeks and loose days, expected working days
 * (core/adoption_window.h). */
#include "core/adoption_window.h"

#include "core/clock.h"

int adoption_window_parse(const char *from, const char *to, int64_t now, struct adoption_window *w,
                          struct err *err)
{
    int64_t from_ms, to_ms;

    if (to && to[0]) {
        if (clock_check_date(to) < 0 || clock_parse_iso(to, &to_ms) < 0)
            return err_field(err, UPT_EINVAL, "to", "'to' must be a date YYYY-MM-DD");
    } else {
        to_ms = now - now % CLOCK_DAY_MS;
    }
    if (from && from[0]) {
        if (clock_check_date(from) < 0 || clock_parse_iso(from, &from_ms) < 0)
            return err_field(err, UPT_EINVAL, "from", "'from' must be a date YYYY-MM-DD");
    } else {
        from_ms = to_ms - 27 * CLOCK_DAY_MS;
    }
    if (from_ms > to_ms)
        return err_field(err, UPT_EINVAL, "from", "'from' must not be after 'to'");
    if ((to_ms - from_ms) / CLOCK_DAY_MS >= ADOPTION_MAX_SPAN_DAYS)
        return err_field(err, UPT_EINVAL, "from", "a period is at most %d days",
                         ADOPTION_MAX_SPAN_DAYS);
    w->start = from_ms;
    w->end = to_ms + CLOCK_DAY_MS;
    clock_format_day(w->start, w->from, sizeof w->from);
    clock_format_day(to_ms, w->to, sizeof w->to);
    return 0;
}

void adoption_window_before(const struct adoption_window *w, struct adoption_window *prev)
{
    int64_t len = w->end - w->start;

    prev->start = w->start - len;
    prev->end = w->start;
    clock_format_day(prev->start, prev->from, sizeof prev->from);
    clock_format_day(prev->end - CLOCK_DAY_MS, prev->to, sizeof prev->to);
}

int64_t adoption_day_number(int64_t ms)
{
    return ms / CLOCK_DAY_MS - (ms % CLOCK_DAY_MS < 0);
}

int64_t adoption_monday_of(int64_t day)
{
    return day - ((day % 7 + 7 + 3) % 7); /* 1970-01-01 was a Thursday */
}

void adoption_window_split(const struct adoption_window *w, struct adoption_window_parts *x)
{
    x->first = adoption_day_number(w->start);
    x->last = adoption_day_number(w->end) - 1;
    x->wfrom = adoption_monday_of(x->first + 6);
    x->wlast = adoption_monday_of(x->last + 1) - 7;
    if (x->wfrom > x->wlast) {
        x->hto = x->last;
        x->tfrom = x->last + 1;
    } else {
        x->hto = x->wfrom - 1;
        x->tfrom = x->wlast + 7;
    }
    clock_format_day(x->wfrom * CLOCK_DAY_MS, x->wfrom_text, sizeof x->wfrom_text);
    clock_format_day(x->wlast * CLOCK_DAY_MS, x->wlast_text, sizeof x->wlast_text);
}

int adoption_expected_days(int64_t created_at, int64_t deactivated_at,
                           const struct adoption_window *w)
{
    int64_t from = w->start, to = w->end;
    int n = 0;

    if (created_at > from)
        from = created_at - created_at % CLOCK_DAY_MS;
    if (deactivated_at && deactivated_at < to)
        to = deactivated_at;
    for (int64_t d = from; d < to; d += CLOCK_DAY_MS) {
        int dow = (int)((d / CLOCK_DAY_MS + 4) % 7); /* 1970-01-01 was a Thursday */
        n += dow != 0 && dow != 6;
    }
    return n ? n : from < to;
}
