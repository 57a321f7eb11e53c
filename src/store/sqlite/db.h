/* SPDX-License-Identifier: MIT */
/* The SQLite backend's lowest layer (db.c): opening the database, the per-thread connection,
 * the statement cache, bind/step helpers that turn SQLite failures into enum upt_err, and the
 * store's slots where higher files keep their state. Nothing here calls up into them. */
#ifndef UPTAKE_STORE_SQLITE_DB_H
#define UPTAKE_STORE_SQLITE_DB_H

#include "store/sql.h"
#include "store/sqlite/slots.h"
#include "store/store.h"

#include <pthread.h>
#include <sqlite3.h>

struct conn;

/* Opens a connection to path with the backend's pragmas (WAL, foreign keys); *out is the
 * caller's to sqlite3_close(). */
int db_open(const char *path, sqlite3 **out, struct err *err);
/* The store's shared state for the migrated database at path (store_open, in open.c); freed,
 * with every connection and the checkpointer thread, by db_store_free. Whatever other files
 * keep in the store's slots (helper, adoption cache) they free first (store_close). */
struct store *db_store_new(const char *path, int version);
void db_store_free(struct store *st);

/* The calling thread's connection, opened on first use; NULL (with err set) when it fails. */
struct conn *conn_get(struct store *st, struct err *err);
sqlite3 *conn_db(struct conn *c);

/* Maps the database's error on db to UPT_ECONFLICT for constraints, else UPT_EDB. */
int db_fail(sqlite3 *db, struct err *err, const char *what);

/* Runs SQL text without parameters (schema, pragmas). */
int db_exec_script(sqlite3 *db, const char *sql, struct err *err);

/* How SQLite spells what engines spell differently (dialect.c); store_dialect gives it. */
extern const struct dialect sqlite_dialect;

/* Migrations (migrate.c). */
int migrate_apply(sqlite3 *db, int *version_out, struct err *err);

#endif
