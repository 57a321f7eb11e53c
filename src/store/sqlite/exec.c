/* SPDX-License-Identifier: MIT */
/* Running SQL text on a SQLite connection and turning SQLite's failures into enum upt_err:
 * shared by the engine (db.c) and the migrations (migrate.c), which call nothing else of each
 * other's but migrate_apply. */
#include "store/sqlite/db.h"

#include "core/log.h"

int db_fail(sqlite3 *db, struct err *err, const char *what)
{
    int code = sqlite3_errcode(db);

    if ((code & 0xff) == SQLITE_CONSTRAINT)
        return err_set(err, UPT_ECONFLICT, "%s conflicts with existing data", what);
    log_err("msg=\"database error\" what=\"%s\" error=\"%s\"", what, sqlite3_errmsg(db));
    return err_set(err, UPT_EDB, "database error while %s", what);
}

int db_exec_script(sqlite3 *db, const char *sql, struct err *err)
{
    char *msg = NULL;

    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        err_set(err, UPT_EDB, "database error: %s", msg ? msg : "unknown");
        sqlite3_free(msg);
        return UPT_EDB;
    }
    return 0;
}
