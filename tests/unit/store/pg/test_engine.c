/* SPDX-License-Identifier: MIT */
/* Tests of src/store/pg/ (pg_engine) against a real server: UPTAKE_TEST_PG names an empty
 * database (postgresql:///t1?host=/tmp/x&user=postgres); without it the test skips (77). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/engine.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *target;
static const struct engine *e = &pg_engine;

struct fixture {
    struct engine_db *db;
};

static int setup(void **state)
{
    static struct fixture f;
    struct err err = ERR_INIT;
    int version = -1;

    if (e->open(target, &f.db, &version, &err) < 0) {
        fprintf(stderr, "open: %s\n", err.message);
        return -1;
    }
    if (version < 1)
        return -1;
    if (e->exec_script(f.db,
                       "DROP TABLE IF EXISTS pgtest_items;"
                       "CREATE TABLE pgtest_items (id BIGSERIAL PRIMARY KEY, name TEXT UNIQUE,"
                       " n INTEGER, big BIGINT, small SMALLINT, r DOUBLE PRECISION, f REAL,"
                       " num NUMERIC, flag BOOLEAN, data BYTEA)",
                       &err) < 0) {
        fprintf(stderr, "schema: %s\n", err.message);
        return -1;
    }
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    e->exec_script(f->db, "DROP TABLE IF EXISTS pgtest_items", NULL);
    e->close(f->db); /* ASan: every connection, statement and result freed */
    return 0;
}

static struct stmt *get(struct engine_db *db, const char *sql)
{
    struct err err = ERR_INIT;
    struct stmt *s = NULL;

    if (e->stmt_get(db, sql, &s, &err) < 0)
        fail_msg("stmt_get: %s", err.message);
    return s;
}

static void bind_i(struct stmt *s, const char *name, int64_t v)
{
    int i = e->param_index(s, name);
    assert_int_not_equal(i, 0);
    e->bind_int(s, i, v);
}

static int exec(struct engine_db *db, struct stmt *s, struct err *err)
{
    int rc = e->step(s, err);
    (void)db;
    e->stmt_done(s);
    return rc == STMT_DONE ? 0 : rc;
}

static void test_types(void **state)
{
    struct fixture *f = *state;
    struct err err = ERR_INIT;
    struct stmt *s;
    static const unsigned char blob[] = {0, 1, 2, 0xff, 0};

    s = get(f->db, "INSERT INTO pgtest_items (name, n, big, small, r, f, num, flag, data)"
                   " VALUES ($name, $n, $big, $small, $r, $f, $num, $flag, $data) RETURNING id");
    e->bind_text(s, e->param_index(s, "$name"), "a 'quoted' name", 15);
    bind_i(s, "$n", 42);
    bind_i(s, "$big", INT64_MAX);
    bind_i(s, "$small", 42); /* not $n again: one parameter gets one inferred type */
    e->bind_double(s, e->param_index(s, "$r"), 0.1);
    e->bind_double(s, e->param_index(s, "$f"), 0.5);
    e->bind_text(s, e->param_index(s, "$num"), "12.50", 5);
    e->bind_text(s, e->param_index(s, "$flag"), "true", 4);
    e->bind_blob(s, e->param_index(s, "$data"), blob, sizeof blob);
    assert_int_equal(e->param_index(s, "$nope"), 0);
    assert_int_equal(e->step(s, &err), STMT_ROW);
    int64_t id = e->column_int(s, 0);
    assert_true(id > 0);
    assert_int_equal(e->step(s, &err), STMT_DONE);
    assert_int_equal(e->changes(s), 1);
    e->stmt_done(s);

    s = get(f->db, "SELECT id, name, n, big, small, r, f, num, flag, data, NULL AS nothing,"
                   " 7::numeric AS whole, 'x'::text AS t, false AS no"
                   " FROM pgtest_items WHERE id = $id");
    bind_i(s, "$id", id);
    assert_int_equal(e->step(s, &err), STMT_ROW);
    assert_int_equal(e->column_count(s), 14);
    assert_string_equal(e->column_name(s, 1), "name");
    assert_string_equal(e->column_name(s, 10), "nothing");
    assert_string_equal(e->column_text(s, 1), "a 'quoted' name");
    assert_int_equal(e->column_int(s, 2), 42);
    assert_int_equal(e->column_int(s, 3), INT64_MAX);
    assert_int_equal(e->column_int(s, 4), 42);
    assert_true(e->column_double(s, 5) == 0.1);
    assert_int_equal(e->column_int(s, 8), 1);
    assert_true(e->column_double(s, 7) == 12.5);
    assert_true(e->column_is_null(s, 10));
    assert_null(e->column_text(s, 10));
    assert_int_equal(e->column_int(s, 10), 0);
    assert_false(e->column_is_null(s, 9));
    /* bytea comes back as text in hex: \x000102ff00 */
    assert_string_equal(e->column_text(s, 9), "\\x000102ff00");

    json_t *j;
    j = e->column_json(s, 2);
    assert_true(json_is_integer(j) && json_integer_value(j) == 42);
    json_decref(j);
    j = e->column_json(s, 3);
    assert_true(json_is_integer(j) && json_integer_value(j) == INT64_MAX);
    json_decref(j);
    j = e->column_json(s, 5);
    assert_true(json_is_real(j) && json_real_value(j) == 0.1);
    json_decref(j);
    j = e->column_json(s, 6);
    assert_true(json_is_real(j));
    json_decref(j);
    j = e->column_json(s, 7);
    assert_true(json_is_real(j) && json_real_value(j) == 12.5);
    json_decref(j);
    j = e->column_json(s, 11);
    assert_true(json_is_integer(j) && json_integer_value(j) == 7);
    json_decref(j);
    j = e->column_json(s, 8);
    assert_true(json_is_integer(j) && json_integer_value(j) == 1);
    json_decref(j);
    j = e->column_json(s, 13);
    assert_true(json_is_integer(j) && json_integer_value(j) == 0);
    json_decref(j);
    j = e->column_json(s, 10);
    assert_true(json_is_null(j));
    json_decref(j);
    j = e->column_json(s, 12);
    assert_true(json_is_string(j) && strcmp(json_string_value(j), "x") == 0);
    json_decref(j);
    assert_int_equal(e->step(s, &err), STMT_DONE);
    assert_int_equal(e->step(s, &err), STMT_DONE);
    assert_int_equal(e->changes(s), 1);
    e->stmt_done(s);

    /* The blob goes back in as binary and compares equal. */
    s = get(f->db, "SELECT count(*) FROM pgtest_items WHERE data = $d");
    e->bind_blob(s, e->param_index(s, "$d"), blob, sizeof blob);
    assert_int_equal(e->step(s, &err), STMT_ROW);
    assert_int_equal(e->column_int(s, 0), 1);
    e->stmt_done(s);
}

static void test_params_and_cache(void **state)
{
    struct fixture *f = *state;
    struct err err = ERR_INIT;
    const char *sql = "SELECT ?::int + $a::int + ?::int + $a::int";
    struct stmt *s = get(f->db, sql);

    e->bind_int(s, 1, 1);
    bind_i(s, "$a", 10);
    assert_int_equal(e->param_index(s, "$a"), 2);
    e->bind_int(s, 3, 100);
    assert_int_equal(e->step(s, &err), STMT_ROW);
    assert_int_equal(e->column_int(s, 0), 121);
    e->stmt_done(s);

    /* The same SQL gives the cached statement back with its bindings cleared. */
    struct stmt *again = get(f->db, sql);
    assert_ptr_equal(again, s);
    e->bind_int(s, 1, 1);
    assert_int_equal(e->step(s, &err), STMT_ROW);
    assert_true(e->column_is_null(s, 0));
    e->stmt_done(s);

    /* A NULL bound explicitly, and a text bound by length (only its first 3 bytes). */
    s = get(f->db, "SELECT $x::text IS NULL, $y::text");
    e->bind_null(s, e->param_index(s, "$x"));
    e->bind_text(s, e->param_index(s, "$y"), "abcdef", 3);
    assert_int_equal(e->step(s, &err), STMT_ROW);
    assert_int_equal(e->column_int(s, 0), 1);
    assert_string_equal(e->column_text(s, 1), "abc");
    e->stmt_done(s);

    /* A statement that does not prepare: the server sees it at its first run, when the
     * types of its values are known (db.c, server_prepare). */
    s = get(f->db, "SELEC nonsense");
    assert_int_equal(e->step(s, &err), UPT_EDB);
    assert_true(strstr(err.message, "syntax") != NULL);
    e->stmt_done(s);
}

static void test_conflict_and_changes(void **state)
{
    struct fixture *f = *state;
    struct err err = ERR_INIT;
    struct stmt *s;

    s = get(f->db, "INSERT INTO pgtest_items (name, n) VALUES ($name, $n)");
    e->bind_text(s, e->param_index(s, "$name"), "dup", 3);
    bind_i(s, "$n", 1);
    assert_int_equal(exec(f->db, s, &err), 0);
    s = get(f->db, "INSERT INTO pgtest_items (name, n) VALUES ($name, $n)");
    e->bind_text(s, e->param_index(s, "$name"), "dup", 3);
    bind_i(s, "$n", 2);
    assert_int_equal(e->step(s, &err), UPT_ECONFLICT);
    assert_int_equal(err.code, UPT_ECONFLICT);
    e->stmt_done(s);
    /* Outside a transaction the connection is usable straight after. */
    s = get(f->db, "INSERT INTO pgtest_items (name, n) VALUES ($name, $n)");
    e->bind_text(s, e->param_index(s, "$name"), "dup2", 4);
    bind_i(s, "$n", 2);
    assert_int_equal(exec(f->db, s, &err), 0);

    s = get(f->db, "UPDATE pgtest_items SET n = n + 1 WHERE name LIKE 'dup%'");
    assert_int_equal(e->step(s, &err), STMT_DONE);
    assert_int_equal(e->changes(s), 2);
    e->stmt_done(s);
    s = get(f->db, "DELETE FROM pgtest_items WHERE name = 'nobody'");
    assert_int_equal(e->step(s, &err), STMT_DONE);
    assert_int_equal(e->changes(s), 0);
    e->stmt_done(s);
}

static int64_t count_named(struct engine_db *db, const char *name)
{
    struct err err = ERR_INIT;
    struct stmt *s = get(db, "SELECT count(*) FROM pgtest_items WHERE name = $n");
    e->bind_text(s, e->param_index(s, "$n"), name, strlen(name));
    assert_int_equal(e->step(s, &err), STMT_ROW);
    int64_t n = e->column_int(s, 0);
    e->stmt_done(s);
    return n;
}

static void insert_named(struct engine_db *db, const char *name, int want)
{
    struct err err = ERR_INIT;
    struct stmt *s = get(db, "INSERT INTO pgtest_items (name) VALUES ($n)");
    e->bind_text(s, e->param_index(s, "$n"), name, strlen(name));
    assert_int_equal(exec(db, s, &err), want);
}

static void test_transactions(void **state)
{
    struct fixture *f = *state;
    struct err err = ERR_INIT;

    assert_int_equal(e->tx_commit(f->db, &err), UPT_EDB); /* none open */
    assert_int_equal(e->tx_begin(f->db, &err), 0);
    insert_named(f->db, "outer", 0);
    assert_int_equal(e->tx_begin(f->db, &err), 0);
    insert_named(f->db, "inner", 0);
    insert_named(f->db, "outer", UPT_ECONFLICT); /* aborts only the savepoint */
    e->tx_rollback(f->db);
    assert_int_equal(e->tx_begin(f->db, &err), 0);
    insert_named(f->db, "kept", 0);
    assert_int_equal(e->tx_commit(f->db, &err), 0);
    assert_int_equal(e->tx_commit(f->db, &err), 0);
    assert_int_equal(count_named(f->db, "outer"), 1);
    assert_int_equal(count_named(f->db, "inner"), 0);
    assert_int_equal(count_named(f->db, "kept"), 1);

    /* A whole transaction rolled back. */
    assert_int_equal(e->tx_begin(f->db, &err), 0);
    insert_named(f->db, "gone", 0);
    e->tx_rollback(f->db);
    assert_int_equal(count_named(f->db, "gone"), 0);

    /* An error aborts the transaction: COMMIT then fails rather than half-commits. */
    assert_int_equal(e->tx_begin(f->db, &err), 0);
    insert_named(f->db, "half", 0);
    insert_named(f->db, "outer", UPT_ECONFLICT);
    assert_int_equal(e->tx_commit(f->db, &err), UPT_EDB);
    assert_int_equal(count_named(f->db, "half"), 0);
    /* and the connection is usable again */
    assert_int_equal(e->tx_begin(f->db, &err), 0);
    insert_named(f->db, "after", 0);
    assert_int_equal(e->tx_commit(f->db, &err), 0);
    assert_int_equal(count_named(f->db, "after"), 1);
}

/* The pid of this thread's backend. */
static int backend_of(struct engine_db *db)
{
    struct err err = ERR_INIT;
    struct stmt *s = get(db, "SELECT pg_backend_pid()");
    int pid;

    assert_int_equal(e->step(s, &err), STMT_ROW);
    pid = (int)e->column_int(s, 0);
    e->stmt_done(s);
    return pid;
}

/* Ends backend pid from a connection of the test's own, as an operator or a server restart
 * would; wait: until it has gone. */
static void terminate(int pid, int wait)
{
    PGconn *other = PQconnectdb(target);
    char sql[64];

    assert_int_equal(PQstatus(other), CONNECTION_OK);
    snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%d, %d)", pid, wait ? 5000 : 0);
    PGresult *r = PQexec(other, sql);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_string_equal(PQgetvalue(r, 0, 0), "t");
    PQclear(r);
    PQfinish(other);
}

static void test_reconnect(void **state)
{
    struct fixture *f = *state;
    struct err err = ERR_INIT;
    int pid;

    /* Statements prepared on the old connection (cached) run on the new one. */
    insert_named(f->db, "before-kill", 0);
    pid = backend_of(f->db);
    terminate(pid, 1);
    assert_int_equal(count_named(f->db, "before-kill"), 1);
    assert_int_not_equal(backend_of(f->db), pid);
    /* A write too: the loss is found before the statement is sent. */
    terminate(backend_of(f->db), 1);
    insert_named(f->db, "after-kill", 0);
    assert_int_equal(count_named(f->db, "after-kill"), 1);
    /* Without waiting for the backend to go: a read gets through either way (found before,
     * or run again once on a new connection). */
    terminate(backend_of(f->db), 0);
    assert_int_equal(count_named(f->db, "after-kill"), 1);
    /* A transaction starting on a lost connection begins on a new one. */
    terminate(backend_of(f->db), 1);
    assert_int_equal(e->tx_begin(f->db, &err), 0);
    insert_named(f->db, "tx-after-kill", 0);
    assert_int_equal(e->tx_commit(f->db, &err), 0);
    assert_int_equal(count_named(f->db, "tx-after-kill"), 1);

    /* Lost inside a transaction: its statements fail to the caller, never carried on
     * half-done on a new connection; the next transaction works. */
    assert_int_equal(e->tx_begin(f->db, &err), 0);
    insert_named(f->db, "in-lost-tx", 0);
    terminate(backend_of(f->db), 1);
    insert_named(f->db, "in-lost-tx-2", UPT_EDB);
    assert_int_equal(e->tx_commit(f->db, &err), UPT_EDB);
    assert_int_equal(e->tx_begin(f->db, &err), 0);
    insert_named(f->db, "next-tx", 0);
    assert_int_equal(e->tx_commit(f->db, &err), 0);
    assert_int_equal(count_named(f->db, "in-lost-tx"), 0);
    assert_int_equal(count_named(f->db, "next-tx"), 1);
    /* Nested: a savepoint's failure goes up until the outer transaction has ended. */
    assert_int_equal(e->tx_begin(f->db, &err), 0);
    assert_int_equal(e->tx_begin(f->db, &err), 0);
    terminate(backend_of(f->db), 1);
    insert_named(f->db, "in-lost-savepoint", UPT_EDB);
    e->tx_rollback(f->db);
    assert_int_equal(e->tx_begin(f->db, &err), UPT_EDB); /* still inside the lost one */
    e->tx_rollback(f->db);
    assert_int_equal(count_named(f->db, "in-lost-savepoint"), 0);
}

struct thread_arg {
    struct engine_db *db;
    int pid;
    int insert_rc; /* checked by the main thread: cmocka's asserts must not fail in another */
};

static void *backend_pid(void *p)
{
    struct thread_arg *a = p;
    struct err err = ERR_INIT;
    struct stmt *s = NULL;

    if (e->stmt_get(a->db, "SELECT pg_backend_pid()", &s, &err) == 0 &&
        e->step(s, &err) == STMT_ROW)
        a->pid = (int)e->column_int(s, 0);
    e->stmt_done(s);
    /* Named by the backend's pid, which differs between the threads: two pids of the same
     * parity once made the names of an earlier version collide under load. */
    char name[32];
    snprintf(name, sizeof name, "thread-%d", a->pid);
    a->insert_rc = -1;
    if (e->stmt_get(a->db, "INSERT INTO pgtest_items (name) VALUES ($n)", &s, &err) == 0) {
        e->bind_text(s, e->param_index(s, "$n"), name, strlen(name));
        a->insert_rc = exec(a->db, s, &err);
    }
    e->thread_done(a->db);
    return NULL;
}

static void test_threads(void **state)
{
    struct fixture *f = *state;
    struct thread_arg a = {f->db, 0, 0}, b = {f->db, 0, 0}, self = {f->db, 0, 0};
    pthread_t ta, tb;

    pthread_create(&ta, NULL, backend_pid, &a);
    pthread_create(&tb, NULL, backend_pid, &b);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    struct stmt *s = get(f->db, "SELECT pg_backend_pid()");
    struct err err = ERR_INIT;
    assert_int_equal(e->step(s, &err), STMT_ROW);
    self.pid = (int)e->column_int(s, 0);
    e->stmt_done(s);
    assert_true(a.pid > 0 && b.pid > 0);
    assert_int_equal(a.insert_rc, 0);
    assert_int_equal(b.insert_rc, 0);
    assert_int_not_equal(a.pid, b.pid);
    assert_int_not_equal(a.pid, self.pid);
    assert_int_not_equal(b.pid, self.pid);
}

/* Waits up to 3 s for the generation to move past before. */
static int moved(struct engine_db *db, uint64_t before)
{
    for (int i = 0; i < 300; i++) {
        if (e->auth_generation(db) != before)
            return 1;
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return 0;
}

static void test_auth_generation(void **state)
{
    struct fixture *f = *state;
    struct err err = ERR_INIT;
    uint64_t g;

    /* The listener bumps once when it starts listening; let that settle. */
    moved(f->db, 0);
    g = e->auth_generation(f->db);
    /* Reads and writes of other tables leave it alone. */
    struct stmt *s = get(f->db, "SELECT count(*) FROM pgtest_items WHERE name <> 'users'");
    assert_int_equal(e->step(s, &err), STMT_ROW);
    e->stmt_done(s);
    insert_named(f->db, "x", 0);
    assert_int_equal(e->auth_generation(f->db), g);

    /* A local write naming an auth table bumps at once. */
    assert_int_equal(e->exec_script(f->db, "CREATE TEMP TABLE sessions (id int)", &err), 0);
    assert_true(e->auth_generation(f->db) > g);
    g = e->auth_generation(f->db);
    s = get(f->db, "INSERT INTO sessions VALUES ($id)");
    bind_i(s, "$id", 1);
    assert_int_equal(exec(f->db, s, &err), 0);
    assert_true(e->auth_generation(f->db) > g);

    /* Another instance's change arrives as a notification. */
    g = e->auth_generation(f->db);
    PGconn *other = PQconnectdb(target);
    assert_int_equal(PQstatus(other), CONNECTION_OK);
    PQclear(PQexec(other, "SELECT pg_notify('uptake_auth', '')"));
    assert_true(moved(f->db, g));
    /* Likewise its listener losing its connection (killed by the server). */
    g = e->auth_generation(f->db);
    PQclear(PQexec(other, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                          " WHERE query LIKE 'LISTEN uptake_auth%' AND pid <> pg_backend_pid()"));
    assert_true(moved(f->db, g));
    PQfinish(other);
}

static void test_newer_schema_refused(void **state)
{
    struct fixture *f = *state;
    struct err err = ERR_INIT;
    struct engine_db *db2 = NULL;
    int version = 0;

    assert_int_equal(
        e->exec_script(f->db, "INSERT INTO schema_migrations VALUES (9999, 'future', 0)", &err), 0);
    assert_int_equal(e->open(target, &db2, &version, &err), UPT_EVERSION);
    assert_null(db2);
    assert_int_equal(
        e->exec_script(f->db, "DELETE FROM schema_migrations WHERE version = 9999", &err), 0);
    /* Opening again finds nothing to migrate. */
    assert_int_equal(e->open(target, &db2, &version, &err), 0);
    assert_true(version >= 1);
    e->close(db2);
    /* The nothing-to-do housekeeping. */
    assert_int_equal(e->background_checkpoints(f->db, 0, &err), 0);
    assert_int_equal(e->checkpoint(f->db, &err), 0);
    assert_int_equal(e->bulk_cache(f->db, 64, &err), 0);
    assert_string_equal(e->name, "postgresql");
    assert_non_null(e->dialect);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_params_and_cache),
        cmocka_unit_test(test_conflict_and_changes),
        cmocka_unit_test(test_transactions),
        cmocka_unit_test(test_reconnect),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_auth_generation),
        cmocka_unit_test(test_newer_schema_refused),
    };

    target = getenv("UPTAKE_TEST_PG");
    if (!target || !*target) {
        printf("test_engine: UPTAKE_TEST_PG not set, skipped\n");
        return 77;
    }
    return cmocka_run_group_tests(tests, setup, teardown);
}
