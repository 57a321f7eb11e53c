/* SPDX-License-Identifier: MIT */
/* The SQLite engine's own parts (db.c implements sqlite_engine of store/engine.h): opening a
 * connection with the engine's pragmas, turning SQLite failures into enum upt_err, and the
 * migrations it applies before the first connection is handed out. */
#ifndef UPTAKE_STORE_SQLITE_DB_H
#define UPTAKE_STORE_SQLITE_DB_H

#include "store/sql.h"

#include <sqlite3.h>

/* Opens a connection to path with the engine's pragmas (WAL, foreign keys); *out is the
 * caller's to sqlite3_close(). */
int db_open(const char *path, sqlite3 **out, struct err *err);

/* Maps the database's error on db to UPT_ECONFLICT for constraints, else UPT_EDB. */
int db_fail(sqlite3 *db, struct err *err, const char *what);

/* Runs SQL text without parameters (schema, pragmas). */
int db_exec_script(sqlite3 *db, const char *sql, struct err *err);

/* How SQLite spells what engines spell differently (dialect.c). */
extern const struct dialect sqlite_dialect;

/* Applies the embedded migrations to db (migrate.c). */
int migrate_apply(sqlite3 *db, int *version_out, struct err *err);

#endif
