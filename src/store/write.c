/* SPDX-License-Identifier: MIT */
/* The write pipeline: every create, update, soft delete and restore of a record runs the steps
 * of write_steps, in order, inside one transaction: load, permission, version, merge, owner,
 * kind rules, defaults, check, references, changes, stamp, write, reload, audit, event, review,
 * search, after-write, points. A step runs for the operations in its mask; the first error rolls
 * everything back. A later feature that reacts to writes (points, matching, webhooks) appends a
 * step here rather than adding code to each operation. Kind rules are on the kind
 * (core/kind_rules.c); hooks.c does their database work. */
#include "store/internal.h"
#include "store/hooks.h"

#include "core/buf.h"

#include <string.h>

enum write_op {
    WRITE_CREATE = 1 << 0,
    WRITE_UPDATE = 1 << 1,
    WRITE_DELETE = 1 << 2,
    WRITE_RESTORE = 1 << 3,
};
#define WRITE_CHANGES (WRITE_UPDATE | WRITE_DELETE | WRITE_RESTORE) /* of a stored record */
#define WRITE_ALL     (WRITE_CREATE | WRITE_CHANGES)

/* What one write carries from step to step. */
struct write {
    struct store *st;
    const struct record_kind *k;
    const struct actor *a;
    enum write_op op;
    int64_t id;          /* the record (a create's once written) */
    int64_t if_version;  /* update: the version the caller read, 0 for any */
    const json_t *input; /* create: the new record; update: the patch (storage form) */
    json_t *before;      /* the stored row before the write (NULL on create) */
    json_t *r;           /* the record to write, as the steps build it */
    json_t *after;       /* the stored row after the write */
    json_t *changed;     /* update: names of the fields that change */
    struct kind_facts facts;
    int finished; /* a step found nothing to write: the rest are skipped, the answer is before */
};

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

/* Checks that every reference in values (storage form) names a live row the actor may see. The
 * rows found stay share-locked until the write ends: a user deactivated or a record deleted at
 * the same time waits for this write, or this one sees it gone (PostgreSQL; SQLite serializes). */
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
            buf_adds(&sql, "SELECT 1 FROM users WHERE id = $id AND active = 1${for_share}");
        } else {
            const struct record_kind *rk = records_kind_find(f->ref_table);
            buf_addf(&sql, "SELECT 1 FROM %s WHERE id = $id AND deleted_at IS NULL AND ",
                     f->ref_table);
            visibility_add(&sql, a, rk && (rk->flags & K_OWNED) ? "owner_id" : NULL);
            buf_adds(&sql, "${for_share}");
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
    buf_adds(&sql, RECORD_COMMON_COLUMNS ") VALUES (");
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

static int step_load(struct write *w, struct err *err)
{
    return record_load_visible(w->st, w->k, w->a, w->id, w->op == WRITE_RESTORE, 1, &w->before,
                               err);
}

static int step_permission(struct write *w, struct err *err)
{
    if (w->op != WRITE_CREATE)
        return may_change(w->st, w->k, w->a, w->before, err);
    if (w->k->flags & K_ADMIN_WRITE && w->a->role != ROLE_ADMIN)
        return err_set(err, UPT_EPERM, "only an admin may create %s records", w->k->name);
    return 0;
}

static int step_version(struct write *w, struct err *err)
{
    int64_t version = json_integer_value(json_object_get(w->before, "version"));

    if (w->if_version > 0 && w->if_version != version)
        return err_set(err, UPT_ECONFLICT,
                       "%s '%lld' is at version %lld, not %lld; reload it and try again",
                       w->k->name, (long long)w->id, (long long)version, (long long)w->if_version);
    return 0;
}

/* The record to write: the input of a create (owned by the actor unless it names an owner), the
 * stored row with the patch over it, or the stored row deleted or restored. */
static int step_merge(struct write *w, struct err *err)
{
    (void)err;
    if (w->op == WRITE_CREATE) {
        w->r = json_deep_copy(w->input);
        if ((w->k->flags & K_OWNED) && !json_is_integer(json_object_get(w->r, "owner_id")))
            json_object_set_new(w->r, "owner_id",
                                w->a->user_id ? json_integer(w->a->user_id) : json_null());
        return 0;
    }
    w->r = json_deep_copy(w->before);
    if (w->op == WRITE_UPDATE)
        json_object_update(w->r, (json_t *)w->input);
    else
        json_object_set_new(w->r, "deleted_at",
                            w->op == WRITE_DELETE ? json_integer(w->a->now) : json_null());
    return 0;
}

/* An owner the write names: the actor must be allowed to write for them. A kind that can be
 * handed over may go to any active user, which the references step enforces. */
static int step_owner(struct write *w, struct err *err)
{
    json_t *owner = json_object_get(w->r, "owner_id");
    int rc;

    if (!(w->k->flags & K_OWNED))
        return 0;
    if (w->op == WRITE_CREATE) {
        if (!json_is_integer(json_object_get(w->input, "owner_id")) || (w->k->flags & K_HANDOVER))
            return 0;
        rc = may_write(w->st, w->a, json_integer_value(owner), err);
        if (rc < 0)
            err_field(err, UPT_EPERM, "owner_id", "you may not create records for '%lld'",
                      (long long)json_integer_value(owner));
        return rc;
    }
    if (json_equal(owner, json_object_get(w->before, "owner_id")))
        return 0;
    if (!json_is_integer(owner))
        return err_field(err, UPT_EINVAL, "owner_id", "a %s needs an owner", w->k->name);
    return (w->k->flags & K_HANDOVER) ? 0 : may_write(w->st, w->a, json_integer_value(owner), err);
}

static int step_kind_rules(struct write *w, struct err *err)
{
    return hooks_before_write(w->st, w->k, w->a, w->before, w->r, &w->facts, err);
}

/* Fields a create leaves out are stored empty. */
static int step_defaults(struct write *w, struct err *err)
{
    (void)err;
    for (const struct field_def *f = w->k->fields; f->name; f++)
        if (!json_object_get(w->r, f->name))
            json_object_set_new(w->r, f->name, f->type == FT_LABELLED ? json_array() : json_null());
    return 0;
}

static int step_check(struct write *w, struct err *err)
{
    return records_record_check(w->k, w->r, err);
}

/* A delete leaves its references alone: a record whose link went away may still be deleted. */
static int step_references(struct write *w, struct err *err)
{
    return check_refs(w->st, w->k, w->a, w->r, w->op == WRITE_UPDATE ? w->before : NULL, err);
}

/* An update that changes nothing writes nothing: no audit, no event, no version bump. */
static int step_changes(struct write *w, struct err *err)
{
    (void)err;
    w->changed = changed_fields(w->k, w->before, w->r);
    w->finished = json_array_size(w->changed) == 0;
    return 0;
}

static int step_stamp(struct write *w, struct err *err)
{
    (void)err;
    if (w->op == WRITE_CREATE) {
        json_object_set_new(w->r, "created_by",
                            w->a->user_id ? json_integer(w->a->user_id) : json_null());
        json_object_set_new(w->r, "created_at", json_integer(w->a->now));
        json_object_set_new(w->r, "deleted_at", json_null());
        json_object_set_new(w->r, "version", json_integer(1));
    } else {
        int64_t version = json_integer_value(json_object_get(w->before, "version"));
        json_object_set_new(w->r, "version", json_integer(version + 1));
    }
    json_object_set_new(w->r, "updated_at", json_integer(w->a->now));
    return 0;
}

static int step_write(struct write *w, struct err *err)
{
    if (w->op == WRITE_CREATE)
        return insert_row(w->st, w->k, w->r, &w->id, err);
    return update_row(w->st, w->k, w->id, json_integer_value(json_object_get(w->before, "version")),
                      w->r, err);
}

/* What was stored, as every later step and the caller see it (hooks write other tables). */
static int step_reload(struct write *w, struct err *err)
{
    return record_load_row(w->st, w->k, w->id, 0, &w->after, err);
}

static const char *op_name(enum write_op op)
{
    switch (op) {
    case WRITE_CREATE:
        return "create";
    case WRITE_UPDATE:
        return "update";
    case WRITE_DELETE:
        return "delete";
    case WRITE_RESTORE:
        return "restore";
    }
    return "?";
}

static int step_audit(struct write *w, struct err *err)
{
    return audit_add(w->st, w->a, w->k->name, w->id, op_name(w->op), w->before, w->after, err);
}

static int step_event(struct write *w, struct err *err)
{
    const struct record_kind *k = w->k;
    json_t *detail = NULL;
    enum event_kind kind;
    int rc = 0;

    switch (w->op) {
    case WRITE_CREATE:
        kind = k->events.created;
        rc = hooks_created_detail(w->st, k, w->after, &w->facts, &detail, err);
        break;
    case WRITE_UPDATE:
        kind = k->events.updated;
        detail = json_pack("{s:O}", "fields", w->changed);
        break;
    case WRITE_DELETE:
        kind = k->events.deleted;
        break;
    default:
        kind = k->events.restored;
        break;
    }
    if (rc == 0)
        rc = store_event_add(w->st, w->a, kind, k->name, w->id, detail, err);
    json_decref(detail);
    return rc;
}

static int step_review(struct write *w, struct err *err)
{
    return review_after_write(w->st, w->k, w->a->now, w->before, w->after, w->op == WRITE_DELETE,
                              err);
}

static int step_search(struct write *w, struct err *err)
{
    return search_refresh(w->st, w->k, w->id, err);
}

static int step_after_write(struct write *w, struct err *err)
{
    return hooks_after_write(w->st, w->k, w->a, w->before, w->after, &w->facts, err);
}

/* Points for the write's events, to the record's owner (points.c, docs/POINTS.md); after the
 * kind's effects, so a deal won is one. Then the live items of what it appended
 * (points_live.c: badges, ranks, contests). */
static int step_points(struct write *w, struct err *err)
{
    static const enum points_op ops[] = {[WRITE_CREATE] = POINTS_CREATE,
                                         [WRITE_UPDATE] = POINTS_UPDATE,
                                         [WRITE_DELETE] = POINTS_DELETE,
                                         [WRITE_RESTORE] = POINTS_RESTORE};
    int64_t first = 0;
    int rc = points_after_write(w->st, w->k, w->a, ops[w->op], w->before, w->after, &w->facts,
                                &first, err);

    if (rc == 0)
        rc = points_live_after(w->st, first, w->a->now, err);
    return rc;
}

/* The pipeline, in order. Append steps of later features at the end, after the search. */
static const struct write_step {
    const char *name;
    unsigned ops; /* the operations (enum write_op bits) the step runs for */
    int (*run)(struct write *w, struct err *err);
} write_steps[] = {
    {"load", WRITE_CHANGES, step_load},
    {"permission", WRITE_ALL, step_permission},
    {"version", WRITE_UPDATE, step_version},
    {"merge", WRITE_ALL, step_merge},
    {"owner", WRITE_CREATE | WRITE_UPDATE, step_owner},
    {"kind rules", WRITE_CREATE | WRITE_UPDATE, step_kind_rules},
    {"defaults", WRITE_CREATE, step_defaults},
    {"check", WRITE_CREATE | WRITE_UPDATE, step_check},
    {"references", WRITE_CREATE | WRITE_UPDATE | WRITE_RESTORE, step_references},
    {"changes", WRITE_UPDATE, step_changes},
    {"stamp", WRITE_ALL, step_stamp},
    {"write", WRITE_ALL, step_write},
    {"reload", WRITE_ALL, step_reload},
    {"audit", WRITE_ALL, step_audit},
    {"event", WRITE_ALL, step_event},
    {"review", WRITE_CREATE | WRITE_DELETE, step_review},
    {"search", WRITE_ALL, step_search},
    {"after-write", WRITE_CREATE | WRITE_UPDATE, step_after_write},
    {"points", WRITE_ALL, step_points},
};

/* Runs the steps for w->op in one transaction; *out (when not NULL) the stored record. */
static int write_run(struct write *w, json_t **out, struct err *err)
{
    int rc;

    if (out)
        *out = NULL;
    rc = store_tx_begin(w->st, err);
    if (rc == 0) {
        for (size_t i = 0;
             rc == 0 && !w->finished && i < sizeof write_steps / sizeof write_steps[0]; i++)
            if (write_steps[i].ops & w->op)
                rc = write_steps[i].run(w, err);
        if (rc == 0)
            rc = store_tx_commit(w->st, err);
        else
            store_tx_rollback(w->st);
    }
    if (rc == 0 && out) {
        json_t **answer = w->finished ? &w->before : &w->after;
        *out = *answer;
        *answer = NULL;
    }
    json_decref(w->before);
    json_decref(w->r);
    json_decref(w->after);
    json_decref(w->changed);
    hooks_facts_release(&w->facts);
    return rc;
}

int store_record_create(struct store *st, const struct record_kind *k, const struct actor *a,
                        const json_t *input, json_t **out, struct err *err)
{
    struct write w = {.st = st, .k = k, .a = a, .op = WRITE_CREATE, .input = input};

    return write_run(&w, out, err);
}

int store_record_update(struct store *st, const struct record_kind *k, const struct actor *a,
                        int64_t id, const json_t *patch, int64_t if_version, json_t **out,
                        struct err *err)
{
    struct write w = {.st = st,
                      .k = k,
                      .a = a,
                      .op = WRITE_UPDATE,
                      .id = id,
                      .if_version = if_version,
                      .input = patch};

    return write_run(&w, out, err);
}

int store_record_delete(struct store *st, const struct record_kind *k, const struct actor *a,
                        int64_t id, struct err *err)
{
    struct write w = {.st = st, .k = k, .a = a, .op = WRITE_DELETE, .id = id};

    return write_run(&w, NULL, err);
}

int store_record_restore(struct store *st, const struct record_kind *k, const struct actor *a,
                         int64_t id, json_t **out, struct err *err)
{
    struct write w = {.st = st, .k = k, .a = a, .op = WRITE_RESTORE, .id = id};

    return write_run(&w, out, err);
}
