/* SPDX-License-Identifier: MIT */
/* Applies the embedded migrations in order, each in its own transaction, and refuses a
 * database whose schema is newer than this binary knows. */
#include "store/sqlite/db.h"

#include "core/clock.h"
#include "core/embedded.h"
#include "core/log.h"

#include <stdio.h>
#include <stdlib.h>

static int known_version(void)
{
    int n = 0;
    while (embedded_migrations[n].name)
        n++;
    return n;
}

static int read_version(sqlite3 *db, int *version, struct err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = 0;

    *version = 0;
    rc = db_exec_script(db,
                        "CREATE TABLE IF NOT EXISTS schema_migrations ("
                        " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                        " applied_at INTEGER NOT NULL)",
                        err);
    if (rc < 0)
        return rc;
    if (sqlite3_prepare_v2(db, "SELECT coalesce(max(version), 0) FROM schema_migrations", -1, &s,
                           NULL) != SQLITE_OK)
        return db_fail(db, err, "reading the schema version");
    if (sqlite3_step(s) == SQLITE_ROW)
        *version = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return 0;
}

int migrate_apply(sqlite3 *db, int *version_out, struct err *err)
{
    int version = 0, rc = 0;
    int known = known_version();
    sqlite3_stmt *s = NULL;

    /* Look before creating anything, so a newer database is never modified. */
    if (sqlite3_prepare_v2(db,
                           "SELECT count(*) FROM sqlite_master WHERE name = 'schema_migrations'",
                           -1, &s, NULL) != SQLITE_OK)
        return db_fail(db, err, "reading the schema");
    int exists = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) > 0;
    sqlite3_finalize(s);
    s = NULL;
    if (exists) {
        if (sqlite3_prepare_v2(db, "SELECT coalesce(max(version), 0) FROM schema_migrations", -1,
                               &s, NULL) != SQLITE_OK)
            return db_fail(db, err, "reading the schema version");
        if (sqlite3_step(s) == SQLITE_ROW)
            version = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
        s = NULL;
        if (version > known)
            return err_set(err, UPT_EVERSION,
                           "database schema version %d is newer than this uptake knows (%d); "
                           "upgrade uptake, the database was not modified",
                           version, known);
    }
    rc = read_version(db, &version, err);
    if (rc < 0)
        return rc;
    for (int i = version; i < known; i++) {
        const struct embedded_file *m = &embedded_migrations[i];
        rc = db_exec_script(db, "BEGIN IMMEDIATE", err);
        if (rc < 0)
            return rc;
        rc = db_exec_script(db, m->data, err);
        if (rc == 0) {
            if (sqlite3_prepare_v2(db,
                                   "INSERT INTO schema_migrations (version, name, applied_at)"
                                   " VALUES ($1, $2, $3)",
                                   -1, &s, NULL) != SQLITE_OK) {
                rc = db_fail(db, err, "recording a migration");
            } else {
                sqlite3_bind_int(s, 1, i + 1);
                sqlite3_bind_text(s, 2, m->name, -1, SQLITE_STATIC);
                sqlite3_bind_int64(s, 3, clock_now_ms());
                if (sqlite3_step(s) != SQLITE_DONE)
                    rc = db_fail(db, err, "recording a migration");
                sqlite3_finalize(s);
                s = NULL;
            }
        }
        if (rc < 0) {
            char why[256];
            snprintf(why, sizeof why, "%s", err ? err->message : "");
            db_exec_script(db, "ROLLBACK", NULL);
            return err_set(err, UPT_EDB, "migration %s failed: %s", m->name, why);
        }
        rc = db_exec_script(db, "COMMIT", err);
        if (rc < 0)
            return rc;
        log_info("msg=\"migration applied\" name=%s", m->name);
    }
    *version_out = known;
    return 0;
}
