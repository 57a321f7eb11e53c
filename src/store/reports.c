/* SPDX-License-Identifier: MIT */
/* Reports over deals and activities: pipeline totals per stage, and the manager's view of a
 * team (activity this week and last, open pipeline per rep, deals at risk). */
#include "store/internal.h"

#include "core/buf.h"
#include "core/clock.h"
#include "core/records.h"

#include <stdio.h>
#include <string.h>

static const char SQL_STAGES[] =
    "SELECT id, name, position, probability, is_won, is_lost FROM stages"
    " WHERE deleted_at IS NULL ORDER BY position, id";

static json_t *stage_row(struct stmt *s)
{
    return json_pack("{s:o,s:o,s:o,s:o,s:b,s:b,s:i,s:[]}", "id", column_json(s, 0), "name",
                     column_json(s, 1), "position", column_json(s, 2), "probability",
                     column_json(s, 3), "is_won", column_int(s, 4), "is_lost", column_int(s, 5),
                     "count", 0, "amounts");
}

/* Adds amount in currency to the "amounts" list of obj (one entry per currency). */
static void add_amount(json_t *obj, const char *currency, int64_t amount)
{
    json_t *amounts = json_object_get(obj, "amounts"), *e;
    size_t i;

    json_array_foreach(amounts, i, e)
    {
        if (strcmp(json_string_value(json_object_get(e, "currency")), currency) == 0) {
            json_object_set_new(
                e, "amount_minor",
                json_integer(json_integer_value(json_object_get(e, "amount_minor")) + amount));
            return;
        }
    }
    json_array_append_new(
        amounts, json_pack("{s:s,s:I}", "currency", currency, "amount_minor", (json_int_t)amount));
}

/* The stage totals: deals per stage and currency; the read rule is written in at %s. */
static const char SQL_PIPELINE_FMT[] =
    "SELECT stage_id, currency, count(*), sum(amount_minor) FROM deals"
    " WHERE deleted_at IS NULL AND %s AND ($owner = 0 OR owner_id = $owner)"
    " AND ($team = 0 OR owner_id IN (SELECT id FROM users WHERE team_id = $team))"
    " AND ($closed_after = 0 OR closed_at IS NULL OR closed_at >= $closed_after)"
    " GROUP BY stage_id, currency";

int store_report_pipeline(struct store *st, const struct actor *a, int64_t owner_id,
                          int64_t team_id, int64_t closed_after, json_t **stages, struct err *err)
{
    char sql[1024];
    struct buf vis = BUF_INIT;
    struct stmt *s = NULL;
    json_t *list = NULL;
    int rc = stmt_get(st, SQL_STAGES, &s, err);

    *stages = NULL;
    if (rc < 0)
        goto out;
    rc = stmt_collect(st, s, stage_row, &list, err);
    if (rc < 0)
        goto out;
    visibility_add(&vis, a, "owner_id");
    snprintf(sql, sizeof sql, SQL_PIPELINE_FMT, vis.s);
    rc = stmt_get(st, sql, &s, err);
    if (rc < 0)
        goto out;
    visibility_bind(s, a);
    bind_int(s, "$owner", owner_id);
    bind_int(s, "$team", team_id);
    bind_int(s, "$closed_after", closed_after);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        int64_t stage = column_int(s, 0);
        const char *currency = column_text(s, 1);
        json_t *e;
        size_t i;
        json_array_foreach(list, i, e)
        {
            if (json_integer_value(json_object_get(e, "id")) != stage)
                continue;
            json_object_set_new(
                e, "count",
                json_integer(json_integer_value(json_object_get(e, "count")) + column_int(s, 2)));
            if (currency && !column_is_null(s, 3))
                add_amount(e, currency, column_int(s, 3));
            break;
        }
    }
    stmt_done(s);
    if (rc < 0)
        goto out;
    rc = 0;
    *stages = list;
    list = NULL;
out:
    buf_release(&vis);
    json_decref(list);
    return rc;
}

static const char SQL_TEAM_GET[] =
    "SELECT id, name, manager_id FROM teams WHERE id = $id AND deleted_at IS NULL";
static const char SQL_TEAM_MANAGED[] =
    "SELECT id FROM teams WHERE manager_id = $me AND deleted_at IS NULL ORDER BY id LIMIT 1";

/* Picks and checks the team of a team report; *team is {"id","name"} (new). */
static int team_pick(struct store *st, const struct actor *a, int64_t team_id, json_t **team,
                     struct err *err)
{
    struct stmt *s = NULL;
    int64_t manager = 0;
    int rc = 0;

    *team = NULL;
    if (a->role == ROLE_REP)
        return err_set(err, UPT_EPERM, "team reports are for managers and admins");
    if (!team_id)
        team_id = a->team_id;
    if (!team_id) {
        rc = stmt_get(st, SQL_TEAM_MANAGED, &s, err);
        if (rc < 0)
            return rc;
        bind_int(s, "$me", a->user_id);
        rc = stmt_step(st, s, err);
        if (rc == STMT_ROW)
            team_id = column_int(s, 0);
        stmt_done(s);
        if (rc < 0)
            return rc;
        if (!team_id)
            return err_field(err, UPT_EMALFORMED, "team_id",
                             "you are in no team; name one with 'team_id'");
    }
    rc = stmt_get(st, SQL_TEAM_GET, &s, err);
    if (rc < 0)
        return rc;
    bind_int(s, "$id", team_id);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW) {
        *team = json_pack("{s:o,s:o}", "id", column_json(s, 0), "name", column_json(s, 1));
        manager = column_int(s, 2);
    }
    stmt_done(s);
    if (rc < 0)
        return rc;
    if (!*team)
        return err_set(err, UPT_ENOTFOUND, "team '%lld' not found", (long long)team_id);
    /* A team's report is for whoever may change its members' records (the team is live here). */
    struct access_filter f;
    struct access_owner members = {0, team_id, manager && manager == a->user_id};
    access_change_filter(a, &f);
    if (!access_filter_matches(&f, &members)) {
        json_decref(*team);
        *team = NULL;
        return err_set(err, UPT_EPERM, "you may only see reports of your own teams");
    }
    return 0;
}

/* Each active member of the team with their activities this week and last, last week's up to
 * the same time of the week (column 6: what a week in progress compares with), and their open
 * deals (stage neither won nor lost) with amounts per currency in the JSON text of column 5.
 * Only members whose records the actor may read (the read rule on u.id at %s). */
static const char SQL_TEAM_REPS_FMT[] =
    "SELECT u.id, u.name,"
    " (SELECT count(*) FROM activities a WHERE a.owner_id = u.id AND a.deleted_at IS NULL"
    "  AND a.occurred_at >= $week AND a.occurred_at < $week + 604800000),"
    " (SELECT count(*) FROM activities a WHERE a.owner_id = u.id AND a.deleted_at IS NULL"
    "  AND a.occurred_at >= $week - 604800000 AND a.occurred_at < $week),"
    " (SELECT count(*) FROM deals d LEFT JOIN stages s ON s.id = d.stage_id"
    "  WHERE d.owner_id = u.id AND d.deleted_at IS NULL"
    "  AND coalesce(s.is_won, 0) = 0 AND coalesce(s.is_lost, 0) = 0),"
    " (SELECT ${json_agg}(${json_object}('currency', currency, 'amount_minor', amount)) FROM"
    "  (SELECT d.currency AS currency, sum(d.amount_minor) AS amount FROM deals d"
    "   LEFT JOIN stages s ON s.id = d.stage_id WHERE d.owner_id = u.id AND d.deleted_at IS NULL"
    "   AND coalesce(s.is_won, 0) = 0 AND coalesce(s.is_lost, 0) = 0"
    "   AND d.currency IS NOT NULL AND d.amount_minor IS NOT NULL"
    "   GROUP BY d.currency ORDER BY d.currency) AS per_currency),"
    " (SELECT count(*) FROM activities a WHERE a.owner_id = u.id AND a.deleted_at IS NULL"
    "  AND a.occurred_at >= $week - 604800000 AND a.occurred_at < $now - 604800000)"
    " FROM users u WHERE u.team_id = $team AND u.active = 1 AND u.is_integration = 0 AND %s"
    " ORDER BY ${nocase:u.name}, u.id";

static json_t *rep_row(struct stmt *s)
{
    const char *amounts = column_text(s, 5);
    json_t *list = amounts ? json_loads(amounts, 0, NULL) : NULL;

    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "user_id", column_json(s, 0), "name",
                     column_json(s, 1), "activities_this_week", column_json(s, 2),
                     "activities_last_week", column_json(s, 3), "activities_last_week_to_date",
                     column_json(s, 6), "open_deals", column_json(s, 4), "open_amounts",
                     list ? list : json_array());
}

/* The one definition of a deal at risk: an open deal (stage neither won nor lost) whose close
 * date has passed, that has no next step, or that had no live activity filed under it (its
 * deal_id) in the at-risk window. Of the team's members ($team) or of one owner ($owner; 0:
 * any). The team report, its pages and Today all read it. */
#define AT_RISK_ROWS                                                                               \
    "SELECT d.id AS id, u.name AS owner_name, d.close_date AS close_date,"                         \
    "  (d.close_date IS NOT NULL AND d.close_date < $today) AS past,"                              \
    "  (d.next_step IS NULL OR trim(d.next_step) = '') AS no_step,"                                \
    "  NOT EXISTS (SELECT 1 FROM activities a WHERE a.deal_id = d.id AND a.deleted_at IS NULL"     \
    "   AND a.occurred_at >= $since) AS quiet"                                                     \
    " FROM deals d JOIN users u ON u.id = d.owner_id LEFT JOIN stages s ON s.id = d.stage_id"      \
    " WHERE ($team = 0 OR u.team_id = $team) AND ($owner = 0 OR d.owner_id = $owner)"              \
    " AND d.deleted_at IS NULL AND coalesce(s.is_won, 0) = 0 AND coalesce(s.is_lost, 0) = 0"       \
    " AND %s"

/* Most reasons first, then by close date: a page of them, and how many there are; the read rule
 * on the deal's owner is written in at %s. */
static const char SQL_AT_RISK_FMT[] =
    "SELECT id, owner_name, past, no_step, quiet FROM (" AT_RISK_ROWS ") AS deal_risks"
    " WHERE past OR no_step OR quiet"
    " ORDER BY (CASE WHEN past THEN 1 ELSE 0 END) + (CASE WHEN no_step THEN 1 ELSE 0 END)"
    " + (CASE WHEN quiet THEN 1 ELSE 0 END) DESC, close_date IS NULL, close_date, id"
    " LIMIT $limit OFFSET $offset";
static const char SQL_AT_RISK_COUNT_FMT[] =
    "SELECT count(*) FROM (" AT_RISK_ROWS ") AS deal_risks WHERE past OR no_step OR quiet";

static void at_risk_bind(struct stmt *s, const struct actor *a, int64_t team_id, int64_t owner_id)
{
    char today[16];

    clock_format_day(a->now, today, sizeof today);
    bind_text(s, "$today", today);
    bind_int(s, "$since", a->now - REPORT_AT_RISK_DAYS * CLOCK_DAY_MS);
    bind_int(s, "$team", team_id);
    bind_int(s, "$owner", owner_id);
    visibility_bind(s, a);
}

/* Records of kind for the ids in rows ({"id",…}), as the record engine reads them for the actor
 * (one it may not see is left out), each with the other members of its row copied in. */
static int rows_to_records(struct store *st, const struct record_kind *k, const struct actor *a,
                           json_t *rows, json_t **items, struct err *err)
{
    json_t *list = json_array(), *row;
    size_t i;
    int rc = 0;

    *items = NULL;
    json_array_foreach(rows, i, row)
    {
        json_t *rec = NULL, *v;
        const char *key;
        rc = store_record_get(st, k, a, json_integer_value(json_object_get(row, "id")), &rec, err);
        if (rc == UPT_ENOTFOUND) {
            rc = 0;
            continue;
        }
        if (rc < 0)
            goto out;
        json_object_foreach(row, key, v)
        {
            if (strcmp(key, "id") != 0)
                json_object_set(rec, key, v);
        }
        json_array_append_new(list, rec);
    }
    *items = list;
    list = NULL;
out:
    json_decref(list);
    return rc;
}

/* A page of the deals at risk (offset, at most limit) of team_id's members or of owner_id, and
 * *total, how many there are in all. *items is new. */
static int at_risk_page(struct store *st, const struct actor *a, int64_t team_id, int64_t owner_id,
                        int64_t offset, int64_t limit, json_t **items, int64_t *total,
                        struct err *err)
{
    struct stmt *s = NULL;
    json_t *rows = json_array();
    struct buf vis = BUF_INIT, sql = BUF_INIT;
    int rc = 0;

    *items = NULL;
    *total = 0;
    visibility_add(&vis, a, "d.owner_id");
    buf_addf(&sql, SQL_AT_RISK_COUNT_FMT, vis.s);
    rc = stmt_get(st, sql.s, &s, err);
    if (rc < 0)
        goto out;
    at_risk_bind(s, a, team_id, owner_id);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW)
        *total = column_int(s, 0);
    stmt_done(s);
    if (rc < 0)
        goto out;
    buf_reset(&sql);
    buf_addf(&sql, SQL_AT_RISK_FMT, vis.s);
    rc = stmt_get(st, sql.s, &s, err);
    if (rc < 0)
        goto out;
    at_risk_bind(s, a, team_id, owner_id);
    bind_int(s, "$limit", limit);
    bind_int(s, "$offset", offset);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        json_t *reasons = json_array();
        if (column_int(s, 2))
            json_array_append_new(reasons, json_string("past_close_date"));
        if (column_int(s, 3))
            json_array_append_new(reasons, json_string("no_next_step"));
        if (column_int(s, 4))
            json_array_append_new(reasons, json_string("no_recent_activity"));
        json_array_append_new(rows, json_pack("{s:o,s:o,s:o}", "id", column_json(s, 0),
                                              "owner_name", column_json(s, 1), "reasons", reasons));
    }
    stmt_done(s);
    if (rc < 0)
        goto out;
    /* The deals themselves, as the record engine reads them (the actor sees the team's). */
    rc = rows_to_records(st, &kind_deal, a, rows, items, err);
out:
    buf_release(&vis);
    buf_release(&sql);
    json_decref(rows);
    return rc;
}

int store_report_at_risk(struct store *st, const struct actor *a, int64_t team_id, int64_t offset,
                         int64_t limit, json_t **out, struct err *err)
{
    json_t *team = NULL, *items = NULL;
    int64_t total = 0;
    int rc = team_pick(st, a, team_id, &team, err);

    *out = NULL;
    if (rc < 0)
        goto out;
    rc = at_risk_page(st, a, json_integer_value(json_object_get(team, "id")), 0, offset, limit,
                      &items, &total, err);
    if (rc < 0)
        goto out;
    *out = json_pack("{s:O,s:O,s:I}", "team", team, "items", items, "total", (json_int_t)total);
out:
    json_decref(team);
    json_decref(items);
    return rc;
}

/* The actor's own new and working leads that nothing happened to in the at-risk window: not
 * changed, and no live activity filed under them (lead_id). Longest untouched first. */
static const char SQL_QUIET_LEADS[] =
    "SELECT l.id, count(*) OVER () FROM leads l WHERE l.owner_id = $owner AND l.deleted_at IS NULL"
    " AND l.status IN ('new', 'working') AND l.updated_at < $since"
    " AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.lead_id = l.id AND a.deleted_at IS NULL"
    "  AND a.occurred_at >= $since)"
    " ORDER BY l.updated_at, l.id LIMIT $limit";

int store_report_attention(struct store *st, const struct actor *a, int64_t limit, json_t **out,
                           struct err *err)
{
    struct stmt *s = NULL;
    json_t *deals = NULL, *leads = NULL, *rows = json_array();
    int64_t deals_total = 0, leads_total = 0;
    int rc = at_risk_page(st, a, 0, a->user_id, 0, limit, &deals, &deals_total, err);

    *out = NULL;
    if (rc < 0)
        goto out;
    rc = stmt_get(st, SQL_QUIET_LEADS, &s, err);
    if (rc < 0)
        goto out;
    bind_int(s, "$owner", a->user_id);
    bind_int(s, "$since", a->now - REPORT_AT_RISK_DAYS * CLOCK_DAY_MS);
    bind_int(s, "$limit", limit);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        json_array_append_new(rows, json_pack("{s:o}", "id", column_json(s, 0)));
        leads_total = column_int(s, 1);
    }
    stmt_done(s);
    if (rc < 0)
        goto out;
    rc = rows_to_records(st, &kind_lead, a, rows, &leads, err);
    if (rc < 0)
        goto out;
    *out = json_pack("{s:i,s:O,s:I,s:O,s:I}", "window_days", REPORT_AT_RISK_DAYS, "deals", deals,
                     "deals_total", (json_int_t)deals_total, "leads", leads, "leads_total",
                     (json_int_t)leads_total);
out:
    json_decref(rows);
    json_decref(deals);
    json_decref(leads);
    return rc;
}

/* Why the team's deals were lost in the last 90 days: each reason as given (empty: none given),
 * with how many deals, most frequent first; deals the actor may read (the read rule at %s). */
static const char SQL_LOST_REASONS_FMT[] =
    "SELECT reason, n FROM"
    " (SELECT coalesce(nullif(trim(d.lost_reason), ''), '') AS reason, count(*) AS n"
    "  FROM deals d JOIN users u ON u.id = d.owner_id JOIN stages s ON s.id = d.stage_id"
    "  WHERE u.team_id = $team AND d.deleted_at IS NULL AND s.is_lost = 1"
    "  AND d.closed_at >= $since AND %s GROUP BY reason) AS reasons"
    " ORDER BY n DESC, reason = '', ${nocase:reason}";

static json_t *lost_row(struct stmt *s)
{
    return json_pack("{s:o,s:o}", "reason", column_json(s, 0), "deals", column_json(s, 1));
}

/* Monday 00:00 UTC of the ISO week holding now (1970-01-01 was a Thursday). */
static int64_t week_start(int64_t now)
{
    int64_t days = now / CLOCK_DAY_MS - (now % CLOCK_DAY_MS < 0);
    int64_t weekday = ((days + 3) % 7 + 7) % 7; /* Monday 0 */

    return (days - weekday) * CLOCK_DAY_MS;
}

int store_report_team(struct store *st, const struct actor *a, int64_t team_id, json_t **out,
                      struct err *err)
{
    struct stmt *s = NULL;
    json_t *team = NULL, *reps = NULL, *risk = NULL, *lost = NULL;
    int64_t risk_total = 0;
    struct buf vis = BUF_INIT, sql = BUF_INIT;
    int rc = 0;

    *out = NULL;
    rc = team_pick(st, a, team_id, &team, err);
    if (rc < 0)
        goto out;
    team_id = json_integer_value(json_object_get(team, "id"));
    visibility_add(&vis, a, "u.id");
    buf_addf(&sql, SQL_TEAM_REPS_FMT, vis.s);
    rc = stmt_get(st, sql.s, &s, err);
    if (rc < 0)
        goto out;
    visibility_bind(s, a);
    bind_int(s, "$team", team_id);
    bind_int(s, "$week", week_start(a->now));
    bind_int(s, "$now", a->now);
    rc = stmt_collect(st, s, rep_row, &reps, err);
    if (rc < 0)
        goto out;
    rc = at_risk_page(st, a, team_id, 0, 0, REPORT_AT_RISK_PAGE, &risk, &risk_total, err);
    if (rc < 0)
        goto out;
    buf_reset(&vis);
    buf_reset(&sql);
    visibility_add(&vis, a, "d.owner_id");
    buf_addf(&sql, SQL_LOST_REASONS_FMT, vis.s);
    rc = stmt_get(st, sql.s, &s, err);
    if (rc < 0)
        goto out;
    visibility_bind(s, a);
    bind_int(s, "$team", team_id);
    bind_int(s, "$since", a->now - 90 * CLOCK_DAY_MS);
    rc = stmt_collect(st, s, lost_row, &lost, err);
    if (rc < 0)
        goto out;
    *out = json_pack("{s:O,s:O,s:O,s:I,s:O}", "team", team, "reps", reps, "at_risk", risk,
                     "at_risk_total", (json_int_t)risk_total, "lost_reasons", lost);
out:
    buf_release(&vis);
    buf_release(&sql);
    json_decref(team);
    json_decref(reps);
    json_decref(risk);
    json_decref(lost);
    return rc;
}
