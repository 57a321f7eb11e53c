/* SPDX-License-Identifier: MIT */
/* The points rule table, admin adjustments, a person's history with the rule behind each row,
 * and the totals leaderboards rank (docs/POINTS.md). The awards themselves are points.c's. */
#include "store/internal.h"

#include "core/leaderboard.h"
#include "core/points_rules.h"

#include <stdio.h>
#include <string.h>

#define RULE_COLUMNS                                                                               \
    "id, name, event_kind, condition, amount_min, amount_max, points, cap_day, cap_week,"          \
    " active, created_at, updated_at"

static json_t *rule_row(struct stmt *s)
{
    return json_pack(
        "{s:I,s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:b,s:I,s:I}", "id", (json_int_t)column_int(s, 0),
        "name", column_text(s, 1), "event_kind", column_text(s, 2), "condition", column_text(s, 3),
        "amount_min", (json_int_t)column_int(s, 4), "amount_max", (json_int_t)column_int(s, 5),
        "points", (json_int_t)column_int(s, 6), "cap_day", (json_int_t)column_int(s, 7), "cap_week",
        (json_int_t)column_int(s, 8), "active", (int)column_int(s, 9), "created_at",
        (json_int_t)column_int(s, 10), "updated_at", (json_int_t)column_int(s, 11));
}

static const char SQL_RULES_LIST[] = "SELECT " RULE_COLUMNS " FROM points_rules ORDER BY id";

int store_points_rules_list(struct store *st, json_t **items, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_RULES_LIST, &s, err);

    *items = NULL;
    return rc < 0 ? rc : stmt_collect(st, s, rule_row, items, err);
}

static const char SQL_RULE_GET[] = "SELECT " RULE_COLUMNS " FROM points_rules WHERE id = $id";

int store_points_rule_get(struct store *st, int64_t id, json_t **out, struct err *err)
{
    char what[48];
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_RULE_GET, &s, err);

    *out = NULL;
    if (rc < 0)
        return rc;
    bind_int(s, "$id", id);
    snprintf(what, sizeof what, "points rule '%lld'", (long long)id);
    return stmt_one(st, s, rule_row, what, out, err);
}

static const char SQL_RULE_INSERT[] =
    "INSERT INTO points_rules (name, event_kind, condition, amount_min, amount_max, points,"
    " cap_day, cap_week, active, created_at, updated_at) VALUES ($name, $kind, $cond, $min,"
    " $max, $points, $cap_day, $cap_week, $active, $now, $now) RETURNING id";
static const char SQL_RULE_UPDATE[] =
    "UPDATE points_rules SET name = $name, event_kind = $kind, condition = $cond,"
    " amount_min = $min, amount_max = $max, points = $points, cap_day = $cap_day,"
    " cap_week = $cap_week, active = $active, updated_at = $now WHERE id = $id RETURNING id";

int store_points_rule_save(struct store *st, const struct actor *a, const struct points_rule *r,
                           json_t **out, struct err *err)
{
    struct stmt *s = NULL;
    json_t *before = NULL, *after = NULL;
    const char *why = NULL, *field = NULL;
    int64_t id = 0;
    int rc = 0;

    if (out)
        *out = NULL;
    if (a->role != ROLE_ADMIN)
        return err_set(err, UPT_EPERM, "only an admin may change points rules");
    if (points_rule_check(r, &field, &why) < 0)
        return err_field(err, UPT_EINVAL, field, "%s", why);
    rc = store_tx_begin(st, err);
    if (rc < 0)
        return rc;
    if (r->id)
        rc = store_points_rule_get(st, r->id, &before, err);
    if (rc == 0)
        rc = stmt_get(st, r->id ? SQL_RULE_UPDATE : SQL_RULE_INSERT, &s, err);
    if (rc < 0)
        goto out;
    bind_text(s, "$name", r->name);
    bind_text(s, "$kind", r->kind == EV_NONE ? POINTS_KIND_WEEK_END : event_kind_name(r->kind));
    bind_text(s, "$cond", points_condition_name(r->condition));
    bind_int(s, "$min", r->amount_min);
    bind_int(s, "$max", r->amount_max);
    bind_int(s, "$points", r->points);
    bind_int(s, "$cap_day", r->cap_day);
    bind_int(s, "$cap_week", r->cap_week);
    bind_int(s, "$active", r->active ? 1 : 0);
    bind_int(s, "$now", a->now);
    bind_int(s, "$id", r->id);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW)
        id = column_int(s, 0);
    stmt_done(s);
    if (rc < 0)
        goto out;
    rc = store_points_rule_get(st, id, &after, err);
    if (rc == 0)
        rc = audit_add(st, a, "points_rule", id, r->id ? "update" : "create", before, after, err);
out:
    if (rc == 0)
        rc = store_tx_commit(st, err);
    else
        store_tx_rollback(st);
    if (rc == 0 && out) {
        *out = after;
        after = NULL;
    }
    json_decref(before);
    json_decref(after);
    return rc;
}

static int blank(const char *s)
{
    for (; s && *s; s++)
        if (!strchr(" \t\r\n", *s))
            return 0;
    return 1;
}

static const char SQL_USER_LIVE[] = "SELECT 1 FROM users WHERE id = $id";

#define LEDGER_COLUMNS                                                                             \
    "l.id, l.at, l.user_id, l.rule_id, r.name, l.points, l.event_id, l.entity, l.entity_id,"       \
    " l.reason, l.reverses_id, l.adjusted_by, l.note"

static json_t *ledger_row(struct stmt *s)
{
    json_t *o = json_object();
    static const char *const keys[] = {
        "id",     "at",        "user_id", "rule_id",     "rule_name",   "points", "event_id",
        "entity", "entity_id", "reason",  "reverses_id", "adjusted_by", "note"};
    for (int i = 0; i < 13; i++)
        json_object_set_new(o, keys[i], column_json(s, i));
    return o;
}

static const char SQL_LEDGER_ONE[] = "SELECT " LEDGER_COLUMNS " FROM points_ledger l"
                                     " LEFT JOIN points_rules r ON r.id = l.rule_id"
                                     " WHERE l.id = (SELECT max(id) FROM points_ledger"
                                     " WHERE adjusted_by = $by)";

int store_points_adjust(struct store *st, const struct actor *a, int64_t user_id, int64_t points,
                        const char *reason, json_t **out, struct err *err)
{
    struct stmt *s = NULL;
    int rc;

    if (out)
        *out = NULL;
    if (a->role != ROLE_ADMIN)
        return err_set(err, UPT_EPERM, "only an admin may adjust points");
    if (blank(reason))
        return err_field(err, UPT_EINVAL, "reason", "an adjustment needs a reason");
    if (points == 0 || points > POINTS_MAX_ADJUST || points < -POINTS_MAX_ADJUST)
        return err_field(err, UPT_EINVAL, "points", "points must be -100000 to 100000, not 0");
    rc = store_tx_begin(st, err);
    if (rc < 0)
        return rc;
    rc = stmt_get(st, SQL_USER_LIVE, &s, err);
    if (rc == 0) {
        bind_int(s, "$id", user_id);
        rc = stmt_step(st, s, err);
        stmt_done(s);
        if (rc == STMT_DONE)
            rc = err_set(err, UPT_ENOTFOUND, "user '%lld' not found", (long long)user_id);
        else if (rc == STMT_ROW)
            rc = 0;
    }
    if (rc == 0) {
        struct points_entry e = {.at = a->now,
                                 .user_id = user_id,
                                 .points = points,
                                 .reason = "adjustment",
                                 .adjusted_by = a->user_id ? a->user_id : 0,
                                 .note = reason};
        rc = points_ledger_append(st, &e, NULL, err);
    }
    if (rc == 0 && out && a->user_id) {
        rc = stmt_get(st, SQL_LEDGER_ONE, &s, err);
        if (rc == 0) {
            bind_int(s, "$by", a->user_id);
            rc = stmt_step(st, s, err);
            if (rc == STMT_ROW)
                *out = ledger_row(s);
            stmt_done(s);
            rc = rc < 0 ? rc : 0;
        }
    }
    if (rc == 0)
        rc = store_tx_commit(st, err);
    else
        store_tx_rollback(st);
    if (rc < 0 && out) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

static const char SQL_HISTORY[] = "SELECT " LEDGER_COLUMNS " FROM points_ledger l"
                                  " LEFT JOIN points_rules r ON r.id = l.rule_id"
                                  " WHERE l.user_id = $user AND ($cursor = 0 OR l.id < $cursor)"
                                  " ORDER BY l.id DESC LIMIT $limit";
static const char SQL_TOTAL[] =
    "SELECT coalesce(sum(points), 0) FROM points_ledger WHERE user_id = $user";

int store_points_history(struct store *st, const struct actor *a, int64_t user_id, int64_t cursor,
                         int limit, json_t **items, int64_t *next_cursor, int64_t *total,
                         struct err *err)
{
    struct stmt *s = NULL;
    int rc;

    *items = NULL;
    *next_cursor = 0;
    *total = 0;
    if (limit < 1 || limit > 500)
        return err_field(err, UPT_EINVAL, "limit", "limit must be 1 to 500");
    rc = may_write(st, a, user_id, err);
    if (rc < 0)
        return err_set(err, UPT_EPERM, "you may not see the points of user '%lld'",
                       (long long)user_id);
    rc = stmt_get(st, SQL_HISTORY, &s, err);
    if (rc < 0)
        return rc;
    bind_int(s, "$user", user_id);
    bind_int(s, "$cursor", cursor);
    bind_int(s, "$limit", limit + 1);
    rc = stmt_collect(st, s, ledger_row, items, err);
    if (rc < 0)
        return rc;
    if (json_array_size(*items) > (size_t)limit) {
        json_array_remove(*items, (size_t)limit);
        *next_cursor =
            json_integer_value(json_object_get(json_array_get(*items, (size_t)limit - 1), "id"));
    }
    rc = stmt_get(st, SQL_TOTAL, &s, err);
    if (rc < 0)
        return rc;
    bind_int(s, "$user", user_id);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW)
        *total = column_int(s, 0);
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* Both periods' points per person from the ledger's sums (migration 0022): each period's whole
 * weeks from points_weeks and the days around them from points_days (core/leaderboard.c
 * lb_spans_of); $p… the previous period, $n… this one. */
#define SUMS_OF(p, col_now, col_before)                                                            \
    " SELECT user_id, " col_now ", " col_before " FROM points_weeks"                               \
    " WHERE week >= $" p "w0 AND week < $" p "w1"                                                  \
    " UNION ALL SELECT user_id, " col_now ", " col_before " FROM points_days"                      \
    " WHERE day >= $" p "a0 AND day < $" p "a1"                                                    \
    " UNION ALL SELECT user_id, " col_now ", " col_before " FROM points_days"                      \
    " WHERE day >= $" p "b0 AND day < $" p "b1"
static const char SQL_TOTALS[] =
    "SELECT u.id, u.name, u.team_id, t.name, u.created_at, u.deactivated_at,"
    " coalesce(p.now, 0), coalesce(p.before, 0), u.board_visibility, t.manager_id, g.per_week"
    " FROM users u LEFT JOIN teams t ON t.id = u.team_id AND t.deleted_at IS NULL"
    " LEFT JOIN points_targets g ON g.user_id = u.id"
    " LEFT JOIN (SELECT user_id, sum(now) AS now, sum(before) AS before FROM (" SUMS_OF(
        "n", "points AS now",
        "0 AS before") " UNION ALL" SUMS_OF("p", "0",
                                            "points") ") AS sums GROUP BY user_id) p ON p.user_id "
                                                      "= u.id"
                                                      " WHERE u.active = 1 AND u.is_integration = "
                                                      "0 ORDER BY u.id";

static void bind_spans(struct stmt *s, const char *prefix, int64_t from, int64_t to)
{
    static const char *const names[] = {"w0", "w1", "a0", "a1", "b0", "b1"};
    struct lb_range r = {.period = LB_CUSTOM, .from = from, .to = to};
    struct lb_spans sp;
    int64_t v[6];
    char name[8];

    lb_spans_of(&r, &sp);
    v[0] = sp.week_from, v[1] = sp.week_to;
    v[2] = sp.day_from[0], v[3] = sp.day_to[0], v[4] = sp.day_from[1], v[5] = sp.day_to[1];
    for (int i = 0; i < 6; i++) {
        snprintf(name, sizeof name, "$%s%s", prefix, names[i]);
        bind_int(s, name, v[i]);
    }
}

static json_t *total_row(struct stmt *s)
{
    return json_pack(
        "{s:I,s:s,s:o,s:o,s:I,s:o,s:I,s:I,s:o,s:o,s:o}", "user_id", (json_int_t)column_int(s, 0),
        "name", column_text(s, 1), "team_id", column_json(s, 2), "team_name", column_json(s, 3),
        "created_at", (json_int_t)column_int(s, 4), "deactivated_at", column_json(s, 5), "points",
        (json_int_t)column_int(s, 6), "previous", (json_int_t)column_int(s, 7), "board_visibility",
        column_json(s, 8), "team_manager_id", column_json(s, 9), "per_week", column_json(s, 10));
}

int store_points_totals(struct store *st, int64_t prev_from, int64_t from, int64_t to,
                        json_t **items, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_TOTALS, &s, err);

    *items = NULL;
    if (rc < 0)
        return rc;
    bind_spans(s, "n", from, to);
    bind_spans(s, "p", prev_from, from);
    return stmt_collect(st, s, total_row, items, err);
}
