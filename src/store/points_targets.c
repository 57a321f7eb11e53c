/* SPDX-License-Identifier: MIT */
/* Personal points targets and configured holidays (docs/POINTS.md, "Targets and holidays"):
 * a target is points per week for one person, set by an admin or the manager of the person's
 * team; holidays are days ('YYYY-MM-DD', UTC) that are not working days, kept by admins. The
 * leaderboards, the TV board and streaks read holidays as day numbers (store_holidays_days). */
#include "store/internal.h"

#include "core/clock.h"
#include "core/streak.h"
#include "core/validate.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The people an actor sees targets of: admins everyone, managers the people of their teams (the
 * live team they are in and the ones they manage, as core/access.h) and themselves, others
 * themselves. */
static const char SQL_TARGETS[] =
    "SELECT u.id, u.name, u.team_id, t.name, p.per_week, p.set_by, p.set_at, t.manager_id, t.id"
    " FROM users u LEFT JOIN teams t ON t.id = u.team_id AND t.deleted_at IS NULL"
    " LEFT JOIN points_targets p ON p.user_id = u.id"
    " WHERE u.active = 1 AND u.is_integration = 0"
    " AND ($all = 1 OR u.id = $me OR ($manager = 1 AND (t.manager_id = $me OR t.id = $team)))"
    " ORDER BY u.id";

/* Admins set anyone's target; managers those of the other people of their teams (team: the
 * person's live team, 0 without one; manager_id: its manager). */
static int may_set(const struct actor *a, int64_t user_id, int64_t team, int64_t manager_id)
{
    if (a->role == ROLE_ADMIN)
        return 1;
    return a->role == ROLE_MANAGER && user_id != a->user_id && team &&
           (team == a->team_id || manager_id == a->user_id);
}

int store_points_targets_list(struct store *st, const struct actor *a, json_t **items,
                              struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_TARGETS, &s, err);

    *items = NULL;
    if (rc < 0)
        return rc;
    bind_int(s, "$all", a->role == ROLE_ADMIN);
    bind_int(s, "$manager", a->role == ROLE_MANAGER);
    bind_int(s, "$me", a->user_id);
    bind_int(s, "$team", a->team_id ? a->team_id : -1);
    *items = json_array();
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        int64_t id = column_int(s, 0);
        json_array_append_new(
            *items, json_pack("{s:I,s:s,s:o,s:o,s:o,s:o,s:o,s:b}", "user_id", (json_int_t)id,
                              "name", column_text(s, 1), "team_id", column_json(s, 2), "team_name",
                              column_json(s, 3), "per_week", column_json(s, 4), "set_by",
                              column_json(s, 5), "set_at", column_json(s, 6), "may_change",
                              may_set(a, id, column_int(s, 8), column_int(s, 7))));
    }
    stmt_done(s);
    if (rc < 0) {
        json_decref(*items);
        *items = NULL;
        return rc;
    }
    return 0;
}

static const char SQL_PERSON[] =
    "SELECT t.manager_id, p.per_week, p.set_by, p.set_at, t.id FROM users u"
    " LEFT JOIN teams t ON t.id = u.team_id AND t.deleted_at IS NULL"
    " LEFT JOIN points_targets p ON p.user_id = u.id"
    " WHERE u.id = $id AND u.active = 1 AND u.is_integration = 0";

/* Whether a may change user_id's target (UPT_ENOTFOUND for no such active person, UPT_EPERM);
 * *before (may be NULL) receives the stored target or NULL without one. */
static int target_check(struct store *st, const struct actor *a, int64_t user_id, json_t **before,
                        struct err *err)
{
    struct stmt *s = NULL;
    int64_t manager = 0, team = 0;
    int rc;

    if (before)
        *before = NULL;
    if (a->role != ROLE_ADMIN && a->role != ROLE_MANAGER)
        return err_set(err, UPT_EPERM, "only an admin or a manager may change targets");
    rc = stmt_get(st, SQL_PERSON, &s, err);
    if (rc < 0)
        return rc;
    bind_int(s, "$id", user_id);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW) {
        manager = column_int(s, 0);
        team = column_int(s, 4);
        if (before && !column_is_null(s, 1))
            *before = json_pack("{s:I,s:I,s:o,s:I}", "user_id", (json_int_t)user_id, "per_week",
                                (json_int_t)column_int(s, 1), "set_by", column_json(s, 2), "set_at",
                                (json_int_t)column_int(s, 3));
    }
    stmt_done(s);
    if (rc < 0)
        return rc;
    if (rc != STMT_ROW)
        return err_set(err, UPT_ENOTFOUND, "user '%lld' not found", (long long)user_id);
    if (!may_set(a, user_id, team, manager)) {
        if (before) {
            json_decref(*before);
            *before = NULL;
        }
        return err_set(err, UPT_EPERM, "you may not change the target of user '%lld'",
                       (long long)user_id);
    }
    return 0;
}

static const char SQL_TARGET_SET[] =
    "INSERT INTO points_targets (user_id, per_week, set_by, set_at)"
    " VALUES ($id, $per_week, $by, $at) ON CONFLICT (user_id) DO UPDATE SET"
    " per_week = excluded.per_week, set_by = excluded.set_by, set_at = excluded.set_at";

int store_points_target_set(struct store *st, const struct actor *a, int64_t user_id,
                            int64_t per_week, json_t **out, struct err *err)
{
    json_t *before = NULL, *after = NULL;
    struct stmt *s = NULL;
    int rc;

    if (out)
        *out = NULL;
    if (per_week < 1 || per_week > POINTS_TARGET_MAX)
        return err_field(err, UPT_EINVAL, "per_week", "'per_week' must be from 1 to %d",
                         POINTS_TARGET_MAX);
    rc = store_tx_begin(st, err);
    if (rc < 0)
        return rc;
    rc = target_check(st, a, user_id, &before, err);
    if (rc == 0)
        rc = stmt_get(st, SQL_TARGET_SET, &s, err);
    if (rc == 0) {
        bind_int(s, "$id", user_id);
        bind_int(s, "$per_week", per_week);
        bind_int_or_null(s, "$by", a->user_id);
        bind_int(s, "$at", a->now);
        rc = stmt_exec(st, s, err);
    }
    if (rc == 0) {
        after = json_pack("{s:I,s:I,s:o,s:I}", "user_id", (json_int_t)user_id, "per_week",
                          (json_int_t)per_week, "set_by",
                          a->user_id ? json_integer(a->user_id) : json_null(), "set_at",
                          (json_int_t)a->now);
        rc = audit_add(st, a, "points_target", user_id, before ? "update" : "create", before, after,
                       err);
    }
    if (rc == 0)
        rc = store_tx_commit(st, err);
    else
        store_tx_rollback(st);
    if (rc == 0 && out)
        *out = after;
    else
        json_decref(after);
    json_decref(before);
    return rc;
}

static const char SQL_TARGET_CLEAR[] = "DELETE FROM points_targets WHERE user_id = $id";

int store_points_target_clear(struct store *st, const struct actor *a, int64_t user_id,
                              struct err *err)
{
    json_t *before = NULL;
    struct stmt *s = NULL;
    int rc = store_tx_begin(st, err);

    if (rc < 0)
        return rc;
    rc = target_check(st, a, user_id, &before, err);
    if (rc == 0 && !before)
        rc = err_set(err, UPT_ENOTFOUND, "user '%lld' has no target", (long long)user_id);
    if (rc == 0)
        rc = stmt_get(st, SQL_TARGET_CLEAR, &s, err);
    if (rc == 0) {
        bind_int(s, "$id", user_id);
        rc = stmt_exec(st, s, err);
    }
    if (rc == 0)
        rc = audit_add(st, a, "points_target", user_id, "delete", before, NULL, err);
    if (rc == 0)
        rc = store_tx_commit(st, err);
    else
        store_tx_rollback(st);
    json_decref(before);
    return rc;
}

/* ---- holidays ------------------------------------------------------------------------- */

static json_t *holiday_row(struct stmt *s)
{
    return json_pack("{s:s,s:s,s:o,s:I}", "day", column_text(s, 0), "name", column_text(s, 1),
                     "created_by", column_json(s, 2), "created_at", (json_int_t)column_int(s, 3));
}

static const char SQL_HOLIDAYS[] = "SELECT day, name, created_by, created_at FROM holidays"
                                   " WHERE day >= $from AND day <= $to ORDER BY day LIMIT 1000";

int store_holidays_list(struct store *st, const char *from, const char *to, json_t **items,
                        struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_HOLIDAYS, &s, err);

    *items = NULL;
    if (rc < 0)
        return rc;
    bind_text(s, "$from", from ? from : "0000-01-01");
    bind_text(s, "$to", to ? to : "9999-12-31");
    return stmt_collect(st, s, holiday_row, items, err);
}

/* Whether day is a date 'YYYY-MM-DD' the clock can hold. */
static int day_ok(const char *day)
{
    int64_t ms = 0;

    return day && strlen(day) == 10 && clock_check_date(day) == 0 && clock_parse_iso(day, &ms) == 0;
}

/* The day number of a checked 'YYYY-MM-DD'. */
static int64_t day_number(const char *day)
{
    int64_t ms = 0;

    clock_parse_iso(day, &ms);
    return streak_day_of(ms);
}

static const char SQL_HOLIDAY_GET[] =
    "SELECT day, name, created_by, created_at FROM holidays WHERE day = $day";
static const char SQL_HOLIDAY_INSERT[] =
    "INSERT INTO holidays (day, name, created_by, created_at) VALUES ($day, $name, $by, $at)";

int store_holiday_add(struct store *st, const struct actor *a, const char *day, const char *name,
                      json_t **out, struct err *err)
{
    json_t *after = NULL;
    struct stmt *s = NULL;
    char what[40];
    int rc;

    if (out)
        *out = NULL;
    if (a->role != ROLE_ADMIN)
        return err_set(err, UPT_EPERM, "only an admin may change holidays");
    if (!day_ok(day))
        return err_field(err, UPT_EINVAL, "day", "'day' must be a date YYYY-MM-DD");
    if (!name || validate_name(name, HOLIDAY_NAME_CHARS) < 0)
        return err_field(err, UPT_EINVAL, "name", "'name' must be 1 to %d characters of text",
                         HOLIDAY_NAME_CHARS);
    rc = store_tx_begin(st, err);
    if (rc < 0)
        return rc;
    rc = stmt_get(st, SQL_HOLIDAY_GET, &s, err);
    if (rc == 0) {
        bind_text(s, "$day", day);
        rc = stmt_step(st, s, err);
        stmt_done(s);
        if (rc == STMT_ROW)
            rc = err_field(err, UPT_ECONFLICT, "day", "'%s' is already a holiday", day);
        else if (rc > 0)
            rc = 0;
    }
    if (rc == 0)
        rc = stmt_get(st, SQL_HOLIDAY_INSERT, &s, err);
    if (rc == 0) {
        bind_text(s, "$day", day);
        bind_text(s, "$name", name);
        bind_int_or_null(s, "$by", a->user_id);
        bind_int(s, "$at", a->now);
        rc = stmt_exec(st, s, err);
        if (rc == UPT_ECONFLICT) /* another instance added it meanwhile */
            rc = err_field(err, UPT_ECONFLICT, "day", "'%s' is already a holiday", day);
    }
    if (rc == 0) {
        snprintf(what, sizeof what, "holiday '%s'", day);
        rc = stmt_get(st, SQL_HOLIDAY_GET, &s, err);
        if (rc == 0) {
            bind_text(s, "$day", day);
            rc = stmt_one(st, s, holiday_row, what, &after, err);
        }
    }
    if (rc == 0)
        rc = audit_add(st, a, "holiday", day_number(day), "create", NULL, after, err);
    if (rc == 0)
        rc = store_tx_commit(st, err);
    else
        store_tx_rollback(st);
    if (rc == 0 && out)
        *out = after;
    else
        json_decref(after);
    return rc;
}

static const char SQL_HOLIDAY_DELETE[] = "DELETE FROM holidays WHERE day = $day";

int store_holiday_delete(struct store *st, const struct actor *a, const char *day, struct err *err)
{
    json_t *before = NULL;
    struct stmt *s = NULL;
    char what[40];
    int rc;

    if (a->role != ROLE_ADMIN)
        return err_set(err, UPT_EPERM, "only an admin may change holidays");
    if (!day_ok(day))
        return err_field(err, UPT_EINVAL, "day", "'day' must be a date YYYY-MM-DD");
    rc = store_tx_begin(st, err);
    if (rc < 0)
        return rc;
    snprintf(what, sizeof what, "holiday '%s'", day);
    rc = stmt_get(st, SQL_HOLIDAY_GET, &s, err);
    if (rc == 0) {
        bind_text(s, "$day", day);
        rc = stmt_one(st, s, holiday_row, what, &before, err);
    }
    if (rc == 0)
        rc = stmt_get(st, SQL_HOLIDAY_DELETE, &s, err);
    if (rc == 0) {
        bind_text(s, "$day", day);
        rc = stmt_exec(st, s, err);
    }
    if (rc == 0)
        rc = audit_add(st, a, "holiday", day_number(day), "delete", before, NULL, err);
    if (rc == 0)
        rc = store_tx_commit(st, err);
    else
        store_tx_rollback(st);
    json_decref(before);
    return rc;
}

static const char SQL_HOLIDAY_DAYS[] =
    "SELECT day FROM holidays WHERE day >= $from AND day < $to ORDER BY day";

int store_holidays_days(struct store *st, int64_t from, int64_t to, int64_t **days, size_t *n,
                        struct err *err)
{
    char a[16], b[16];
    struct stmt *s = NULL;
    size_t cap = 0;
    int rc = stmt_get(st, SQL_HOLIDAY_DAYS, &s, err);

    *days = NULL;
    *n = 0;
    if (rc < 0)
        return rc;
    clock_format_day(from, a, sizeof a);
    clock_format_day(to, b, sizeof b);
    bind_text(s, "$from", a);
    bind_text(s, "$to", b);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            *days = xrealloc(*days, cap * sizeof **days);
        }
        (*days)[(*n)++] = day_number(column_text(s, 0));
    }
    stmt_done(s);
    if (rc < 0) {
        free(*days);
        *days = NULL;
        *n = 0;
        return rc;
    }
    return 0;
}
