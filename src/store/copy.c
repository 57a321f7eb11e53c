/* SPDX-License-Identifier: MIT */
/* Copying a whole database from one store into a new one, of either engine (uptake migrate):
 * every table in an order its foreign keys allow, ids kept, in one transaction of the target;
 * then the target's id counters and search rows are set from what arrived and each table's
 * rows are counted on both sides. Written once over the statement layer, so any pair of
 * engines works. */
#include "store/internal.h"

#include "core/buf.h"

#include <stdlib.h>
#include <string.h>

/* Every table a database holds, parents before children. schema_migrations is each engine's
 * own, the search rows are built again from the records (search_rebuild), sign_in_failures
 * holds only the last minute's failed sign-ins, and change_counts (whose rows differ by engine)
 * only tells a running server's caches that something changed: the target keeps the rows its
 * migrations made. */
static const struct {
    const char *name;
    const char *order;    /* the key rows are read in */
    const char *deferred; /* a column naming a row of the same table, set once all are in */
    int has_id;
} tables[] = {
    {"teams", "id", NULL, 1},
    {"users", "id", "successor_id", 1},
    {"sessions", "id", NULL, 1},
    {"api_tokens", "id", NULL, 1},
    {"organizations", "id", NULL, 1},
    {"contacts", "id", NULL, 1},
    {"relationships", "id", NULL, 1},
    {"stages", "id", NULL, 1},
    {"deals", "id", NULL, 1},
    {"deal_stage_history", "id", NULL, 1},
    {"leads", "id", NULL, 1},
    {"activities", "id", NULL, 1},
    {"tasks", "id", NULL, 1},
    {"audit", "id", NULL, 1},
    {"events", "id", NULL, 1},
    {"field_settings", "id", NULL, 1},
    {"review_flags", "id", NULL, 1},
    {"points_rules", "id", NULL, 1},
    {"points_ledger", "id", NULL, 1},
    {"points_days", "day, user_id", NULL, 0},
    {"points_weeks", "week, user_id", NULL, 0},
    {"points_draws", "id", NULL, 1},
    {"board_settings", "id", NULL, 0},
    {"tv_channels", "id", NULL, 1},
    {"display_tokens", "id", NULL, 1},
    {"contests", "id", NULL, 1},
    {"points_targets", "user_id", NULL, 0},
    {"holidays", "day", NULL, 0},
    {"usage_daily", "user_id, day, kind", NULL, 0},
    {"usage_days", "user_id, day", NULL, 0},
    {"usage_weeks", "user_id, week", NULL, 0},
};
#define NTABLES (sizeof tables / sizeof tables[0])

static int count_rows(struct store *st, const char *table, int64_t *n, struct err *err)
{
    char sql[96];
    struct stmt *s = NULL;
    int rc;

    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    rc = stmt_get(st, sql, &s, err);
    if (rc < 0)
        return rc;
    rc = stmt_step(st, s, err);
    *n = rc == STMT_ROW ? column_int(s, 0) : 0;
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* Values bound to one INSERT of many rows: a round trip per row made the copy to PostgreSQL
 * run at 10,000 rows/s. Under both engines' limits (SQLite 32,766, PostgreSQL 65,535). */
#define COPY_BATCH_VALUES 8000

/* Binds column i of the source row to parameter at of the insert, keeping its type. */
static void bind_copied(struct stmt *to, int at, struct stmt *from, int i)
{
    size_t len = 0;
    const void *blob = column_blob(from, i, &len);
    json_t *v;

    if (blob) {
        bind_blob_at(to, at, blob, len);
        return;
    }
    v = column_json(from, i);
    if (json_is_integer(v))
        bind_int_at(to, at, json_integer_value(v));
    else if (json_is_real(v))
        bind_double_at(to, at, json_real_value(v));
    else if (json_is_string(v))
        bind_text_at(to, at, json_string_value(v));
    else
        bind_null_at(to, at);
    json_decref(v);
}

/* The index of the deferred column among the source's, -1 when none. */
static int deferred_index(struct stmt *from, const char *deferred)
{
    for (int i = 0; deferred && i < column_count(from); i++)
        if (strcmp(column_name(from, i), deferred) == 0)
            return i;
    return -1;
}

/* "INSERT INTO table (a, b, …) VALUES (?, ?, …), …" for rows rows of the source's columns. */
static void insert_sql(struct buf *sql, const char *table, struct stmt *from, int64_t rows)
{
    int n = column_count(from);

    buf_addf(sql, "INSERT INTO %s (", table);
    for (int i = 0; i < n; i++)
        buf_addf(sql, "%s%s", i ? ", " : "", column_name(from, i));
    buf_adds(sql, ") VALUES ");
    for (int64_t r = 0; r < rows; r++) {
        buf_adds(sql, r ? ", (" : "(");
        for (int i = 0; i < n; i++)
            buf_adds(sql, i ? ", ?" : "?");
        buf_addc(sql, ')');
    }
}

static int set_deferred(struct store *to, const char *table, const char *column, int64_t id,
                        struct stmt *from, int col, struct err *err)
{
    char sql[128];
    struct stmt *s = NULL;
    int rc;

    snprintf(sql, sizeof sql, "UPDATE %s SET %s = ? WHERE id = ?", table, column);
    rc = stmt_get(to, sql, &s, err);
    if (rc < 0)
        return rc;
    bind_int_at(s, 1, column_int(from, col));
    bind_int_at(s, 2, id);
    return stmt_exec(to, s, err);
}

/* Copies table t's rows in batches of INSERTs of many rows; a table with a deferred column
 * row by row (each row's deferred value is set after it). Rows are counted first to size the
 * last batch; a source that changes meanwhile fails the counts store_copy verifies. */
static int copy_table(struct store *from, struct store *to, size_t t, int64_t *copied,
                      struct err *err)
{
    struct buf sql = BUF_INIT, ins = BUF_INIT;
    struct stmt *src = NULL, *dst = NULL;
    int64_t total = 0, per = 1, batch = 0, pending = 0;
    int rc = count_rows(from, tables[t].name, &total, err), ncols = 0, deferred_at = -1;

    *copied = 0;
    if (rc < 0)
        return rc;
    buf_addf(&sql, "SELECT * FROM %s ORDER BY %s", tables[t].name, tables[t].order);
    rc = stmt_get(from, sql.s, &src, err);
    buf_release(&sql);
    if (rc < 0)
        return rc;
    while ((rc = stmt_step(from, src, err)) == STMT_ROW) {
        if (!ncols) {
            ncols = column_count(src);
            deferred_at = deferred_index(src, tables[t].deferred);
            if (deferred_at < 0)
                per = COPY_BATCH_VALUES / ncols > 1 ? COPY_BATCH_VALUES / ncols : 1;
        }
        if (pending == 0) {
            int64_t left = total - *copied;
            batch = left < 1 ? 1 : left < per ? left : per;
            buf_reset(&ins);
            insert_sql(&ins, tables[t].name, src, batch);
            rc = stmt_get(to, ins.s, &dst, err);
            if (rc < 0)
                break;
        }
        for (int i = 0; i < ncols; i++) {
            int at = (int)(pending * ncols) + i + 1;
            if (i == deferred_at)
                bind_null_at(dst, at);
            else
                bind_copied(dst, at, src, i);
        }
        (*copied)++;
        if (++pending < batch)
            continue;
        pending = 0;
        rc = stmt_exec(to, dst, err);
        if (rc == 0 && deferred_at >= 0 && !column_is_null(src, deferred_at))
            rc = set_deferred(to, tables[t].name, tables[t].deferred, column_int(src, 0), src,
                              deferred_at, err);
        if (rc < 0)
            break;
    }
    stmt_done(src);
    buf_release(&ins);
    if (rc >= 0 && pending > 0) /* more rows counted than read: the source changed */
        rc = err_set(err, UPT_EDB, "%s: %lld rows counted in the source, %lld read", tables[t].name,
                     (long long)total, (long long)*copied);
    return rc < 0 ? rc : 0;
}

/* Empties the new target (its migrations wrote default stages and counters), children first. */
static int empty_target(struct store *to, struct err *err)
{
    int64_t users = 0;
    int rc = count_rows(to, "users", &users, err);

    if (rc < 0)
        return rc;
    if (users > 0)
        return err_set(err, UPT_ECONFLICT,
                       "the target database already has users: migrate into a new database");
    for (size_t t = NTABLES; t-- > 0 && rc == 0;) {
        char sql[96];
        snprintf(sql, sizeof sql, "DELETE FROM %s", tables[t].name);
        rc = sql_exec_script(to, sql, err);
    }
    return rc;
}

static int after_copy(struct store *to, struct err *err)
{
    int rc = 0;

    for (size_t t = 0; t < NTABLES && rc == 0; t++) {
        struct buf sql = BUF_INIT;
        if (tables[t].has_id)
            store_dialect(to)->after_copy(&sql, tables[t].name);
        if (sql.len)
            rc = sql_exec_script(to, sql.s, err);
        buf_release(&sql);
    }
    return rc == 0 ? search_rebuild(to, err) : rc;
}

int store_copy(struct store *from, struct store *to, store_copy_progress progress, void *arg,
               struct err *err)
{
    int64_t copied[NTABLES] = {0};
    int rc = store_tx_begin(to, err);

    if (rc < 0)
        return rc;
    rc = empty_target(to, err);
    for (size_t t = 0; t < NTABLES && rc == 0; t++)
        rc = copy_table(from, to, t, &copied[t], err);
    if (rc == 0)
        rc = after_copy(to, err);
    if (rc < 0) {
        store_tx_rollback(to);
        return rc;
    }
    rc = store_tx_commit(to, err);
    /* Verified from both sides once committed: what the source holds is what arrived. */
    for (size_t t = 0; t < NTABLES && rc == 0; t++) {
        int64_t in_source = 0, in_target = 0;
        rc = count_rows(from, tables[t].name, &in_source, err);
        if (rc == 0)
            rc = count_rows(to, tables[t].name, &in_target, err);
        if (rc == 0 && (in_source != copied[t] || in_target != copied[t]))
            rc = err_set(
                err, UPT_EDB, "%s: %lld rows in the source, %lld copied, %lld in the target",
                tables[t].name, (long long)in_source, (long long)copied[t], (long long)in_target);
        if (rc == 0 && progress)
            progress(tables[t].name, copied[t], arg);
    }
    return rc;
}
