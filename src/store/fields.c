/* SPDX-License-Identifier: MIT */
/* Field settings (which fields an admin hid from forms) and field usage (how often each field
 * of a kind is filled), so an admin can see which fields nobody uses and hide them. */
#include "store/internal.h"

#include "core/buf.h"

#include <string.h>

static const char SQL_FIELD_HIDDEN[] = "SELECT kind, field FROM field_settings WHERE hidden = 1";

int store_field_hidden(struct store *st, json_t **hidden, struct err *err)
{
    struct stmt *s = NULL;
    json_t *map = NULL;
    int rc = stmt_get(st, SQL_FIELD_HIDDEN, &s, err);

    *hidden = NULL;
    if (rc < 0)
        goto out;
    map = json_object();
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        const char *kind = column_text(s, 0), *field = column_text(s, 1);
        json_t *fields = json_object_get(map, kind);
        if (!fields) {
            fields = json_object();
            json_object_set_new(map, kind, fields);
        }
        json_object_set_new(fields, field, json_true());
    }
    stmt_done(s);
    if (rc < 0)
        goto out;
    rc = 0;
    *hidden = map;
    map = NULL;
out:
    json_decref(map);
    return rc;
}

static const char SQL_FIELD_GET[] =
    "SELECT id, hidden FROM field_settings WHERE kind = $kind AND field = $field";

/* The setting's row id and hidden flag; *id 0 when there is no row yet. */
static int setting_get(struct store *st, const char *kind, const char *field, int64_t *id,
                       int *hidden, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_FIELD_GET, &s, err);

    *id = 0;
    *hidden = 0;
    if (rc < 0)
        return rc;
    bind_text(s, "$kind", kind);
    bind_text(s, "$field", field);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW) {
        *id = column_int(s, 0);
        *hidden = column_int(s, 1);
    }
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

static const char SQL_FIELD_UPSERT[] =
    "INSERT INTO field_settings (kind, field, hidden, updated_by, updated_at)"
    " VALUES ($kind, $field, $hidden, $user, $at) ON CONFLICT (kind, field) DO UPDATE SET"
    " hidden = excluded.hidden, updated_by = excluded.updated_by, updated_at = excluded.updated_at";

int store_field_set_hidden(struct store *st, const struct actor *a, const struct record_kind *k,
                           const char *field, int hidden, struct err *err)
{
    struct stmt *s = NULL;
    json_t *before = NULL, *after = NULL, *detail = NULL;
    int64_t id = 0;
    int rc = 0, in_tx = 0, was = 0;

    if (a->role != ROLE_ADMIN)
        return err_set(err, UPT_EPERM, "only an admin may change field settings");
    rc = store_tx_begin(st, err);
    if (rc < 0)
        goto out;
    in_tx = 1;
    rc = setting_get(st, k->name, field, &id, &was, err);
    if (rc < 0)
        goto out;
    if (was == !!hidden) {
        /* Nothing changes (a field without a row is shown): no write, no audit. */
        rc = store_tx_commit(st, err);
        in_tx = 0;
        goto out;
    }
    rc = stmt_get(st, SQL_FIELD_UPSERT, &s, err);
    if (rc < 0)
        goto out;
    bind_text(s, "$kind", k->name);
    bind_text(s, "$field", field);
    bind_int(s, "$hidden", !!hidden);
    bind_int_or_null(s, "$user", a->user_id);
    bind_int(s, "$at", a->now);
    rc = stmt_exec(st, s, err);
    if (rc < 0)
        goto out;
    if (!id) {
        rc = setting_get(st, k->name, field, &id, &was, err);
        if (rc < 0)
            goto out;
        was = !hidden;
    }
    before = json_pack("{s:s,s:s,s:b}", "kind", k->name, "field", field, "hidden", was);
    after = json_pack("{s:s,s:s,s:b}", "kind", k->name, "field", field, "hidden", !!hidden);
    rc = audit_add(st, a, "field_setting", id, "update", before, after, err);
    if (rc < 0)
        goto out;
    detail = json_pack("{s:s,s:s,s:b}", "kind", k->name, "field", field, "hidden", !!hidden);
    rc = store_event_add(st, a, EV_FIELD_SETTING_UPDATED, "field_setting", id, detail, err);
    if (rc < 0)
        goto out;
    rc = store_tx_commit(st, err);
    in_tx = 0;
out:
    if (in_tx)
        store_tx_rollback(st);
    json_decref(before);
    json_decref(after);
    json_decref(detail);
    return rc;
}

int store_field_usage(struct store *st, const struct record_kind *k, int64_t *total,
                      json_t **filled, struct err *err)
{
    struct buf sql = BUF_INIT;
    struct stmt *s = NULL;
    json_t *map = NULL;
    int rc = 0, i = 1;

    *total = 0;
    *filled = NULL;
    /* Names from the field table only; no value is written into the SQL. */
    buf_adds(&sql, "SELECT count(*)");
    for (const struct field_def *f = k->fields; f->name; f++) {
        if (f->type == FT_LABELLED)
            buf_addf(&sql,
                     ", count(CASE WHEN %s IS NOT NULL AND %s <> '' AND %s <> '[]' THEN 1 END)",
                     f->name, f->name, f->name);
        else if (f->type == FT_TEXT || f->type == FT_DATE || f->type == FT_ENUM)
            buf_addf(&sql, ", count(CASE WHEN %s IS NOT NULL AND %s <> '' THEN 1 END)", f->name,
                     f->name);
        else
            buf_addf(&sql, ", count(%s)", f->name);
    }
    buf_addf(&sql, " FROM %s WHERE deleted_at IS NULL", k->table);
    rc = stmt_get(st, sql.s, &s, err);
    if (rc < 0)
        goto out;
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW) {
        map = json_object();
        *total = column_int(s, 0);
        for (const struct field_def *f = k->fields; f->name; f++, i++)
            json_object_set_new(map, f->name, json_integer(column_int(s, i)));
    }
    stmt_done(s);
    if (rc < 0)
        goto out;
    rc = 0;
    *filled = map ? map : json_object();
    map = NULL;
out:
    buf_release(&sql);
    json_decref(map);
    return rc;
}
