/* SPDX-License-Identifier: MIT */
/* One person's points summary (docs/POINTS.md): net total, streak of working days with awards
 * (core/streak.c; weekends and configured holidays are not working days) and milestone badges
 * (core/badges.c), from the awards they still hold. */
#include "store/internal.h"

#include "core/badges.h"
#include "core/clock.h"
#include "core/streak.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* The awards from rules still held (not reversed), with their rule's kind and condition. */
static const char SQL_HELD[] =
    "SELECT l.at, r.event_kind, r.condition, l.entity, l.entity_id FROM points_ledger l"
    " JOIN points_rules r ON r.id = l.rule_id"
    " WHERE l.user_id = $user AND l.points > 0 AND l.id <= $max"
    " AND NOT EXISTS (SELECT 1 FROM points_ledger x WHERE x.reverses_id = l.id AND x.id <= $max)";
static const char SQL_NET[] =
    "SELECT coalesce(sum(points), 0) FROM points_ledger WHERE user_id = $user AND id <= $max";

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Weeks in a row (Mondays 7 days apart) ending at the latest of v (n of them; sorted here). */
static int weeks_in_row(int64_t *v, size_t n)
{
    int run = 0;

    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, cmp_i64);
    run = 1;
    for (size_t i = n - 1; i > 0; i--) {
        if (v[i - 1] == v[i])
            continue;
        if (v[i - 1] != v[i] - 7)
            break;
        run++;
    }
    return run;
}

/* The badge facts and streak of user_id counting the ledger rows up to max_id. */
static int facts_load(struct store *st, int64_t user_id, int64_t now, int64_t max_id,
                      struct badge_facts *facts, struct streak *streak, struct err *err)
{
    struct stmt *s = NULL;
    int64_t *days = NULL, *weeks = NULL, *holidays = NULL;
    size_t ndays = 0, nweeks = 0, cap_d = 0, cap_w = 0, nholidays = 0;
    int rc;

    memset(facts, 0, sizeof *facts);
    memset(streak, 0, sizeof *streak);
    rc = stmt_get(st, SQL_HELD, &s, err);
    if (rc < 0)
        return rc;
    bind_int(s, "$user", user_id);
    bind_int(s, "$max", max_id);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        const char *kind = column_text(s, 1), *cond = column_text(s, 2);
        const char *entity = column_text(s, 3);
        if (ndays == cap_d) {
            cap_d = cap_d ? 2 * cap_d : 64;
            days = xrealloc(days, cap_d * sizeof *days);
        }
        days[ndays++] = streak_day_of(column_int(s, 0));
        if (cond && strcmp(cond, "call_notes") == 0)
            facts->genuine_calls++;
        if (kind && strcmp(kind, "deal.won") == 0)
            facts->deals_won++;
        if (entity && strcmp(entity, "week") == 0) {
            if (nweeks == cap_w) {
                cap_w = cap_w ? 2 * cap_w : 16;
                weeks = xrealloc(weeks, cap_w * sizeof *weeks);
            }
            weeks[nweeks++] = column_int(s, 4);
        }
    }
    stmt_done(s);
    if (rc < 0)
        goto out;
    rc = stmt_get(st, SQL_NET, &s, err);
    if (rc < 0)
        goto out;
    bind_int(s, "$user", user_id);
    bind_int(s, "$max", max_id);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW)
        facts->points = column_int(s, 0);
    stmt_done(s);
    if (rc < 0)
        goto out;
    /* A holiday neither breaks a streak nor adds to it. */
    rc = store_holidays_days(st, 0, (streak_day_of(now) + 1) * CLOCK_DAY_MS, &holidays, &nholidays,
                             err);
    if (rc < 0)
        goto out;
    streak_compute(days, ndays, streak_day_of(now), holidays, nholidays, streak);
    facts->longest_streak = streak->longest;
    facts->clean_weeks_in_row = weeks_in_row(weeks, nweeks);
out:
    free(days);
    free(weeks);
    free(holidays);
    return rc;
}

int points_badges_held(struct store *st, int64_t user_id, int64_t now, int64_t max_id,
                       unsigned *bits, struct err *err)
{
    struct badge_facts facts;
    struct streak streak;
    int rc = facts_load(st, user_id, now, max_id, &facts, &streak, err);

    *bits = rc == 0 ? badges_earned(&facts) : 0;
    return rc;
}

int store_points_summary(struct store *st, const struct actor *a, int64_t user_id, json_t **out,
                         struct err *err)
{
    struct badge_facts facts;
    struct streak streak;
    json_t *badges = NULL;
    unsigned bits;
    char last[16] = "";
    int rc;

    *out = NULL;
    rc = may_write(st, a, user_id, err);
    if (rc < 0)
        return err_set(err, UPT_EPERM, "you may not see the points of user '%lld'",
                       (long long)user_id);
    rc = facts_load(st, user_id, a->now, INT64_MAX, &facts, &streak, err);
    if (rc < 0)
        return rc;
    bits = badges_earned(&facts);
    badges = json_array();
    for (int b = 0; b < BADGE_COUNT; b++)
        if (bits & (1u << b))
            json_array_append_new(badges,
                                  json_pack("{s:s,s:s,s:s}", "key", badge_def(b)->key, "name",
                                            badge_def(b)->name, "why", badge_def(b)->why));
    if (streak.last_day)
        clock_format_day(streak.last_day * CLOCK_DAY_MS, last, sizeof last);
    *out = json_pack("{s:I,s:I,s:{s:i,s:i,s:o},s:I,s:I,s:i,s:o}", "user_id", (json_int_t)user_id,
                     "total", (json_int_t)facts.points, "streak", "current", streak.current,
                     "longest", streak.longest, "last_day",
                     last[0] ? json_string(last) : json_null(), "genuine_calls",
                     (json_int_t)facts.genuine_calls, "deals_won", (json_int_t)facts.deals_won,
                     "clean_weeks_in_row", facts.clean_weeks_in_row, "badges", badges);
    return 0;
}

static const char SQL_PEOPLE[] = "SELECT id, name, board_visibility FROM users"
                                 " WHERE active = 1 AND is_integration = 0 ORDER BY name, id";

int store_points_badges(struct store *st, const struct actor *a, json_t **items, struct err *err)
{
    struct stmt *s = NULL;
    struct consent_settings cs;
    json_t *people = json_array(), *p;
    size_t i;
    int rc = store_board_settings(st, &cs, err);

    if (rc == 0)
        rc = stmt_get(st, SQL_PEOPLE, &s, err);
    *items = json_array();
    for (int b = 0; b < BADGE_COUNT; b++)
        json_array_append_new(*items,
                              json_pack("{s:s,s:s,s:s,s:[]}", "key", badge_def(b)->key, "name",
                                        badge_def(b)->name, "why", badge_def(b)->why, "holders"));
    if (rc == 0) {
        /* A public answer: holders as they consented (board_person_for); hidden ones are left
         * out, as on a person leaderboard, but for themselves and admins. */
        while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
            json_t *person = json_pack("{s:I,s:s}", "user_id", (json_int_t)column_int(s, 0), "name",
                                       column_text(s, 1));
            if (board_person_for(person, "user_id", "name", &cs,
                                 column_is_null(s, 2) ? NULL : column_text(s, 2), a))
                json_array_append_new(people, person);
            else
                json_decref(person);
        }
        stmt_done(s);
    }
    rc = rc < 0 ? rc : 0;
    /* One pass over each person's held awards: fine for a team's size, not for thousands. */
    json_array_foreach(people, i, p)
    {
        unsigned bits = 0;
        if (rc == 0)
            rc = points_badges_held(st, json_integer_value(json_object_get(p, "user_id")), a->now,
                                    INT64_MAX, &bits, err);
        for (int b = 0; rc == 0 && b < BADGE_COUNT; b++)
            if (bits & (1u << b))
                json_array_append(json_object_get(json_array_get(*items, (size_t)b), "holders"), p);
    }
    json_decref(people);
    if (rc < 0) {
        json_decref(*items);
        *items = NULL;
    }
    return rc;
}
