/* SPDX-License-Identifier: MIT */
/* The generic record engine: create, read, update, soft delete, restore and list for every
 * kind in core/records.h. Column lists come from the kind's field table (names, never values,
 * are written into SQL); every value is bound. Writes are audited and evented in one
 * transaction. Kind rules are on the kind (core/kind_rules.c); hooks.c does their database work. */
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

#define COMMON_COLUMNS "created_by, created_at, updated_at, deleted_at, version"

static void add_columns(struct buf *b, const struct record_kind *k)
{
    buf_adds(b, "id");
    for (const struct field_def *f = k->fields; f->name; f++)
        buf_addf(b, ", %s", f->name);
    buf_adds(b, ", " COMMON_COLUMNS);
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

/* Kind codes of the search index (each engine keeps one row per code and record id) for
 * the kinds that are KIND_SEARCH_INDEXED; those that carry their organization's name also have
 * a row of their own text without it (0010_search_own_text.sql). */
static const struct {
    const char *kind;
    int code, own_code;
} search_codes[] = {{"organization", 1, 0}, {"contact", 2, 5}, {"lead", 3, 0}, {"deal", 4, 6}};

/* The rowid code of k's full text (own: of its own text), 0 when it has none. */
static int search_code(const struct record_kind *k, int own)
{
    if (!(k->search & KIND_SEARCH_INDEXED) || (own && !(k->search & KIND_SEARCH_ORG_NAME)))
        return 0;
    for (size_t i = 0; i < sizeof search_codes / sizeof search_codes[0]; i++)
        if (strcmp(search_codes[i].kind, k->name) == 0)
            return own ? search_codes[i].own_code : search_codes[i].code;
    assert(!"an indexed kind has a search code");
    return 0;
}

/* Whether kind j's search text carries the name of a record of kind k (its org_id names one). */
static int carries_name_of(const struct record_kind *j, const struct record_kind *k)
{
    const struct field_def *org = records_field_find(j, "org_id");

    return (j->search & KIND_SEARCH_ORG_NAME) && org && org->ref_table &&
           strcmp(org->ref_table, k->table) == 0;
}

/* Rewrites the search row (code, id) from the view's text of record id. */
static int search_row_refresh(struct store *st, const char *view, int code, int64_t id,
                              struct err *err)
{
    const struct dialect *d = store_dialect(st);
    struct buf sql = BUF_INIT;
    struct stmt *s = NULL;
    int rc = stmt_get(st, d->search_delete, &s, err);

    if (rc < 0)
        return rc;
    bind_int(s, "$id", id);
    bind_int(s, "$code", code);
    rc = stmt_exec(st, s, err);
    if (rc < 0)
        return rc;
    d->search_insert(&sql, view);
    rc = stmt_get(st, sql.s, &s, err);
    buf_release(&sql);
    if (rc < 0)
        return rc;
    bind_int(s, "$id", id);
    bind_int(s, "$code", code);
    return stmt_exec(st, s, err);
}

/* Refreshes the search text of every record of kind j that carries the name of record id. */
static int search_refresh_carriers(struct store *st, const struct record_kind *j, int64_t id,
                                   struct err *err)
{
    char sql[128];
    struct stmt *s = NULL;
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int rc;

    snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE org_id = $id", j->table);
    rc = stmt_get(st, sql, &s, err);
    if (rc < 0)
        return rc;
    bind_int(s, "$id", id);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            ids = xrealloc(ids, cap * sizeof *ids);
        }
        ids[n++] = column_int(s, 0);
    }
    stmt_done(s);
    rc = rc < 0 ? rc : 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = search_refresh(st, j, ids[i], err);
    free(ids);
    return rc;
}

int search_rebuild(struct store *st, struct err *err)
{
    int rc = 0;

    for (int i = 0; records_kinds[i] && rc == 0; i++) {
        const struct record_kind *k = records_kinds[i];
        int code = search_code(k, 0), own = search_code(k, 1);
        char sql[128];
        struct stmt *s = NULL;
        int64_t *ids = NULL;
        size_t n = 0, cap = 0;

        if (!code)
            continue;
        snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE deleted_at IS NULL ORDER BY id",
                 k->table);
        rc = stmt_get(st, sql, &s, err);
        if (rc < 0)
            break;
        while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
            if (n == cap) {
                cap = cap ? cap * 2 : 256;
                ids = xrealloc(ids, cap * sizeof *ids);
            }
            ids[n++] = column_int(s, 0);
        }
        stmt_done(s);
        rc = rc < 0 ? rc : 0;
        char view[64], own_view[64];
        snprintf(view, sizeof view, "%s_search_text", k->name);
        snprintf(own_view, sizeof own_view, "%s_own_search_text", k->name);
        for (size_t j = 0; j < n && rc == 0; j++) {
            rc = search_row_refresh(st, view, code, ids[j], err);
            if (rc == 0 && own)
                rc = search_row_refresh(st, own_view, own, ids[j], err);
        }
        free(ids);
    }
    return rc;
}

int search_refresh(struct store *st, const struct record_kind *k, int64_t id, struct err *err)
{
    char view[64];
    int code = search_code(k, 0), own = search_code(k, 1);
    int rc;

    if (!code)
        return 0;
    snprintf(view, sizeof view, "%s_search_text", k->name);
    rc = search_row_refresh(st, view, code, id, err);
    if (rc == 0 && own) {
        snprintf(view, sizeof view, "%s_own_search_text", k->name);
        rc = search_row_refresh(st, view, own, id, err);
    }
    for (int i = 0; records_kinds[i] && rc == 0; i++)
        if (carries_name_of(records_kinds[i], k))
            rc = search_refresh_carriers(st, records_kinds[i], id, err);
    return rc;
}

/* Reads one row by id whatever its state; *out NULL when absent. With lock, inside a write's
 * transaction, the row stays locked until it ends, so concurrent writes of one record follow
 * each other (PostgreSQL's row lock; SQLite's writers are serialized already). */
static int load_row_locked(struct store *st, const struct record_kind *k, int64_t id, int lock,
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

static int load_row(struct store *st, const struct record_kind *k, int64_t id, json_t **out,
                    struct err *err)
{
    return load_row_locked(st, k, id, 0, out, err);
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

/* Loads a live (or, with deleted, a soft-deleted) row the actor may see, else UPT_ENOTFOUND. */
static int load_visible(struct store *st, const struct record_kind *k, const struct actor *a,
                        int64_t id, int deleted, int lock, json_t **out, struct err *err)
{
    json_t *row = NULL;
    int rc = load_row_locked(st, k, id, lock, &row, err);

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

static int may_change(struct store *st, const struct record_kind *k, const struct actor *a,
                      const json_t *row, struct err *err)
{
    if (k->flags & K_ADMIN_WRITE)
        return a->role == ROLE_ADMIN
                   ? 0
                   : err_set(err, UPT_EPERM, "only an admin may change %s records", k->name);
    if (!(k->flags & K_OWNED))
        return 0;
    return may_write(st, a, json_integer_value(json_object_get(row, "owner_id")), err);
}

/* Checks that every reference in values (storage form) names a live row the actor may see. */
static int check_refs(struct store *st, const struct record_kind *k, const struct actor *a,
                      const json_t *values, const json_t *before, struct err *err)
{
    for (const struct field_def *f = k->fields; f->name; f++) {
        json_t *v = json_object_get(values, f->name);
        struct buf sql = BUF_INIT;
        struct stmt *s = NULL;
        int rc;

        if (f->type != FT_REF || !json_is_integer(v))
            continue;
        if (before && json_equal(v, json_object_get(before, f->name)))
            continue; /* unchanged: do not fail an edit because a link became invisible */
        if (strcmp(f->ref_table, "users") == 0) {
            buf_adds(&sql, "SELECT 1 FROM users WHERE id = $id AND active = 1");
        } else {
            const struct record_kind *rk = records_kind_find(f->ref_table);
            buf_addf(&sql, "SELECT 1 FROM %s WHERE id = $id AND deleted_at IS NULL AND ",
                     f->ref_table);
            visibility_add(&sql, a, rk && (rk->flags & K_OWNED) ? "owner_id" : NULL);
        }
        rc = stmt_get(st, sql.s, &s, err);
        buf_release(&sql);
        if (rc < 0)
            return rc;
        bind_int(s, "$id", json_integer_value(v));
        visibility_bind(s, a);
        rc = stmt_step(st, s, err);
        stmt_done(s);
        if (rc < 0)
            return rc;
        if (rc != STMT_ROW)
            return err_field(err, UPT_EINVAL, f->name, "'%s' %lld not found", f->name,
                             (long long)json_integer_value(v));
    }
    return 0;
}

/* Binds every field and the common columns of record r to an INSERT or UPDATE. */
static void bind_record(struct stmt *s, const struct record_kind *k, const json_t *r)
{
    char name[80];

    for (const struct field_def *f = k->fields; f->name; f++) {
        json_t *v = json_object_get(r, f->name);
        snprintf(name, sizeof name, "$%s", f->name);
        if (f->type == FT_LABELLED && json_array_size(v) == 0)
            bind_json(s, name, NULL);
        else
            bind_json(s, name, v);
    }
    bind_json(s, "$created_by", json_object_get(r, "created_by"));
    bind_json(s, "$created_at", json_object_get(r, "created_at"));
    bind_json(s, "$updated_at", json_object_get(r, "updated_at"));
    bind_json(s, "$deleted_at", json_object_get(r, "deleted_at"));
    bind_json(s, "$version", json_object_get(r, "version"));
}

static int insert_row(struct store *st, const struct record_kind *k, const json_t *r,
                      int64_t *id_out, struct err *err)
{
    struct buf sql = BUF_INIT;
    struct stmt *s = NULL;
    int rc;

    buf_addf(&sql, "INSERT INTO %s (", k->table);
    for (const struct field_def *f = k->fields; f->name; f++)
        buf_addf(&sql, "%s, ", f->name);
    buf_adds(&sql, COMMON_COLUMNS ") VALUES (");
    for (const struct field_def *f = k->fields; f->name; f++)
        buf_addf(&sql, "$%s, ", f->name);
    buf_adds(&sql, "$created_by, $created_at, $updated_at, $deleted_at, $version) RETURNING id");
    rc = stmt_get(st, sql.s, &s, err);
    buf_release(&sql);
    if (rc < 0)
        return rc;
    bind_record(s, k, r);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW)
        *id_out = column_int(s, 0);
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* Writes r over row id if its version is still old_version (a concurrent writer loses). */
static int update_row(struct store *st, const struct record_kind *k, int64_t id,
                      int64_t old_version, const json_t *r, struct err *err)
{
    struct buf sql = BUF_INIT;
    struct stmt *s = NULL;
    int rc;

    buf_addf(&sql, "UPDATE %s SET ", k->table);
    for (const struct field_def *f = k->fields; f->name; f++)
        buf_addf(&sql, "%s = $%s, ", f->name, f->name);
    buf_adds(&sql, "created_by = $created_by, created_at = $created_at, updated_at = $updated_at,"
                   " deleted_at = $deleted_at, version = $version"
                   " WHERE id = $id AND version = $old_version");
    rc = stmt_get(st, sql.s, &s, err);
    buf_release(&sql);
    if (rc < 0)
        return rc;
    bind_record(s, k, r);
    bind_int(s, "$id", id);
    bind_int(s, "$old_version", old_version);
    rc = stmt_exec(st, s, err);
    if (rc == 0 && stmt_changes(s) == 0)
        rc = err_set(err, UPT_ECONFLICT, "%s '%lld' was changed by someone else; reload it",
                     k->name, (long long)id);
    return rc;
}

int store_record_create(struct store *st, const struct record_kind *k, const struct actor *a,
                        const json_t *input, json_t **out, struct err *err)
{
    json_t *r = NULL, *stored = NULL;
    struct kind_facts facts = {0};
    int64_t id = 0;
    int rc = 0, in_tx = 0;

    if (out)
        *out = NULL;
    if (k->flags & K_ADMIN_WRITE && a->role != ROLE_ADMIN)
        return err_set(err, UPT_EPERM, "only an admin may create %s records", k->name);
    r = json_deep_copy(input);
    if (k->flags & K_OWNED) {
        json_t *owner = json_object_get(r, "owner_id");
        if (!json_is_integer(owner)) {
            json_object_set_new(r, "owner_id", a->user_id ? json_integer(a->user_id) : json_null());
        } else if (!(k->flags & K_HANDOVER)) {
            /* A kind that can be handed over may be created for any active user (the check of
             * references enforces that): creating it and handing it over is the same. */
            rc = may_write(st, a, json_integer_value(owner), err);
            if (rc < 0) {
                err_field(err, UPT_EPERM, "owner_id", "you may not create records for '%lld'",
                          (long long)json_integer_value(owner));
                goto out;
            }
        }
    }
    rc = store_tx_begin(st, err);
    if (rc < 0)
        goto out;
    in_tx = 1;
    rc = hooks_before_write(st, k, a, NULL, r, &facts, err);
    if (rc < 0)
        goto out;
    for (const struct field_def *f = k->fields; f->name; f++)
        if (!json_object_get(r, f->name))
            json_object_set_new(r, f->name, f->type == FT_LABELLED ? json_array() : json_null());
    rc = records_record_check(k, r, err);
    if (rc < 0)
        goto out;
    rc = check_refs(st, k, a, r, NULL, err);
    if (rc < 0)
        goto out;
    json_object_set_new(r, "created_by", a->user_id ? json_integer(a->user_id) : json_null());
    json_object_set_new(r, "created_at", json_integer(a->now));
    json_object_set_new(r, "updated_at", json_integer(a->now));
    json_object_set_new(r, "deleted_at", json_null());
    json_object_set_new(r, "version", json_integer(1));
    rc = insert_row(st, k, r, &id, err);
    if (rc < 0)
        goto out;
    rc = load_row(st, k, id, &stored, err);
    if (rc < 0)
        goto out;
    rc = audit_add(st, a, k->name, id, "create", NULL, stored, err);
    if (rc == 0) {
        json_t *detail = NULL;
        rc = hooks_created_detail(st, k, stored, &facts, &detail, err);
        if (rc == 0)
            rc = store_event_add(st, a, k->events.created, k->name, id, detail, err);
        json_decref(detail);
    }
    if (rc == 0)
        rc = search_refresh(st, k, id, err);
    if (rc == 0)
        rc = hooks_after_write(st, k, a, NULL, stored, &facts, err);
    if (rc < 0)
        goto out;
    rc = store_tx_commit(st, err);
    in_tx = 0;
    if (rc < 0)
        goto out;
    /* Hooks write other tables only, so the row read for the audit is the stored record. */
    if (out) {
        *out = stored;
        stored = NULL;
    }
out:
    if (in_tx)
        store_tx_rollback(st);
    json_decref(r);
    json_decref(stored);
    return rc;
}

int record_lock(struct store *st, const struct record_kind *k, int64_t id, struct err *err)
{
    json_t *row = NULL;
    int rc = load_row_locked(st, k, id, 1, &row, err);

    json_decref(row);
    return rc;
}

int store_record_get(struct store *st, const struct record_kind *k, const struct actor *a,
                     int64_t id, json_t **out, struct err *err)
{
    return load_visible(st, k, a, id, 0, 0, out, err);
}

/* The names of fields whose value differs between before and after. */
static json_t *changed_fields(const struct record_kind *k, const json_t *before,
                              const json_t *after)
{
    json_t *names = json_array();

    for (const struct field_def *f = k->fields; f->name; f++)
        if (!json_equal(json_object_get(before, f->name), json_object_get(after, f->name)))
            json_array_append_new(names, json_string(f->name));
    return names;
}

int store_record_update(struct store *st, const struct record_kind *k, const struct actor *a,
                        int64_t id, const json_t *patch, int64_t if_version, json_t **out,
                        struct err *err)
{
    json_t *before = NULL, *r = NULL, *after = NULL, *changed = NULL;
    struct kind_facts facts = {0};
    int rc = 0, in_tx = 0;
    int64_t version;

    if (out)
        *out = NULL;
    rc = store_tx_begin(st, err);
    if (rc < 0)
        return rc;
    in_tx = 1;
    rc = load_visible(st, k, a, id, 0, 1, &before, err);
    if (rc < 0)
        goto out;
    rc = may_change(st, k, a, before, err);
    if (rc < 0)
        goto out;
    version = json_integer_value(json_object_get(before, "version"));
    if (if_version > 0 && if_version != version) {
        rc = err_set(err, UPT_ECONFLICT,
                     "%s '%lld' is at version %lld, not %lld; reload it and try again", k->name,
                     (long long)id, (long long)version, (long long)if_version);
        goto out;
    }
    r = json_deep_copy(before);
    json_object_update(r, (json_t *)patch);
    if ((k->flags & K_OWNED) &&
        !json_equal(json_object_get(r, "owner_id"), json_object_get(before, "owner_id"))) {
        json_t *owner = json_object_get(r, "owner_id");
        if (!json_is_integer(owner)) {
            rc = err_field(err, UPT_EINVAL, "owner_id", "a %s needs an owner", k->name);
            goto out;
        }
        /* The actor may change this record (checked above); a kind that can be handed over may
         * go to any active user, which the check of references below enforces. */
        if (!(k->flags & K_HANDOVER))
            rc = may_write(st, a, json_integer_value(owner), err);
        if (rc < 0)
            goto out;
    }
    rc = hooks_before_write(st, k, a, before, r, &facts, err);
    if (rc < 0)
        goto out;
    rc = records_record_check(k, r, err);
    if (rc < 0)
        goto out;
    rc = check_refs(st, k, a, r, before, err);
    if (rc < 0)
        goto out;
    changed = changed_fields(k, before, r);
    if (json_array_size(changed) == 0) {
        /* Nothing changes: no write, no audit, no version bump. */
        rc = store_tx_commit(st, err);
        in_tx = 0;
        if (rc == 0 && out) {
            *out = before;
            before = NULL;
        }
        goto out;
    }
    json_object_set_new(r, "updated_at", json_integer(a->now));
    json_object_set_new(r, "version", json_integer(version + 1));
    rc = update_row(st, k, id, version, r, err);
    if (rc < 0)
        goto out;
    rc = load_row(st, k, id, &after, err);
    if (rc < 0)
        goto out;
    rc = audit_add(st, a, k->name, id, "update", before, after, err);
    if (rc < 0)
        goto out;
    json_t *detail = json_pack("{s:O}", "fields", changed);
    rc = store_event_add(st, a, k->events.updated, k->name, id, detail, err);
    json_decref(detail);
    if (rc == 0)
        rc = search_refresh(st, k, id, err);
    if (rc == 0)
        rc = hooks_after_write(st, k, a, before, after, &facts, err);
    if (rc < 0)
        goto out;
    rc = store_tx_commit(st, err);
    in_tx = 0;
    if (rc == 0 && out) {
        *out = after;
        after = NULL;
    }
out:
    if (in_tx)
        store_tx_rollback(st);
    json_decref(before);
    json_decref(r);
    json_decref(after);
    json_decref(changed);
    return rc;
}

/* Sets or clears deleted_at: the shared body of delete and restore. */
static int set_deleted(struct store *st, const struct record_kind *k, const struct actor *a,
                       int64_t id, int deleting, json_t **out, struct err *err)
{
    json_t *before = NULL, *after = NULL, *r = NULL;
    int rc = 0, in_tx = 0;

    if (out)
        *out = NULL;
    rc = store_tx_begin(st, err);
    if (rc < 0)
        return rc;
    in_tx = 1;
    rc = load_visible(st, k, a, id, !deleting, 1, &before, err);
    if (rc < 0)
        goto out;
    rc = may_change(st, k, a, before, err);
    if (rc < 0)
        goto out;
    int64_t version = json_integer_value(json_object_get(before, "version"));
    r = json_deep_copy(before);
    json_object_set_new(r, "deleted_at", deleting ? json_integer(a->now) : json_null());
    json_object_set_new(r, "updated_at", json_integer(a->now));
    json_object_set_new(r, "version", json_integer(version + 1));
    if (!deleting) {
        rc = check_refs(st, k, a, r, NULL, err);
        if (rc < 0)
            goto out;
    }
    rc = update_row(st, k, id, version, r, err);
    if (rc < 0)
        goto out;
    rc = load_row(st, k, id, &after, err);
    if (rc < 0)
        goto out;
    rc = audit_add(st, a, k->name, id, deleting ? "delete" : "restore", before, after, err);
    if (rc == 0)
        rc = store_event_add(st, a, deleting ? k->events.deleted : k->events.restored, k->name, id,
                             NULL, err);
    if (rc == 0)
        rc = search_refresh(st, k, id, err);
    if (rc < 0)
        goto out;
    rc = store_tx_commit(st, err);
    in_tx = 0;
    if (rc == 0 && out) {
        *out = after;
        after = NULL;
    }
out:
    if (in_tx)
        store_tx_rollback(st);
    json_decref(before);
    json_decref(after);
    json_decref(r);
    return rc;
}

int store_record_delete(struct store *st, const struct record_kind *k, const struct actor *a,
                        int64_t id, struct err *err)
{
    return set_deleted(st, k, a, id, 1, NULL, err);
}

int store_record_restore(struct store *st, const struct record_kind *k, const struct actor *a,
                         int64_t id, json_t **out, struct err *err)
{
    return set_deleted(st, k, a, id, 0, out, err);
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
    rc = load_row(st, k, id, &row, err);
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
