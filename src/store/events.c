/* SPDX-License-Identifier: MIT */
/* Writing events: one at a time inside a write's transaction (store_event_add, with its
 * rollup), or in batches for read events and imports; and the admin's event listing. */
#include "store/internal.h"

#include "core/xalloc.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_EVENT_INSERT[] =
    "INSERT INTO events (at, user_id, kind, entity, entity_id, detail)"
    " VALUES ($at, $user, $kind, $entity, $id, $detail)";

/* Whether an update event's detail lists field among the fields that changed. */
static int names_field(const json_t *detail, const char *field)
{
    size_t i;
    json_t *v;

    json_array_foreach(json_object_get(detail, "fields"), i, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), field) == 0)
            return 1;
    }
    return 0;
}

int store_event_add(struct store *st, const struct actor *a, enum event_kind kind,
                    const char *entity, int64_t entity_id, const json_t *detail, struct err *err)
{
    const struct event_kind_def *def = event_kind_def(kind);
    struct stmt *s = NULL;
    int rc;

    /* An unregistered kind or one written about the wrong entity is a programming error. */
    assert(def);
    assert(!def->entity || !entity || strcmp(def->entity, entity) == 0);
    if (!def)
        return err_set(err, UPT_EIO, "event kind %d is not registered", (int)kind);
    rc = stmt_get(st, SQL_EVENT_INSERT, &s, err);
    if (rc < 0)
        return rc;
    bind_int(s, "$at", a->now);
    bind_int_or_null(s, "$user", a->user_id);
    bind_text(s, "$kind", def->name);
    bind_text(s, "$entity", entity);
    bind_int_or_null(s, "$id", entity_id);
    bind_json(s, "$detail", detail);
    rc = stmt_exec(st, s, err);
    if (rc == 0)
        rc = rollup_event(st, a->user_id, a->now, def->name, entity_id,
                          json_is_true(json_object_get(detail, "meaningful")), err);
    if (rc == 0 && kind == EV_ACTIVITY_UPDATED && names_field(detail, "notes_real"))
        rc = rollup_notes_judged(st, entity_id, err);
    /* What the event streams show of it, sent once the transaction commits. */
    if (rc == 0 && kind == EV_DEAL_WON)
        rc = live_deal_won(st, entity_id, err);
    return rc;
}

/* A bulk import writes 64 events per INSERT statement: a statement's fixed cost (begin, halt,
 * reset) then falls on many rows. Parameters ?1.. go row by row, six per event. */
#define EVENT_COLS      6
#define EVENTS_PER_STMT 64

static const char SQL_INSERT_ONE[] =
    "INSERT INTO events (at, user_id, kind, entity, entity_id, detail) VALUES (?,?,?,?,?,?)";
static char sql_insert_many[sizeof SQL_INSERT_ONE + EVENTS_PER_STMT * 16];
static pthread_once_t sql_insert_built = PTHREAD_ONCE_INIT;

static void build_insert_many(void)
{
    size_t len = (size_t)snprintf(sql_insert_many, sizeof sql_insert_many, "%s", SQL_INSERT_ONE);

    for (size_t i = 1; i < EVENTS_PER_STMT; i++)
        len +=
            (size_t)snprintf(sql_insert_many + len, sizeof sql_insert_many - len, ",(?,?,?,?,?,?)");
}

static const char *insert_sql(size_t rows)
{
    if (rows == 1)
        return SQL_INSERT_ONE;
    pthread_once(&sql_insert_built, build_insert_many);
    return sql_insert_many;
}

static void bind_text_or_null(struct stmt *s, int i, const char *v)
{
    if (v && *v)
        bind_text_at(s, i, v); /* rows outlive the statement's step */
    else
        bind_null_at(s, i);
}

static void bind_int_or_null_at(struct stmt *s, int i, int64_t v)
{
    if (v)
        bind_int_at(s, i, v);
    else
        bind_null_at(s, i);
}

/* Binds row as the k-th event of an INSERT. */
static void bind_event(struct stmt *s, size_t k, const struct event_row *row)
{
    int base = (int)(k * EVENT_COLS);

    bind_int_at(s, base + 1, row->at);
    bind_int_or_null_at(s, base + 2, row->user_id);
    bind_text_or_null(s, base + 3, row->kind);
    bind_text_or_null(s, base + 4, row->entity);
    bind_int_or_null_at(s, base + 5, row->entity_id);
    bind_text_or_null(s, base + 6, row->detail);
}

static int insert_rows(struct store *st, const struct event_row *rows, size_t n, struct err *err)
{
    struct stmt *s = NULL;
    size_t per = n >= EVENTS_PER_STMT ? EVENTS_PER_STMT : 1;
    int rc = stmt_get(st, insert_sql(per), &s, err);

    for (size_t i = 0; rc == 0 && i + per <= n; i += per) {
        for (size_t k = 0; k < per; k++)
            bind_event(s, k, &rows[i + k]);
        rc = stmt_exec(st, s, err);
    }
    return rc;
}

int store_events_insert(struct store *st, const struct event_row *rows, size_t n, struct err *err)
{
    struct rollup *sums;
    size_t whole = n / EVENTS_PER_STMT * EVENTS_PER_STMT;
    int rc = store_tx_begin(st, err);

    if (rc < 0)
        return rc;
    rc = insert_rows(st, rows, whole, err);
    if (rc == 0)
        rc = insert_rows(st, rows + whole, n - whole, err);
    sums = rollup_new();
    for (size_t i = 0; i < n && rc == 0; i++)
        rollup_push(sums, rows[i].user_id, rows[i].at, rows[i].kind, rows[i].meaningful);
    if (rc == 0)
        rc = rollup_flush(st, sums, err);
    rollup_free(sums);
    if (rc < 0) {
        store_tx_rollback(st);
        return rc;
    }
    return store_tx_commit(st, err);
}

int store_user_ids(struct store *st, int64_t **ids, size_t *n, struct err *err)
{
    struct stmt *s = NULL;
    size_t cap = 0;
    int rc = stmt_get(st, "SELECT id FROM users ORDER BY id", &s, err);

    *ids = NULL;
    *n = 0;
    if (rc < 0)
        return rc;
    while ((rc = stmt_step(st, s, err)) == STMT_ROW)
        *VEC_PUSH(*ids, *n, cap) = column_int(s, 0);
    stmt_done(s);
    if (rc < 0) {
        free(*ids);
        *ids = NULL;
        *n = 0;
        return rc;
    }
    return 0;
}

static const char SQL_EVENTS_LIST[] =
    "SELECT id, at, user_id, kind, entity, entity_id, detail FROM events"
    " WHERE ($user = 0 OR user_id = $user) AND (CAST($kind AS TEXT) IS NULL OR kind = $kind)"
    " AND ($since = 0 OR at >= $since) AND ($until = 0 OR at < $until)"
    " AND ($cursor = 0 OR id < $cursor) ORDER BY id DESC LIMIT $limit";

int store_events_list(struct store *st, const struct event_query *q, json_t **items,
                      int64_t *next_cursor, struct err *err)
{
    struct stmt *s = NULL;
    int limit = q->limit > 0 && q->limit <= 1000 ? q->limit : 100, n = 0;
    int rc = stmt_get(st, SQL_EVENTS_LIST, &s, err);
    json_t *list = NULL;

    *items = NULL;
    *next_cursor = 0;
    if (rc < 0)
        return rc;
    bind_int(s, "$user", q->user_id);
    bind_text(s, "$kind", q->kind);
    bind_int(s, "$since", q->since);
    bind_int(s, "$until", q->until);
    bind_int(s, "$cursor", q->cursor);
    bind_int(s, "$limit", limit + 1);
    list = json_array();
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        if (n++ == limit) {
            *next_cursor = json_integer_value(
                json_object_get(json_array_get(list, json_array_size(list) - 1), "id"));
            break;
        }
        const char *detail = column_text(s, 6);
        json_t *d = detail ? json_loads(detail, 0, NULL) : NULL;
        json_t *e = json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id", column_json(s, 0), "at",
                              column_json(s, 1), "user_id", column_json(s, 2), "kind",
                              column_json(s, 3), "entity", column_json(s, 4), "entity_id",
                              column_json(s, 5), "detail", d ? d : json_null());
        json_array_append_new(list, e);
    }
    stmt_done(s);
    if (rc < 0) {
        json_decref(list);
        return rc;
    }
    *items = list;
    return 0;
}
