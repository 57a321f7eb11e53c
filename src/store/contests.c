/* SPDX-License-Identifier: MIT */
/* Contests (docs/POINTS.md, "Contests"): admins create, change and cancel them; anyone signed
 * in reads them with standings computed from the points ledger within [starts_at, ends_at)
 * (reversals count: the ledger's net), ranked by core/contest.c. Person names in standings
 * go through board_person_for() (consent), after ranking, so a hidden person keeps their
 * place as "A teammate" and the ranking does not depend on who looks. */
#include "store/internal.h"

#include "core/contest.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONTEST_COLUMNS                                                                            \
    "id, name, starts_at, ends_at, metric, rule_id, format, target, top_n, participants,"          \
    " user_ids, team_ids, prize, created_by, created_at, updated_at, cancelled_at"

static json_t *ids_json(const char *text)
{
    json_t *v = text ? json_loads(text, 0, NULL) : NULL;
    return json_is_array(v) ? v : (json_decref(v), json_null());
}

static json_t *contest_row(struct stmt *s)
{
    return json_pack("{s:I,s:s,s:I,s:I,s:s,s:o,s:s,s:I,s:I,s:s,s:o,s:o,s:s,s:o,s:I,s:I,s:o}", "id",
                     (json_int_t)column_int(s, 0), "name", column_text(s, 1), "starts_at",
                     (json_int_t)column_int(s, 2), "ends_at", (json_int_t)column_int(s, 3),
                     "metric", column_text(s, 4), "rule_id", column_json(s, 5), "format",
                     column_text(s, 6), "target", (json_int_t)column_int(s, 7), "top_n",
                     (json_int_t)column_int(s, 8), "participants", column_text(s, 9), "user_ids",
                     ids_json(column_is_null(s, 10) ? NULL : column_text(s, 10)), "team_ids",
                     ids_json(column_is_null(s, 11) ? NULL : column_text(s, 11)), "prize",
                     column_text(s, 12), "created_by", column_json(s, 13), "created_at",
                     (json_int_t)column_int(s, 14), "updated_at", (json_int_t)column_int(s, 15),
                     "cancelled_at", column_json(s, 16));
}

static int64_t int_of(const json_t *c, const char *key)
{
    return json_integer_value(json_object_get(c, key));
}

/* Adds "state" and "seconds_left" as of now. */
static void add_state(json_t *c, int64_t now)
{
    int64_t from = int_of(c, "starts_at"), to = int_of(c, "ends_at"),
            cancelled = int_of(c, "cancelled_at");

    json_object_set_new(
        c, "state", json_string(contest_state_name(contest_state_of(from, to, cancelled, now))));
    json_object_set_new(c, "seconds_left",
                        json_integer((json_int_t)contest_seconds_left(from, to, cancelled, now)));
}

static int has_id(const json_t *ids, int64_t id)
{
    size_t i;
    json_t *v;

    json_array_foreach(ids, i, v) if (json_integer_value(v) == id) return 1;
    return 0;
}

/* The ledger rows a metric counts, in ledger order. deals_won counts each award of a deal.won
 * rule as 1 and each reversal as -1. */
static const char SQL_ROWS_POINTS[] = "SELECT id, at, user_id, points FROM points_ledger"
                                      " WHERE at >= $from AND at < $to ORDER BY id";
static const char SQL_ROWS_RULE[] = "SELECT id, at, user_id, points FROM points_ledger"
                                    " WHERE at >= $from AND at < $to AND rule_id = $rule"
                                    " ORDER BY id";
static const char SQL_ROWS_DEALS[] =
    "SELECT l.id, l.at, l.user_id, CASE WHEN l.points > 0 THEN 1 WHEN l.points < 0 THEN -1"
    " ELSE 0 END FROM points_ledger l JOIN points_rules r ON r.id = l.rule_id"
    " WHERE l.at >= $from AND l.at < $to AND r.event_kind = 'deal.won' ORDER BY l.id";
static const char SQL_PEOPLE[] =
    "SELECT id, name, team_id, board_visibility FROM users WHERE active = 1 AND is_integration = 0"
    " ORDER BY id";
static const char SQL_MEMBERS[] = "SELECT id, team_id FROM users WHERE team_id IS NOT NULL";
static const char SQL_TEAMS[] = "SELECT id, name FROM teams WHERE deleted_at IS NULL ORDER BY id";

struct board {
    struct contest_entry *v;
    size_t n, cap;
    json_t *names;        /* owns the names */
    json_t *choices;      /* person id (text) -> their board_visibility (people boards) */
    int64_t *user, *slot; /* user id -> index into v */
    size_t nmap, capmap;
};

static void board_add(struct board *b, int64_t id, const char *name)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 16;
        b->v = xrealloc(b->v, b->cap * sizeof *b->v);
    }
    json_array_append_new(b->names, json_string(name ? name : ""));
    b->v[b->n++] = (struct contest_entry){
        .id = id,
        .name = json_string_value(json_array_get(b->names, json_array_size(b->names) - 1))};
}

static void board_map(struct board *b, int64_t user, size_t slot)
{
    if (b->nmap == b->capmap) {
        b->capmap = b->capmap ? 2 * b->capmap : 16;
        b->user = xrealloc(b->user, b->capmap * sizeof *b->user);
        b->slot = xrealloc(b->slot, b->capmap * sizeof *b->slot);
    }
    b->user[b->nmap] = user;
    b->slot[b->nmap++] = (int64_t)slot;
}

static struct contest_entry *board_find(struct board *b, int64_t user)
{
    for (size_t i = 0; i < b->nmap; i++)
        if (b->user[i] == user)
            return &b->v[b->slot[i]];
    return NULL;
}

static void board_free(struct board *b)
{
    free(b->v);
    free(b->user);
    free(b->slot);
    json_decref(b->names);
    json_decref(b->choices);
}

/* The participants of contest c: people (optionally only user_ids, or people of team_ids) or
 * the listed teams with every user of theirs mapped to them. */
static int participants_load(struct store *st, const json_t *c, struct board *b, struct err *err)
{
    int teams = strcmp(json_string_value(json_object_get(c, "participants")), "teams") == 0;
    const json_t *users = json_object_get(c, "user_ids"), *tids = json_object_get(c, "team_ids");
    struct stmt *s = NULL;
    int rc = stmt_get(st, teams ? SQL_TEAMS : SQL_PEOPLE, &s, err);

    if (rc < 0)
        return rc;
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        int64_t id = column_int(s, 0), team = column_is_null(s, 2) ? 0 : column_int(s, 2);
        if (teams ? !has_id(tids, id)
                  : (json_array_size(users) ? !has_id(users, id)
                                            : json_array_size(tids) && !has_id(tids, team)))
            continue;
        if (!teams) {
            char key[24];
            snprintf(key, sizeof key, "%lld", (long long)id);
            json_object_set_new(b->choices, key,
                                column_is_null(s, 3) ? json_null()
                                                     : json_string(column_text(s, 3)));
            board_map(b, id, b->n);
        }
        board_add(b, id, column_text(s, 1));
    }
    stmt_done(s);
    if (rc < 0 || !teams)
        return rc < 0 ? rc : 0;
    rc = stmt_get(st, SQL_MEMBERS, &s, err);
    if (rc < 0)
        return rc;
    while ((rc = stmt_step(st, s, err)) == STMT_ROW)
        for (size_t i = 0; i < b->n; i++)
            if (b->v[i].id == column_int(s, 1))
                board_map(b, column_int(s, 0), i);
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* The standings item of e, a person's in the form viewer may see it. */
static json_t *standing_item(const struct contest_entry *e, int teams, int format,
                             const struct board *b, const struct consent_settings *cs,
                             const struct actor *viewer)
{
    json_t *o = json_pack("{s:i,s:I,s:s,s:I,s:b}", "rank", e->rank, teams ? "team_id" : "user_id",
                          (json_int_t)e->id, "name", e->name, "total", (json_int_t)e->total,
                          "winner", e->winner);

    if (format == CONTEST_RACE)
        json_object_set_new(o, "reached_at",
                            e->reached_at ? json_integer(e->reached_at) : json_null());
    if (!teams) {
        char key[24];
        snprintf(key, sizeof key, "%lld", (long long)e->id);
        board_person_for(o, "user_id", "name", cs,
                         json_string_value(json_object_get(b->choices, key)), viewer);
    }
    return o;
}

int contest_standings(struct store *st, const json_t *c, int64_t now, int64_t after_id, int limit,
                      const struct actor *viewer, int *counted, json_t **out, struct err *err)
{
    const char *metric = json_string_value(json_object_get(c, "metric"));
    int format = contest_format_parse(json_string_value(json_object_get(c, "format")));
    int teams = strcmp(json_string_value(json_object_get(c, "participants")), "teams") == 0;
    int64_t target = format == CONTEST_RACE ? int_of(c, "target") : 0;
    struct board b = {.names = json_array(), .choices = json_object()};
    struct consent_settings cs;
    struct stmt *s = NULL;
    json_t *items = NULL;
    int m = contest_metric_parse(metric), rc;

    *out = NULL;
    if (counted)
        *counted = 0;
    rc = store_board_settings(st, &cs, err);
    if (rc == 0)
        rc = participants_load(st, c, &b, err);
    if (rc == 0)
        rc = stmt_get(st,
                      m == CONTEST_RULE        ? SQL_ROWS_RULE
                      : m == CONTEST_DEALS_WON ? SQL_ROWS_DEALS
                                               : SQL_ROWS_POINTS,
                      &s, err);
    if (rc < 0)
        goto out;
    bind_int(s, "$from", int_of(c, "starts_at"));
    bind_int(s, "$to", int_of(c, "ends_at"));
    if (m == CONTEST_RULE)
        bind_int(s, "$rule", int_of(c, "rule_id"));
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        struct contest_entry *e = board_find(&b, column_int(s, 2));
        if (!e)
            continue;
        contest_add(e, column_int(s, 3), column_int(s, 0), column_int(s, 1), target);
        if (counted && column_int(s, 0) > after_id)
            *counted = 1;
    }
    stmt_done(s);
    if (rc < 0)
        goto out;
    rc = 0;
    contest_rank(b.v, b.n, format, target, (int)int_of(c, "top_n"),
                 contest_state_of(int_of(c, "starts_at"), int_of(c, "ends_at"),
                                  int_of(c, "cancelled_at"), now));
    items = json_array();
    for (size_t i = 0; i < b.n && (limit <= 0 || i < (size_t)limit); i++)
        json_array_append_new(items, standing_item(&b.v[i], teams, format, &b, &cs, viewer));
    *out = items;
out:
    board_free(&b);
    return rc;
}

static const char SQL_GET[] = "SELECT " CONTEST_COLUMNS " FROM contests WHERE id = $id";

static int contest_row_get(struct store *st, int64_t id, json_t **out, struct err *err)
{
    char what[48];
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_GET, &s, err);

    *out = NULL;
    if (rc < 0)
        return rc;
    bind_int(s, "$id", id);
    snprintf(what, sizeof what, "contest '%lld'", (long long)id);
    return stmt_one(st, s, contest_row, what, out, err);
}

int store_contest_get(struct store *st, const struct actor *a, int64_t id, json_t **out,
                      struct err *err)
{
    json_t *standings = NULL, *winners;
    size_t i;
    json_t *e;
    int rc = contest_row_get(st, id, out, err);

    if (rc == 0)
        rc = contest_standings(st, *out, a->now, 0, 0, a, NULL, &standings, err);
    if (rc < 0) {
        json_decref(*out);
        *out = NULL;
        return rc;
    }
    add_state(*out, a->now);
    winners = json_array();
    json_array_foreach(standings, i, e) if (json_is_true(json_object_get(e, "winner")))
        json_array_append(
            winners, json_object_get(e, json_object_get(e, "team_id") ? "team_id" : "user_id"));
    json_object_set_new(*out, "standings", standings);
    json_object_set_new(*out, "winners", winners);
    return 0;
}

static const char SQL_LIST[] = "SELECT " CONTEST_COLUMNS " FROM contests"
                               " ORDER BY starts_at DESC, id DESC LIMIT 200";

int store_contests_list(struct store *st, const struct actor *a, json_t **items, struct err *err)
{
    struct stmt *s = NULL;
    size_t i;
    json_t *c;
    int rc = stmt_get(st, SQL_LIST, &s, err);

    *items = NULL;
    if (rc == 0)
        rc = stmt_collect(st, s, contest_row, items, err);
    if (rc < 0)
        return rc;
    json_array_foreach(*items, i, c) add_state(c, a->now);
    return 0;
}

static const char SQL_RUNNING[] = "SELECT " CONTEST_COLUMNS " FROM contests"
                                  " WHERE cancelled_at IS NULL AND starts_at <= $now"
                                  " AND ends_at > $now ORDER BY id";

int contests_running(struct store *st, int64_t now, json_t **items, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_RUNNING, &s, err);

    *items = NULL;
    if (rc < 0)
        return rc;
    bind_int(s, "$now", now);
    return stmt_collect(st, s, contest_row, items, err);
}

static char *ids_text(const int64_t *v, size_t n)
{
    json_t *a = json_array();
    char *text;

    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_integer(v[i]));
    text = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    return text;
}

/* Each id of v must name a row of table (users, teams or points_rules). */
static int ids_exist(struct store *st, const char *sql, const int64_t *v, size_t n,
                     const char *field, struct err *err)
{
    for (size_t i = 0; i < n; i++) {
        struct stmt *s = NULL;
        int rc = stmt_get(st, sql, &s, err);
        if (rc < 0)
            return rc;
        bind_int(s, "$id", v[i]);
        rc = stmt_step(st, s, err);
        stmt_done(s);
        if (rc < 0)
            return rc;
        if (rc != STMT_ROW)
            return err_field(err, UPT_EINVAL, field, "%s: '%lld' not found", field,
                             (long long)v[i]);
    }
    return 0;
}

static const char SQL_INSERT[] =
    "INSERT INTO contests (name, starts_at, ends_at, metric, rule_id, format, target, top_n,"
    " participants, user_ids, team_ids, prize, created_by, created_at, updated_at) VALUES ($name,"
    " $from, $to, $metric, $rule, $format, $target, $top, $who, $users, $teams, $prize, $by, $now,"
    " $now) RETURNING id";
static const char SQL_UPDATE[] =
    "UPDATE contests SET name = $name, starts_at = $from, ends_at = $to, metric = $metric,"
    " rule_id = $rule, format = $format, target = $target, top_n = $top, participants = $who,"
    " user_ids = $users, team_ids = $teams, prize = $prize, updated_at = $now WHERE id = $id";

int store_contest_save(struct store *st, const struct actor *a, const struct contest_def *d,
                       json_t **out, struct err *err)
{
    const char *field = NULL, *why = NULL;
    json_t *before = NULL, *after = NULL;
    char *users = NULL, *teams = NULL;
    struct stmt *s = NULL;
    int64_t id = d->id;
    int rc;

    if (out)
        *out = NULL;
    if (a->role != ROLE_ADMIN)
        return err_set(err, UPT_EPERM, "only an admin may change contests");
    if (contest_check(d, &field, &why) < 0)
        return err_field(err, UPT_EINVAL, field, "%s", why);
    rc = store_tx_begin(st, err);
    if (rc < 0)
        return rc;
    if (id) {
        rc = contest_row_get(st, id, &before, err);
        if (rc == 0 && int_of(before, "cancelled_at"))
            rc = err_set(err, UPT_ECONFLICT, "contest '%lld' is cancelled", (long long)id);
    }
    if (rc == 0 && d->metric == CONTEST_RULE)
        rc = ids_exist(st, "SELECT 1 FROM points_rules WHERE id = $id", &d->rule_id, 1, "rule_id",
                       err);
    if (rc == 0)
        rc = ids_exist(st, "SELECT 1 FROM users WHERE id = $id", d->user_ids, d->nusers, "user_ids",
                       err);
    if (rc == 0)
        rc = ids_exist(st, "SELECT 1 FROM teams WHERE id = $id AND deleted_at IS NULL", d->team_ids,
                       d->nteams, "team_ids", err);
    if (rc == 0)
        rc = stmt_get(st, id ? SQL_UPDATE : SQL_INSERT, &s, err);
    if (rc < 0)
        goto out;
    users = d->nusers ? ids_text(d->user_ids, d->nusers) : NULL;
    teams = d->nteams ? ids_text(d->team_ids, d->nteams) : NULL;
    bind_text(s, "$name", d->name);
    bind_int(s, "$from", d->starts_at);
    bind_int(s, "$to", d->ends_at);
    bind_text(s, "$metric", contest_metric_name(d->metric));
    bind_int_or_null(s, "$rule", d->metric == CONTEST_RULE ? d->rule_id : 0);
    bind_text(s, "$format", contest_format_name(d->format));
    bind_int(s, "$target", d->format == CONTEST_RACE ? d->target : 0);
    bind_int(s, "$top", d->format == CONTEST_TOP_N ? d->top_n : 0);
    bind_text(s, "$who", d->teams ? "teams" : "individuals");
    bind_text(s, "$users", users);
    bind_text(s, "$teams", teams);
    bind_text(s, "$prize", d->prize ? d->prize : "");
    bind_int(s, "$now", a->now);
    if (id) {
        bind_int(s, "$id", id);
        rc = stmt_exec(st, s, err);
    } else {
        bind_int_or_null(s, "$by", a->user_id);
        rc = stmt_step(st, s, err);
        if (rc == STMT_ROW)
            id = column_int(s, 0);
        stmt_done(s);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0)
        rc = store_contest_get(st, a, id, &after, err);
    if (rc == 0)
        rc = audit_add(st, a, "contest", id, d->id ? "update" : "create", before, after, err);
out:
    if (rc == 0)
        rc = store_tx_commit(st, err);
    else
        store_tx_rollback(st);
    if (rc == 0 && out)
        *out = after;
    else
        json_decref(after);
    json_decref(before);
    free(users);
    free(teams);
    return rc;
}

static const char SQL_CANCEL[] = "UPDATE contests SET cancelled_at = $now, updated_at = $now"
                                 " WHERE id = $id AND cancelled_at IS NULL";

int store_contest_cancel(struct store *st, const struct actor *a, int64_t id, json_t **out,
                         struct err *err)
{
    json_t *before = NULL;
    struct stmt *s = NULL;
    int rc;

    *out = NULL;
    if (a->role != ROLE_ADMIN)
        return err_set(err, UPT_EPERM, "only an admin may cancel a contest");
    rc = store_tx_begin(st, err);
    if (rc < 0)
        return rc;
    rc = contest_row_get(st, id, &before, err);
    if (rc == 0 && int_of(before, "cancelled_at"))
        rc = err_set(err, UPT_ECONFLICT, "contest '%lld' is already cancelled", (long long)id);
    if (rc == 0)
        rc = stmt_get(st, SQL_CANCEL, &s, err);
    if (rc == 0) {
        bind_int(s, "$now", a->now);
        bind_int(s, "$id", id);
        rc = stmt_exec(st, s, err);
    }
    if (rc == 0)
        rc = store_contest_get(st, a, id, out, err);
    if (rc == 0)
        rc = audit_add(st, a, "contest", id, "cancel", before, *out, err);
    if (rc == 0)
        rc = store_tx_commit(st, err);
    else
        store_tx_rollback(st);
    if (rc < 0) {
        json_decref(*out);
        *out = NULL;
    }
    json_decref(before);
    return rc;
}
