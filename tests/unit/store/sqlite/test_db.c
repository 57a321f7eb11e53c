/* SPDX-License-Identifier: MIT */
/* Tests of src/store/sqlite/db.c and store/open.c, the SQLite backend's lowest layer: a new
 * database file is private and migrated once, nested transactions undo only their own part, a
 * commit needs a transaction, and the statement cache hands back the statement it prepared. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/sqlite/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256], path[300];

static int setup(void **state)
{
    const char *tmp = getenv("TMPDIR");

    (void)state;
    snprintf(dir, sizeof dir, "%s/uptake-test-db-XXXXXX", tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/uptake.db", dir);
    return 0;
}

static int teardown(void **state)
{
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    char file[320];

    (void)state;
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(file, sizeof file, "%s%s", path, suffixes[i]);
        unlink(file);
    }
    rmdir(dir);
    return 0;
}

static struct store *open_store(void)
{
    struct store *st = NULL;
    struct err err = ERR_INIT;

    assert_int_equal(store_open(path, &st, &err), 0);
    assert_non_null(st);
    return st;
}

static int64_t count_rows(struct store *st)
{
    struct stmt *s = NULL;
    struct err err = ERR_INIT;
    int64_t n;

    assert_int_equal(stmt_get(st, "SELECT count(*) FROM t", &s, &err), 0);
    assert_int_equal(stmt_step(st, s, &err), STMT_ROW);
    n = column_int(s, 0);
    stmt_done(s);
    return n;
}

static void insert_row(struct store *st, int64_t x)
{
    struct stmt *s = NULL;
    struct err err = ERR_INIT;

    assert_int_equal(stmt_get(st, "INSERT INTO t (x) VALUES ($x)", &s, &err), 0);
    bind_int(s, "$x", x);
    assert_int_equal(stmt_exec(st, s, &err), 0);
}

static void test_open_creates_private_migrated_file(void **state)
{
    struct store *st = open_store();
    struct stat sb;
    int version = store_schema_version(st);

    (void)state;
    assert_true(version > 0);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    store_close(st);

    /* Opened again: the same version, nothing migrated twice, the mode left alone. */
    assert_int_equal(chmod(path, 0640), 0);
    st = open_store();
    assert_int_equal(store_schema_version(st), version);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0640);
    store_close(st);
    store_close(NULL);
}

static void test_nested_rollback_undoes_only_its_part(void **state)
{
    struct store *st = open_store();
    struct err err = ERR_INIT;

    (void)state;
    assert_int_equal(sql_exec_script(st, "CREATE TABLE t (x INTEGER)", &err), 0);

    assert_int_equal(store_tx_begin(st, &err), 0);
    insert_row(st, 1);
    assert_int_equal(store_tx_begin(st, &err), 0);
    insert_row(st, 2);
    store_tx_rollback(st); /* the savepoint only */
    assert_int_equal(count_rows(st), 1);
    assert_int_equal(store_tx_commit(st, &err), 0);
    assert_int_equal(count_rows(st), 1);

    assert_int_equal(store_tx_begin(st, &err), 0);
    insert_row(st, 3);
    store_tx_rollback(st);
    assert_int_equal(count_rows(st), 1);
    store_close(st);
}

static void test_commit_needs_a_transaction(void **state)
{
    struct store *st = open_store();
    struct err err = ERR_INIT;

    (void)state;
    assert_int_equal(store_tx_commit(st, &err), UPT_EDB);
    assert_string_equal(err.message, "commit without a transaction");
    store_tx_rollback(st); /* without one: nothing to do */
    store_close(st);
}

static void test_statement_cache_returns_the_prepared_statement(void **state)
{
    static const char SQL_SAME[] = "SELECT $x + 1";
    struct store *st = open_store();
    struct err err = ERR_INIT;
    struct stmt *first = NULL, *again = NULL;

    (void)state;
    assert_int_equal(stmt_get(st, SQL_SAME, &first, &err), 0);
    bind_int(first, "$x", 41);
    assert_int_equal(stmt_step(st, first, &err), STMT_ROW);
    assert_int_equal(column_int(first, 0), 42);
    stmt_done(first);
    assert_int_equal(stmt_get(st, SQL_SAME, &again, &err), 0);
    assert_ptr_equal(again, first);
    /* Bindings were cleared: $x is NULL now. */
    assert_int_equal(stmt_step(st, again, &err), STMT_ROW);
    assert_true(column_is_null(again, 0));
    stmt_done(again);

    assert_int_equal(stmt_get(st, "SELECT nonsense FROM nowhere", &first, &err), UPT_EDB);
    assert_null(first);
    store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_creates_private_migrated_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nested_rollback_undoes_only_its_part, setup, teardown),
        cmocka_unit_test_setup_teardown(test_commit_needs_a_transaction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_statement_cache_returns_the_prepared_statement, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
