/* SPDX-License-Identifier: MIT */
/* The rows of every kind in core/records.h: read one, list, lock, and their audit trail. Column
 * lists come from the kind's field table (names, never values, are written into SQL); every
 * value is bound. Writes go through the pipeline in write.c. */
#include "store/internal.h"
#include "store/hooks.h"

#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/xalloc.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void add_columns(struct buf *b, const struct record_kind *k)
{
    buf_adds(b, "id");
    for (const struct field_def *f = k->fields; f->name; f++)
        buf_addf(b, ", %s", f->name);
    buf_adds(b, ", " RECORD_COMMON_COLUMNS);
}

/* Reads the current row of stmt (columns as add_columns wrote them) into storage JSON. */
static json_t *row_to_json(const struct record_kind *k, struct stmt *s)
{
    json_t *r = json_object();
    int i = 0;

    json_object_set_new(r, "id", column_json(s, i++));
    for (const struct field_def *f = k->fields; f->name; f++, i++) {
        if (column_is_null(s, i)) {
            json_object_set_new(r, f->name, f->type == FT_LABELLED ? json_array() : json_null());
        } else if (f->type == FT_BOOL) {
            json_object_set_new(r, f->name, json_boolean(column_int(s, i)));
        } else if (f->type == FT_LABELLED) {
            json_t *v = json_loads(column_text(s, i), 0, NULL);
            json_object_set_new(r, f->name, v ? v : json_array());
        } else {
            json_object_set_new(r, f->name, column_json(s, i));
        }
    }
    static const char *const common[] = {"created_by", "created_at", "updated_at", "deleted_at",
                                         "version"};
    for (int c = 0; c < 5; c++, i++)
        json_object_set_new(r, common[c], column_json(s, i));
    return r;
}

int may_write(struct store *st, const struct actor *a, int64_t owner_id, struct err *err)
{
    struct access_owner o;
    int rc = access_owner_load(st, a, owner_id, &o, err);

    if (rc < 0)
        return rc;
    if (access_may_change(a, &o, K_OWNED))
        return 0;
    if (a->role != ROLE_MANAGER)
        return err_set(err, UPT_EPERM, "you may not change records owned by someone else");
    return err_set(err, UPT_EPERM, "you may not change records outside your teams");
}

static const char SQL_AUDIT_INSERT[] =
    "INSERT INTO audit (at, user_id, entity, entity_id, action, before, after)"
    " VALUES ($at, $user, $entity, $id, $action, $before, $after)";

int audit_add(struct store *st, const struct actor *a, const char *entity, int64_t id,
              const char *action, const json_t *before, const json_t *after, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_AUDIT_INSERT, &s, err);

    if (rc < 0)
        return rc;
    bind_int(s, "$at", a->now);
    bind_int_or_null(s, "$user", a->user_id);
    bind_text(s, "$entity", entity);
    bind_int(s, "$id", id);
    bind_text(s, "$action", action);
    bind_json(s, "$before", before);
    bind_json(s, "$after", after);
    return stmt_exec(st, s, err);
}

int record_load_row(struct store *st, const struct record_kind *k, int64_t id, int lock,
                    json_t **out, struct err *err)
{
    struct buf sql = BUF_INIT;
    struct stmt *s = NULL;
    int rc;

    *out = NULL;
    buf_adds(&sql, "SELECT ");
    add_columns(&sql, k);
    buf_addf(&sql, " FROM %s WHERE id = $id%s", k->table, lock ? "${for_update}" : "");
    rc = stmt_get(st, sql.s, &s, err);
    buf_release(&sql);
    if (rc < 0)
        return rc;
    bind_int(s, "$id", id);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW)
        *out = row_to_json(k, s);
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* Whether the actor may read row id of kind k (the read rule of visibility.c). */
static int may_read(struct store *st, const struct record_kind *k, const struct actor *a,
                    int64_t id, struct err *err)
{
    struct buf sql = BUF_INIT;
    struct stmt *s = NULL;
    int rc;

    if (!(k->flags & K_OWNED) || visibility_all(a))
        return 1;
    buf_addf(&sql, "SELECT 1 FROM %s WHERE id = $id AND ", k->table);
    visibility_add(&sql, a, "owner_id");
    rc = stmt_get(st, sql.s, &s, err);
    buf_release(&sql);
    if (rc < 0)
        return rc;
    bind_int(s, "$id", id);
    visibility_bind(s, a);
    rc = stmt_step(st, s, err);
    stmt_done(s);
    return rc < 0 ? rc : rc == STMT_ROW;
}

int record_load_visible(struct store *st, const struct record_kind *k, const struct actor *a,
                        int64_t id, int deleted, int lock, json_t **out, struct err *err)
{
    json_t *row = NULL;
    int rc = record_load_row(st, k, id, lock, &row, err);

    *out = NULL;
    if (rc < 0)
        return rc;
    if (!row || json_is_null(json_object_get(row, "deleted_at")) == deleted) {
        json_decref(row);
        return err_set(err, UPT_ENOTFOUND, "%s '%lld' not found", k->name, (long long)id);
    }
    rc = may_read(st, k, a, id, err);
    if (rc <= 0) {
        json_decref(row);
        return rc < 0 ? rc
                      : err_set(err, UPT_ENOTFOUND, "%s '%lld' not found", k->name, (long long)id);
    }
    *out = row;
    return 0;
}

int record_lock(struct store *st, const struct record_kind *k, int64_t id, struct err *err)
{
    json_t *row = NULL;
    int rc = record_load_row(st, k, id, 1, &row, err);

    json_decref(row);
    return rc;
}

int store_record_get(struct store *st, const struct record_kind *k, const struct actor *a,
                     int64_t id, json_t **out, struct err *err)
{
    return record_load_visible(st, k, a, id, 0, 0, out, err);
}

static int parse_int(const char *s, int64_t *out)
{
    char *end = NULL;
    long long v;

    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || end == s || *end)
        return -1;
    *out = v;
    return 0;
}

/* Appends the keyset condition and ORDER BY of q: ties broken by id in the sort's direction,
 * NULLs last both ways, text compared without case. Only names from the field table (checked by
 * records_sortable) are written into the SQL. */
static int add_order(struct buf *sql, const struct record_kind *k, const struct list_query *q,
                     struct err *err)
{
    const char *col = q->sort && *q->sort ? q->sort : "id";
    int desc = q->sort && *q->sort ? q->sort_desc : 1, is_text = 0;
    const char *cmp = desc ? "<" : ">", *dir = desc ? "DESC" : "ASC";

    if (!records_sortable(k, col, &is_text))
        return err_field(err, UPT_EMALFORMED, "sort", "cannot sort %s records by '%s'", k->name,
                         col);
    if (strcmp(col, "id") == 0) {
        if (q->cursor > 0)
            buf_addf(sql, " AND id %s $cursor", cmp);
        buf_addf(sql, " ORDER BY id %s LIMIT $limit", dir);
        return 0;
    }
    /* Text sorts without case: the column and the cursor's value both in ${nocase:...}. */
    const char *key_open = is_text ? "${nocase:" : "", *key_close = is_text ? "}" : "";
    if (q->cursor > 0 && q->cursor_null)
        buf_addf(sql, " AND %s IS NULL AND id %s $cursor", col, cmp);
    else if (q->cursor > 0)
        buf_addf(sql,
                 " AND (%s IS NULL OR %s%s%s %s %s$cursor_value%s OR (%s%s%s = %s$cursor_value%s"
                 " AND id %s $cursor))",
                 col, key_open, col, key_close, cmp, key_open, key_close, key_open, col, key_close,
                 key_open, key_close, cmp);
    buf_addf(sql, " ORDER BY %s IS NULL, %s%s%s %s, id %s LIMIT $limit", col, key_open, col,
             key_close, dir, dir);
    return 0;
}

int store_record_list(struct store *st, const struct record_kind *k, const struct actor *a,
                      const struct list_query *q, json_t **items, int64_t *next_cursor,
                      struct err *err)
{
    struct buf sql = BUF_INIT, match = BUF_INIT;
    struct stmt *s = NULL;
    json_t *list = NULL;
    int rc = 0, limit = q->limit > 0 && q->limit <= 500 ? q->limit : 50;
    int64_t ivals[STORE_MAX_FILTERS];
    char pname[32];

    *items = NULL;
    *next_cursor = 0;
    buf_adds(&sql, "SELECT ");
    add_columns(&sql, k);
    buf_addf(&sql, " FROM %s WHERE deleted_at IS %s AND ", k->table,
             q->deleted ? "NOT NULL" : "NULL");
    visibility_add(&sql, a, k->flags & K_OWNED ? "owner_id" : NULL);
    for (int i = 0; i < q->nfilters; i++) {
        const char *name = q->filters[i].field;
        const struct field_def *f = records_field_find(k, name);
        enum field_type t = f ? f->type : FT_INT;
        const char *op = q->filters[i].op == '<' ? "<" : q->filters[i].op == '>' ? ">=" : "=";

        if (!f && strcmp(name, "id") != 0 && strcmp(name, "created_by") != 0 &&
            strcmp(name, "created_at") != 0 && strcmp(name, "updated_at") != 0) {
            rc = err_field(err, UPT_EMALFORMED, name, "unknown filter '%s'", name);
            goto out;
        }
        if (!f && (strcmp(name, "created_at") == 0 || strcmp(name, "updated_at") == 0))
            t = FT_TIME;
        if (strcmp(q->filters[i].value, "null") == 0 && q->filters[i].op == '=') {
            buf_addf(&sql, " AND %s IS NULL", name);
            ivals[i] = 0;
            continue;
        }
        if (t == FT_INT || t == FT_REF) {
            if (parse_int(q->filters[i].value, &ivals[i]) < 0) {
                rc = err_field(err, UPT_EMALFORMED, name, "filter '%s' must be an integer", name);
                goto out;
            }
        } else if (t == FT_BOOL) {
            if (strcmp(q->filters[i].value, "true") != 0 &&
                strcmp(q->filters[i].value, "false") != 0) {
                rc =
                    err_field(err, UPT_EMALFORMED, name, "filter '%s' must be true or false", name);
                goto out;
            }
            ivals[i] = strcmp(q->filters[i].value, "true") == 0;
            t = FT_INT;
        } else if (t == FT_TIME) {
            if (clock_parse_iso(q->filters[i].value, &ivals[i]) < 0) {
                rc = err_field(err, UPT_EMALFORMED, name, "filter '%s' must be an ISO 8601 time",
                               name);
                goto out;
            }
            t = FT_INT;
        } else if (t == FT_LABELLED) {
            rc = err_field(err, UPT_EMALFORMED, name, "cannot filter on '%s'", name);
            goto out;
        }
        buf_addf(&sql, " AND %s %s $f%d", name, op, i);
    }
    if (q->nids > 0) {
        buf_adds(&sql, " AND id IN (");
        for (int i = 0; i < q->nids && i < STORE_MAX_IDS; i++)
            buf_addf(&sql, "%s$id%d", i ? "," : "", i);
        buf_adds(&sql, ")");
    }
    if (q->q && *q->q) {
        int code = search_code(k, 0);
        if (code) {
            store_dialect(st)->search_query(&match, q->q);
            /* Words only: a q of nothing but punctuation finds nothing, not everything. */
            if (match.len) {
                buf_adds(&sql, " AND id IN (");
                store_dialect(st)->search_ids(&sql, code);
                buf_adds(&sql, ")");
            }
            /* A contact or deal found by its organization's name only if the actor may read
             * the organization (else by its own words): the name is the organization's. */
            int own = search_code(k, 1);
            if (match.len && own && !visibility_all(a)) {
                buf_adds(&sql, " AND (org_id IS NULL OR org_id IN (SELECT vo.id FROM"
                               " organizations vo WHERE ");
                visibility_add(&sql, a, "vo.owner_id");
                buf_adds(&sql, ") OR id IN (");
                store_dialect(st)->search_ids(&sql, own);
                buf_adds(&sql, "))");
            }
            if (!match.len)
                buf_adds(&sql, " AND 1 = 0");
        } else {
            buf_adds(&sql, " AND (1 = 0");
            for (const struct field_def *f = k->fields; f->name; f++)
                if (f->type == FT_TEXT)
                    buf_addf(&sql, " OR %s %s $like ESCAPE '\\'", f->name, store_dialect(st)->like);
            buf_adds(&sql, ")");
        }
    }
    rc = add_order(&sql, k, q, err);
    if (rc < 0)
        goto out;
    rc = stmt_get(st, sql.s, &s, err);
    if (rc < 0)
        goto out;
    visibility_bind(s, a);
    for (int i = 0; i < q->nfilters; i++) {
        const struct field_def *f = records_field_find(k, q->filters[i].field);
        snprintf(pname, sizeof pname, "$f%d", i);
        if (!f || f->type == FT_INT || f->type == FT_REF || f->type == FT_BOOL ||
            f->type == FT_TIME)
            bind_int(s, pname, ivals[i]);
        else
            bind_text(s, pname, q->filters[i].value);
    }
    for (int i = 0; i < q->nids && i < STORE_MAX_IDS; i++) {
        snprintf(pname, sizeof pname, "$id%d", i);
        bind_int(s, pname, q->ids[i]);
    }
    if (match.len)
        bind_text(s, "$match", match.s);
    if (q->q && *q->q && !search_code(k, 0)) {
        struct buf like = BUF_INIT;
        buf_addc(&like, '%');
        for (const char *p = q->q; *p; p++) {
            if (*p == '%' || *p == '_' || *p == '\\')
                buf_addc(&like, '\\');
            buf_addc(&like, *p);
        }
        buf_addc(&like, '%');
        bind_text(s, "$like", like.s);
        buf_release(&like);
    }
    bind_int(s, "$cursor", q->cursor);
    if (q->cursor_text)
        bind_text(s, "$cursor_value", q->cursor_text);
    else
        bind_int(s, "$cursor_value", q->cursor_int);
    bind_int(s, "$limit", limit + 1);
    list = json_array();
    int n = 0;
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        if (n++ == limit) {
            *next_cursor = json_integer_value(
                json_object_get(json_array_get(list, json_array_size(list) - 1), "id"));
            break;
        }
        json_array_append_new(list, row_to_json(k, s));
    }
    stmt_done(s);
    if (rc < 0)
        goto out;
    rc = 0;
    *items = list;
    list = NULL;
out:
    buf_release(&sql);
    buf_release(&match);
    json_decref(list);
    return rc;
}

static const char SQL_AUDIT_LIST[] =
    "SELECT a.id, a.at, a.user_id, u.name, a.action, a.before, a.after FROM audit a"
    " LEFT JOIN users u ON u.id = a.user_id"
    " WHERE a.entity = $entity AND a.entity_id = $id ORDER BY a.id DESC LIMIT 200";

int store_record_audit(struct store *st, const struct record_kind *k, const struct actor *a,
                       int64_t id, json_t **items, struct err *err)
{
    json_t *row = NULL, *list = NULL;
    struct stmt *s = NULL;
    int rc;

    *items = NULL;
    rc = record_load_row(st, k, id, 0, &row, err);
    if (rc < 0)
        return rc;
    if (!row || may_read(st, k, a, id, err) != 1) {
        json_decref(row);
        return err_set(err, UPT_ENOTFOUND, "%s '%lld' not found", k->name, (long long)id);
    }
    json_decref(row);
    rc = stmt_get(st, SQL_AUDIT_LIST, &s, err);
    if (rc < 0)
        return rc;
    bind_text(s, "$entity", k->name);
    bind_int(s, "$id", id);
    list = json_array();
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        const char *before = column_text(s, 5), *after = column_text(s, 6);
        json_t *b = before ? json_loads(before, 0, NULL) : NULL;
        json_t *aft = after ? json_loads(after, 0, NULL) : NULL;
        json_t *e = json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id", column_json(s, 0), "at",
                              column_json(s, 1), "user_id", column_json(s, 2), "user_name",
                              column_json(s, 3), "action", column_json(s, 4), "before",
                              b ? b : json_null(), "after", aft ? aft : json_null());
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
