/* SPDX-License-Identifier: MIT */
/* Users: creation, lookup for sign-in, admin changes, deactivation with successors (and its dry
 * run) and reactivation. */
#include "store/internal.h"

#include "core/buf.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USER_COLUMNS                                                                               \
    "u.id, u.email, u.name, u.role, u.team_id, t.name, u.is_integration, u.is_ambassador,"         \
    " u.is_power_user, u.active, u.successor_id, u.demo_archetype, u.created_at,"                  \
    " u.deactivated_at, (u.password_hash IS NOT NULL)"

static json_t *user_row(struct stmt *s)
{
    json_t *u = json_object();

    json_object_set_new(u, "id", column_json(s, 0));
    json_object_set_new(u, "email", column_json(s, 1));
    json_object_set_new(u, "name", column_json(s, 2));
    json_object_set_new(u, "role", column_json(s, 3));
    json_object_set_new(u, "team_id", column_json(s, 4));
    json_object_set_new(u, "team_name", column_json(s, 5));
    json_object_set_new(u, "is_integration", json_boolean(column_int(s, 6)));
    json_object_set_new(u, "is_ambassador", json_boolean(column_int(s, 7)));
    json_object_set_new(u, "is_power_user", json_boolean(column_int(s, 8)));
    json_object_set_new(u, "active", json_boolean(column_int(s, 9)));
    json_object_set_new(u, "successor_id", column_json(s, 10));
    json_object_set_new(u, "demo_archetype", column_json(s, 11));
    json_object_set_new(u, "created_at", column_json(s, 12));
    json_object_set_new(u, "deactivated_at", column_json(s, 13));
    json_object_set_new(u, "has_password", json_boolean(column_int(s, 14)));
    return u;
}

static const char SQL_USER_INSERT[] =
    "INSERT INTO users (email, name, role, team_id, password_hash, is_integration,"
    " demo_archetype, created_at) VALUES ($email, $name, $role, $team, $hash, $integration,"
    " $archetype, $at) RETURNING id";

int store_user_create(struct store *st, const struct actor *a, const struct user_new *u,
                      int64_t *id_out, struct err *err)
{
    struct stmt *s = NULL;
    int rc = 0;
    json_t *after = NULL;

    if (a->role != ROLE_ADMIN)
        return err_set(err, UPT_EPERM, "only an admin may add users");
    if (u->role < ROLE_REP || u->role > ROLE_ADMIN)
        return err_field(err, UPT_EINVAL, "role", "'role' must be one of: admin, manager, rep");
    rc = store_tx_begin(st, err);
    if (rc < 0)
        return rc;
    if (u->team_id) {
        rc = stmt_get(st, "SELECT 1 FROM teams WHERE id = $id AND deleted_at IS NULL${for_share}",
                      &s, err);
        if (rc < 0)
            goto out;
        bind_int(s, "$id", u->team_id);
        rc = stmt_step(st, s, err);
        stmt_done(s);
        if (rc < 0)
            goto out;
        if (rc != STMT_ROW) {
            rc = err_field(err, UPT_EINVAL, "team_id", "team '%lld' not found",
                           (long long)u->team_id);
            goto out;
        }
    }
    rc = stmt_get(st, SQL_USER_INSERT, &s, err);
    if (rc < 0)
        goto out;
    bind_text(s, "$email", u->email);
    bind_text(s, "$name", u->name);
    bind_text(s, "$role", access_role_name(u->role));
    bind_int_or_null(s, "$team", u->team_id);
    bind_text(s, "$hash", u->password_hash);
    bind_int(s, "$integration", u->is_integration);
    bind_text(s, "$archetype", u->demo_archetype);
    bind_int(s, "$at", a->now);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW)
        *id_out = column_int(s, 0);
    stmt_done(s);
    if (rc == UPT_ECONFLICT)
        rc = err_field(err, UPT_ECONFLICT, "email", "a user with email '%s' exists", u->email);
    if (rc < 0)
        goto out;
    rc = store_user_get(st, *id_out, &after, err);
    if (rc == 0)
        rc = audit_add(st, a, "user", *id_out, "create", NULL, after, err);
    if (rc == 0)
        rc = store_event_add(st, a, EV_USER_CREATED, "user", *id_out, NULL, err);
out:
    json_decref(after);
    if (rc < 0) {
        store_tx_rollback(st);
        return rc;
    }
    return store_tx_commit(st, err);
}

static const char SQL_USER_GET[] =
    "SELECT " USER_COLUMNS " FROM users u LEFT JOIN teams t ON t.id = u.team_id"
    " WHERE u.id = $id";

int store_user_get(struct store *st, int64_t id, json_t **out, struct err *err)
{
    char what[48];
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_USER_GET, &s, err);

    *out = NULL;
    if (rc < 0)
        return rc;
    bind_int(s, "$id", id);
    snprintf(what, sizeof what, "user '%lld'", (long long)id);
    return stmt_one(st, s, user_row, what, out, err);
}

int store_user_find_email(struct store *st, const char *email, int64_t *id_out, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, "SELECT id FROM users WHERE email = $email", &s, err);

    *id_out = 0;
    if (rc < 0)
        return rc;
    bind_text(s, "$email", email);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW)
        *id_out = column_int(s, 0);
    stmt_done(s);
    if (rc < 0)
        return rc;
    return *id_out ? 0 : err_set(err, UPT_ENOTFOUND, "user '%s' not found", email);
}

static void fill_principal(struct stmt *s, int first, struct principal *p)
{
    memset(p, 0, sizeof *p);
    p->user_id = column_int(s, first);
    p->role = access_role_parse(column_text(s, first + 1));
    p->team_id = column_int(s, first + 2);
    p->is_integration = column_int(s, first + 3);
    snprintf(p->email, sizeof p->email, "%s", column_text(s, first + 4));
    snprintf(p->name, sizeof p->name, "%s", column_text(s, first + 5));
}

#define PRINCIPAL_COLUMNS "u.id, u.role, u.team_id, u.is_integration, u.email, u.name"

static const char SQL_USER_CREDENTIALS[] =
    "SELECT " PRINCIPAL_COLUMNS ", u.password_hash FROM users u"
    " WHERE u.email = $email AND u.active = 1";

int store_user_credentials(struct store *st, const char *email, struct principal *p, char **hash,
                           struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_USER_CREDENTIALS, &s, err);

    *hash = NULL;
    if (rc < 0)
        return rc;
    bind_text(s, "$email", email);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW) {
        fill_principal(s, 0, p);
        *hash = column_text(s, 6) ? xstrdup(column_text(s, 6)) : NULL;
    }
    stmt_done(s);
    if (rc < 0)
        return rc;
    return rc == STMT_ROW ? 0 : err_set(err, UPT_ENOTFOUND, "user '%s' not found", email);
}

static const char SQL_USER_LIST[] =
    "SELECT " USER_COLUMNS " FROM users u LEFT JOIN teams t ON t.id = u.team_id"
    " WHERE u.active = 1 OR $all = 1 ORDER BY u.id";

int store_user_list(struct store *st, int include_inactive, json_t **items, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_USER_LIST, &s, err);

    *items = NULL;
    if (rc < 0)
        return rc;
    bind_int(s, "$all", include_inactive);
    return stmt_collect(st, s, user_row, items, err);
}

/* Every active admin's row is locked (in id order, so two such checks queue rather than
 * deadlock) until the write ends: on PostgreSQL two admins demoting each other at once would
 * otherwise each see the other and leave none; the second now waits and sees the first. */
static const char SQL_USER_OTHER_ADMINS[] =
    "SELECT count(*) FROM (SELECT id FROM users WHERE role = 'admin' AND active = 1"
    " AND is_integration = 0 ORDER BY id${for_update}) AS admins WHERE id <> $id";

/* Whether user (JSON as from store_user_get) is the only active admin who is a person: taking
 * that away would leave nobody to manage users. */
static int last_admin(struct store *st, const json_t *user, int *last, struct err *err)
{
    struct stmt *s = NULL;
    int rc;

    *last = 0;
    if (strcmp(json_string_value(json_object_get(user, "role")), "admin") != 0 ||
        !json_is_true(json_object_get(user, "active")) ||
        json_is_true(json_object_get(user, "is_integration")))
        return 0;
    rc = stmt_get(st, SQL_USER_OTHER_ADMINS, &s, err);
    if (rc < 0)
        return rc;
    bind_int(s, "$id", json_integer_value(json_object_get(user, "id")));
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW)
        *last = column_int(s, 0) == 0;
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

static const char SQL_USER_UPDATE[] =
    "UPDATE users SET name = coalesce($name, name), role = coalesce($role, role),"
    " team_id = CASE WHEN $set_team = 1 THEN $team ELSE team_id END,"
    " is_ambassador = coalesce($ambassador, is_ambassador),"
    " is_power_user = coalesce($power, is_power_user),"
    " password_hash = coalesce($hash, password_hash) WHERE id = $id";

int store_user_update(struct store *st, const struct actor *a, int64_t id, const json_t *patch,
                      json_t **out, struct err *err)
{
    json_t *before = NULL, *after = NULL;
    struct stmt *s = NULL;
    json_t *v;
    int rc;

    *out = NULL;
    if (a->role != ROLE_ADMIN && !(a->user_id == id && json_object_size(patch) == 1 &&
                                   json_object_get(patch, "password_hash")))
        return err_set(err, UPT_EPERM, "only an admin may change users");
    rc = store_tx_begin(st, err);
    if (rc < 0)
        return rc;
    rc = store_user_get(st, id, &before, err);
    if (rc < 0)
        goto out;
    v = json_object_get(patch, "role");
    if (v && access_role_parse(json_string_value(v)) < 0) {
        rc = err_field(err, UPT_EINVAL, "role", "'role' must be one of: admin, manager, rep");
        goto out;
    }
    if (v && strcmp(json_string_value(v), "admin") != 0) {
        int last = 0;
        rc = last_admin(st, before, &last, err);
        if (rc == 0 && last)
            rc = err_field(err, UPT_ECONFLICT, "role",
                           "'%s' is the only active admin; make another user admin first",
                           json_string_value(json_object_get(before, "name")));
        if (rc < 0)
            goto out;
    }
    v = json_object_get(patch, "team_id");
    if (json_is_integer(v)) {
        struct stmt *t = NULL;
        rc = stmt_get(st, "SELECT 1 FROM teams WHERE id = $id AND deleted_at IS NULL${for_share}",
                      &t, err);
        if (rc < 0)
            goto out;
        bind_int(t, "$id", json_integer_value(v));
        rc = stmt_step(st, t, err);
        stmt_done(t);
        if (rc < 0)
            goto out;
        if (rc != STMT_ROW) {
            rc = err_field(err, UPT_EINVAL, "team_id", "team '%lld' not found",
                           (long long)json_integer_value(v));
            goto out;
        }
    }
    rc = stmt_get(st, SQL_USER_UPDATE, &s, err);
    if (rc < 0)
        goto out;
    bind_json(s, "$name", json_object_get(patch, "name"));
    bind_json(s, "$role", json_object_get(patch, "role"));
    bind_int(s, "$set_team", json_object_get(patch, "team_id") != NULL);
    bind_json(s, "$team", json_object_get(patch, "team_id"));
    bind_json(s, "$ambassador", json_object_get(patch, "is_ambassador"));
    bind_json(s, "$power", json_object_get(patch, "is_power_user"));
    bind_json(s, "$hash", json_object_get(patch, "password_hash"));
    bind_int(s, "$id", id);
    rc = stmt_exec(st, s, err);
    if (rc < 0)
        goto out;
    rc = store_user_get(st, id, &after, err);
    if (rc == 0)
        rc = audit_add(st, a, "user", id, "update", before, after, err);
    if (rc == 0)
        rc = store_event_add(st, a, EV_USER_UPDATED, "user", id, NULL, err);
out:
    json_decref(before);
    if (rc < 0) {
        json_decref(after);
        store_tx_rollback(st);
        return rc;
    }
    rc = store_tx_commit(st, err);
    if (rc < 0) {
        json_decref(after);
        return rc;
    }
    *out = after;
    return 0;
}

/* What a deactivated user hands to their successors. Open tasks move; done tasks and logged
 * activities keep their author, since they are history, not work in progress. A team led by the
 * user is led by a successor, so the team keeps a manager. In store_handover_kinds order. */
struct handover {
    const char *table, *entity, *column, *where;
};
static const struct handover handovers[STORE_HANDOVER_KINDS] = {
    {"organizations", "organization", "owner_id", ""},
    {"contacts", "contact", "owner_id", ""},
    {"relationships", "relationship", "owner_id", ""},
    {"leads", "lead", "owner_id", ""},
    {"deals", "deal", "owner_id", ""},
    {"tasks", "task", "owner_id", " AND done = 0"},
    {"teams", "team", "manager_id", ""},
};
const char *const store_handover_kinds[STORE_HANDOVER_KINDS] = {
    "organizations", "contacts", "relationships", "leads", "deals", "open_tasks", "teams_led",
};

/* How many of h's live rows user `from` holds. */
static int hand_over_count(struct store *st, const struct handover *h, int64_t from, int64_t *n,
                           struct err *err)
{
    char sql[256];
    struct stmt *s = NULL;
    int rc;

    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE %s = $from AND deleted_at IS NULL%s",
             h->table, h->column, h->where);
    rc = stmt_get(st, sql, &s, err);
    if (rc < 0)
        return rc;
    bind_int(s, "$from", from);
    rc = stmt_step(st, s, err);
    *n = rc == STMT_ROW ? column_int(s, 0) : 0;
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* Moves h's live rows from user `from` to `to`, auditing one 'handover' row per record first
 * (every write is audited); *n: how many moved. */
static int hand_over(struct store *st, const struct actor *a, const struct handover *h,
                     int64_t from, int64_t to, int64_t *n, struct err *err)
{
    char sql[512];
    struct stmt *s = NULL;
    int rc;

    snprintf(sql, sizeof sql,
             "INSERT INTO audit (at, user_id, entity, entity_id, action, before, after)"
             " SELECT $at, $user, '%s', id, 'handover', ${json_object}('%s', $from),"
             " ${json_object}('%s', $to) FROM %s WHERE %s = $from AND deleted_at IS NULL%s",
             h->entity, h->column, h->column, h->table, h->column, h->where);
    rc = stmt_get(st, sql, &s, err);
    if (rc < 0)
        return rc;
    bind_int(s, "$at", a->now);
    bind_int_or_null(s, "$user", a->user_id);
    bind_int(s, "$from", from);
    bind_int(s, "$to", to);
    rc = stmt_exec(st, s, err);
    if (rc < 0)
        return rc;
    snprintf(sql, sizeof sql,
             "UPDATE %s SET %s = $to, version = version + 1, updated_at = $at"
             " WHERE %s = $from AND deleted_at IS NULL%s",
             h->table, h->column, h->column, h->where);
    rc = stmt_get(st, sql, &s, err);
    if (rc < 0)
        return rc;
    bind_int(s, "$to", to);
    bind_int(s, "$from", from);
    bind_int(s, "$at", a->now);
    rc = stmt_exec(st, s, err);
    *n = rc == 0 ? stmt_changes(s) : 0;
    return rc;
}

/* Checks the plan's successors (each active, none the leaver) and fills to[] with the successor
 * of each kind. */
static int plan_resolve(struct store *st, int64_t id, const struct handover_plan *plan,
                        int64_t to[STORE_HANDOVER_KINDS], struct err *err)
{
    json_t *succ = NULL;
    int rc = 0;

    for (int k = 0; k < STORE_HANDOVER_KINDS && rc == 0; k++) {
        const char *field = plan->to[k] ? store_handover_kinds[k] : "successor_id";
        to[k] = plan->to[k] ? plan->to[k] : plan->successor_id;
        if (!to[k])
            return err_field(err, UPT_EINVAL, "successor_id", "'successor_id' is required");
        if (to[k] == id)
            return err_field(err, UPT_EINVAL, field, "a user cannot succeed themselves");
        rc = store_user_get(st, to[k], &succ, err);
        if (rc == UPT_ENOTFOUND || (rc == 0 && !json_is_true(json_object_get(succ, "active"))))
            rc = err_field(err, UPT_EINVAL, field, "successor '%lld' is not an active user",
                           (long long)to[k]);
        json_decref(succ);
        succ = NULL;
    }
    return rc;
}

static const char SQL_LOCK_USERS[] =
    "SELECT id FROM users WHERE id IN (SELECT value FROM (${ids}) AS ids) ORDER BY id${for_update}";

/* Locks the leaver's row and the successors' until the transaction ends, in id order so two
 * deactivations never wait on each other in a circle: one naming the other's leaver as its
 * successor then finds them inactive, and a record the leaver creates meanwhile waits (its
 * owner check shares the row) and is handed over or refused (PostgreSQL; SQLite serializes). */
static int lock_users(struct store *st, int64_t id, const struct handover_plan *plan,
                      struct err *err)
{
    struct buf ids = BUF_INIT;
    struct stmt *s = NULL;
    int rc;

    buf_addf(&ids, "[%lld,%lld", (long long)id, (long long)plan->successor_id);
    for (int k = 0; k < STORE_HANDOVER_KINDS; k++)
        buf_addf(&ids, ",%lld", (long long)plan->to[k]);
    buf_addc(&ids, ']');
    rc = stmt_get(st, SQL_LOCK_USERS, &s, err);
    if (rc == 0) {
        bind_text(s, "$ids", ids.s);
        while ((rc = stmt_step(st, s, err)) == STMT_ROW)
            ;
        stmt_done(s);
        rc = rc < 0 ? rc : 0;
    }
    buf_release(&ids);
    return rc;
}

static const char SQL_USER_DEACTIVATE[] =
    "UPDATE users SET active = 0, successor_id = $to, deactivated_at = $at WHERE id = $id";

int store_user_deactivate(struct store *st, const struct actor *a, int64_t id,
                          const struct handover_plan *plan, int dry_run, json_t **summary,
                          struct err *err)
{
    json_t *user = NULL, *moved = NULL, *dest = NULL, *after = NULL, *detail = NULL;
    struct stmt *s = NULL;
    int64_t to[STORE_HANDOVER_KINDS];
    int rc, last = 0;

    *summary = NULL;
    if (a->role != ROLE_ADMIN)
        return err_set(err, UPT_EPERM, "only an admin may deactivate users");
    rc = store_tx_begin(st, err);
    if (rc < 0)
        return rc;
    moved = json_object();
    dest = json_object();
    rc = lock_users(st, id, plan, err);
    if (rc == 0)
        rc = store_user_get(st, id, &user, err);
    if (rc < 0)
        goto out;
    if (!json_is_true(json_object_get(user, "active"))) {
        rc = err_set(err, UPT_ECONFLICT, "user '%lld' is already inactive", (long long)id);
        goto out;
    }
    rc = last_admin(st, user, &last, err);
    if (rc == 0 && last)
        rc = err_set(err, UPT_ECONFLICT,
                     "'%s' is the only active admin; make another user admin first",
                     json_string_value(json_object_get(user, "name")));
    if (rc == 0)
        rc = plan_resolve(st, id, plan, to, err);
    for (int k = 0; k < STORE_HANDOVER_KINDS && rc == 0; k++) {
        int64_t n = 0;
        rc = dry_run ? hand_over_count(st, &handovers[k], id, &n, err)
                     : hand_over(st, a, &handovers[k], id, to[k], &n, err);
        json_object_set_new(moved, store_handover_kinds[k], json_integer(n));
        json_object_set_new(dest, store_handover_kinds[k], json_integer(to[k]));
    }
    if (rc < 0 || dry_run)
        goto out;
    rc = stmt_get(st, SQL_USER_DEACTIVATE, &s, err);
    if (rc < 0)
        goto out;
    bind_int(s, "$to", plan->successor_id ? plan->successor_id : to[0]);
    bind_int(s, "$at", a->now);
    bind_int(s, "$id", id);
    rc = stmt_exec(st, s, err);
    if (rc < 0)
        goto out;
    rc = stmt_get(st, "DELETE FROM sessions WHERE user_id = $id", &s, err);
    if (rc < 0)
        goto out;
    bind_int(s, "$id", id);
    rc = stmt_exec(st, s, err);
    if (rc < 0)
        goto out;
    rc = store_user_get(st, id, &after, err);
    if (rc < 0)
        goto out;
    detail = json_pack("{s:I,s:O,s:O}", "successor_id",
                       (json_int_t)(plan->successor_id ? plan->successor_id : to[0]), "moved",
                       moved, "to", dest);
    rc = audit_add(st, a, "user", id, "deactivate", user, after, err);
    if (rc == 0)
        rc = store_event_add(st, a, EV_USER_DEACTIVATED, "user", id, detail, err);
out:
    json_decref(user);
    json_decref(after);
    json_decref(detail);
    if (rc < 0 || dry_run) {
        store_tx_rollback(st);
    } else {
        rc = store_tx_commit(st, err);
    }
    if (rc == 0)
        *summary = json_pack("{s:O,s:O}", "moved", moved, "to", dest);
    json_decref(moved);
    json_decref(dest);
    return rc;
}

static const char SQL_USER_REACTIVATE[] =
    "UPDATE users SET active = 1, successor_id = NULL, deactivated_at = NULL WHERE id = $id";

int store_user_reactivate(struct store *st, const struct actor *a, int64_t id, struct err *err)
{
    json_t *before = NULL, *after = NULL;
    struct stmt *s = NULL;
    int rc;

    if (a->role != ROLE_ADMIN)
        return err_set(err, UPT_EPERM, "only an admin may reactivate users");
    rc = store_tx_begin(st, err);
    if (rc < 0)
        return rc;
    rc = store_user_get(st, id, &before, err);
    if (rc == 0 && json_is_true(json_object_get(before, "active")))
        rc = err_set(err, UPT_ECONFLICT, "user '%lld' is already active", (long long)id);
    if (rc == 0)
        rc = stmt_get(st, SQL_USER_REACTIVATE, &s, err);
    if (rc == 0) {
        bind_int(s, "$id", id);
        rc = stmt_exec(st, s, err);
    }
    if (rc == 0)
        rc = store_user_get(st, id, &after, err);
    if (rc == 0)
        rc = audit_add(st, a, "user", id, "reactivate", before, after, err);
    if (rc == 0)
        rc = store_event_add(st, a, EV_USER_REACTIVATED, "user", id, NULL, err);
    json_decref(before);
    json_decref(after);
    if (rc < 0) {
        store_tx_rollback(st);
        return rc;
    }
    return store_tx_commit(st, err);
}

static const char SQL_USER_ACTOR[] = "SELECT role, team_id FROM users WHERE id = $id";

int store_user_actor(struct store *st, int64_t id, int visibility, struct actor *out,
                     struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_USER_ACTOR, &s, err);

    memset(out, 0, sizeof *out);
    if (rc < 0)
        return rc;
    bind_int(s, "$id", id);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW) {
        out->user_id = id;
        out->role = access_role_parse(column_text(s, 0));
        out->team_id = column_int(s, 1);
        out->visibility = visibility;
    }
    stmt_done(s);
    if (rc < 0)
        return rc;
    return rc == STMT_ROW ? 0 : err_set(err, UPT_ENOTFOUND, "user '%lld' not found", (long long)id);
}

static const char SQL_SESSION_INSERT[] =
    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)"
    " VALUES ($hash, $user, $csrf, $now, $exp)";

/* Sessions are only ever created here, so purging the expired ones at each sign-in keeps the
 * table to the live ones (and those ended since the last sign-in). */
static const char SQL_SESSIONS_PURGE[] = "DELETE FROM sessions WHERE expires_at <= $now";

int store_session_create(struct store *st, int64_t user_id, const unsigned char hash[32],
                         const char *csrf_token, int64_t now, int64_t expires_at, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_SESSIONS_PURGE, &s, err);

    if (rc < 0)
        return rc;
    bind_int(s, "$now", now);
    rc = stmt_exec(st, s, err);
    if (rc < 0)
        return rc;
    rc = stmt_get(st, SQL_SESSION_INSERT, &s, err);
    if (rc < 0)
        return rc;
    bind_blob(s, "$hash", hash, 32);
    bind_int(s, "$user", user_id);
    bind_text(s, "$csrf", csrf_token);
    bind_int(s, "$now", now);
    bind_int(s, "$exp", expires_at);
    return stmt_exec(st, s, err);
}

static const char SQL_SESSION_LOOKUP[] =
    "SELECT " PRINCIPAL_COLUMNS ", s.csrf_token, s.expires_at FROM sessions s"
    " JOIN users u ON u.id = s.user_id"
    " WHERE s.token_hash = $hash AND s.expires_at > $now AND u.active = 1";

int store_session_lookup(struct store *st, const unsigned char hash[32], int64_t now,
                         struct principal *p, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_SESSION_LOOKUP, &s, err);

    if (rc < 0)
        return rc;
    bind_blob(s, "$hash", hash, 32);
    bind_int(s, "$now", now);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW) {
        fill_principal(s, 0, p);
        snprintf(p->csrf_token, sizeof p->csrf_token, "%s", column_text(s, 6));
        p->expires_at = column_int(s, 7);
    }
    stmt_done(s);
    if (rc < 0)
        return rc;
    return rc == STMT_ROW ? 0 : err_set(err, UPT_EAUTH, "sign in first");
}

int store_session_delete(struct store *st, const unsigned char hash[32], struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, "DELETE FROM sessions WHERE token_hash = $hash", &s, err);

    if (rc < 0)
        return rc;
    bind_blob(s, "$hash", hash, 32);
    return stmt_exec(st, s, err);
}

int store_sessions_end_others(struct store *st, int64_t user_id, const unsigned char keep[32],
                              struct err *err)
{
    struct stmt *s = NULL;
    int rc =
        stmt_get(st, "DELETE FROM sessions WHERE user_id = $user AND token_hash <> $keep", &s, err);

    if (rc < 0)
        return rc;
    bind_int(s, "$user", user_id);
    bind_blob(s, "$keep", keep, 32);
    return stmt_exec(st, s, err);
}

static const char SQL_TOKEN_INSERT[] =
    "INSERT INTO api_tokens (token_hash, user_id, name, may_manage, created_at)"
    " VALUES ($hash, $user, $name, $manage, $now) RETURNING id";

int store_token_create(struct store *st, int64_t user_id, const char *name, int may_manage,
                       const unsigned char hash[32], int64_t now, int64_t *id_out, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_TOKEN_INSERT, &s, err);

    if (rc < 0)
        return rc;
    bind_blob(s, "$hash", hash, 32);
    bind_int(s, "$user", user_id);
    bind_text(s, "$name", name);
    bind_int(s, "$manage", may_manage != 0);
    bind_int(s, "$now", now);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW)
        *id_out = column_int(s, 0);
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

static const char SQL_TOKEN_LOOKUP[] =
    "SELECT " PRINCIPAL_COLUMNS ", k.may_manage FROM api_tokens k JOIN users u ON u.id = k.user_id"
    " WHERE k.token_hash = $hash AND k.revoked_at IS NULL AND u.active = 1";

int store_token_lookup(struct store *st, const unsigned char hash[32], int64_t now,
                       struct principal *p, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_TOKEN_LOOKUP, &s, err);

    if (rc < 0)
        return rc;
    bind_blob(s, "$hash", hash, 32);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW) {
        fill_principal(s, 0, p);
        p->may_manage = column_int(s, 6);
    }
    stmt_done(s);
    if (rc < 0)
        return rc;
    return rc == STMT_ROW ? 0 : err_set(err, UPT_EAUTH, "the API token is not valid");
}

static const char SQL_TOKEN_LIST[] =
    "SELECT id, name, created_at, revoked_at, may_manage FROM api_tokens WHERE user_id = $user"
    " ORDER BY id";

static json_t *token_row(struct stmt *s)
{
    return json_pack("{s:o,s:o,s:o,s:o,s:b}", "id", column_json(s, 0), "name", column_json(s, 1),
                     "created_at", column_json(s, 2), "revoked_at", column_json(s, 3), "may_manage",
                     column_int(s, 4));
}

int store_token_list(struct store *st, int64_t user_id, json_t **items, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_TOKEN_LIST, &s, err);

    *items = NULL;
    if (rc < 0)
        return rc;
    bind_int(s, "$user", user_id);
    return stmt_collect(st, s, token_row, items, err);
}

int store_token_revoke(struct store *st, const struct actor *a, int64_t token_id, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st,
                      "UPDATE api_tokens SET revoked_at = $now WHERE id = $id"
                      " AND revoked_at IS NULL AND (user_id = $me OR $admin = 1)",
                      &s, err);

    if (rc < 0)
        return rc;
    bind_int(s, "$now", a->now);
    bind_int(s, "$id", token_id);
    bind_int(s, "$me", a->user_id);
    bind_int(s, "$admin", a->role == ROLE_ADMIN);
    rc = stmt_exec(st, s, err);
    if (rc == 0 && stmt_changes(s) == 0)
        rc = err_set(err, UPT_ENOTFOUND, "token '%lld' not found", (long long)token_id);
    return rc;
}
