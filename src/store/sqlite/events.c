/* SPDX-License-Identifier: MIT */
/* Batched writing of read events, and the admin's event listing. */
#include "store/sqlite/internal.h"

#include "core/records.h"

static const char SQL_EVENT_READ_INSERT[] =
    "INSERT INTO events (at, user_id, kind, entity, entity_id, detail) VALUES ($at, $user,"
    " $kind, $entity, $id, $detail)";

int store_events_insert(struct store *st, const struct event_row *rows, size_t n, struct err *err)
{
    sqlite3_stmt *s = NULL;
    struct rollup *sums;
    int rc = store_tx_begin(st, err);

    if (rc < 0)
        return rc;
    sums = rollup_new();
    for (size_t i = 0; i < n && rc == 0; i++) {
        rc = stmt_get(st, SQL_EVENT_READ_INSERT, &s, err);
        if (rc < 0)
            break;
        bind_int(s, "$at", rows[i].at);
        bind_int_or_null(s, "$user", rows[i].user_id);
        bind_text(s, "$kind", rows[i].kind);
        bind_text(s, "$entity", rows[i].entity[0] ? rows[i].entity : NULL);
        bind_int_or_null(s, "$id", rows[i].entity_id);
        bind_text(s, "$detail", rows[i].detail);
        rc = stmt_exec(st, s, err);
        rollup_push(sums, rows[i].user_id, rows[i].at, rows[i].kind, 0);
    }
    if (rc == 0)
        rc = rollup_flush(st, sums, err);
    rollup_free(sums);
    if (rc < 0) {
        store_tx_rollback(st);
        return rc;
    }
    return store_tx_commit(st, err);
}

static const char SQL_EVENTS_LIST[] =
    "SELECT id, at, user_id, kind, entity, entity_id, detail FROM events"
    " WHERE ($user = 0 OR user_id = $user) AND ($kind IS NULL OR kind = $kind)"
    " AND ($since = 0 OR at >= $since) AND ($until = 0 OR at < $until)"
    " AND ($cursor = 0 OR id < $cursor) ORDER BY id DESC LIMIT $limit";

int store_events_list(struct store *st, const struct event_query *q, json_t **items,
                      int64_t *next_cursor, struct err *err)
{
    sqlite3_stmt *s = NULL;
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
    while ((rc = stmt_step(st, s, err)) == SQLITE_ROW) {
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
        records_render_time(e, "at");
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
