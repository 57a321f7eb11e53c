/* SPDX-License-Identifier: MIT */
/* The SQLite backend's lowest layer (db.c): opening the database, the per-thread connection,
 * the statement cache, bind/step helpers that turn SQLite failures into enum upt_err, and the
 * store's slots where higher files keep their state. Nothing here calls up into them. */
#ifndef UPTAKE_STORE_SQLITE_DB_H
#define UPTAKE_STORE_SQLITE_DB_H

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

/* A prepared statement for sql from the connection's cache, reset and with bindings cleared.
 * Borrowed: do not finalize; call sqlite3_reset() when done (stmt_done). */
int stmt_get(struct store *st, const char *sql, sqlite3_stmt **out, struct err *err);
void stmt_done(sqlite3_stmt *stmt);

/* Maps the database's error on stmt (or db) to UPT_ECONFLICT for constraints, else UPT_EDB. */
int db_fail(sqlite3 *db, struct err *err, const char *what);

/* Binds by parameter name ("$1"): helpers accept a NULL/0 meaning SQL NULL where noted. */
void bind_int(sqlite3_stmt *s, const char *name, int64_t v);
void bind_int_or_null(sqlite3_stmt *s, const char *name, int64_t v); /* 0 -> NULL */
void bind_text(sqlite3_stmt *s, const char *name, const char *v);    /* NULL -> NULL */
void bind_blob(sqlite3_stmt *s, const char *name, const void *p, int n);
void bind_json(sqlite3_stmt *s, const char *name, const json_t *v); /* by JSON type */

/* Steps once; returns SQLITE_ROW, SQLITE_DONE or a negative upt_err (err set). */
int stmt_step(struct store *st, sqlite3_stmt *s, struct err *err);
/* Runs a statement expecting no rows. */
int stmt_exec(struct store *st, sqlite3_stmt *s, struct err *err);

/* Column as a new JSON value: integer, real, text or null. */
json_t *column_json(sqlite3_stmt *s, int i);
/* Column text or NULL; valid until the next step/reset. */
const char *column_text(sqlite3_stmt *s, int i);

/* Steps s to the end, appending row(s) for each row to a new array in *items; on failure
 * *items is NULL. Resets s. */
int stmt_collect(struct store *st, sqlite3_stmt *s, json_t *(*row)(sqlite3_stmt *s), json_t **items,
                 struct err *err);

/* Runs SQL text without parameters (schema, pragmas). */
int db_exec_script(sqlite3 *db, const char *sql, struct err *err);

/* The store's slots for what helper.c and adoption_figures.c keep between calls, both under
 * *lock; store_close frees their contents before db_store_free. */
struct helper;
struct adoption_cache;
struct helper **store_helper_slot(struct store *st, pthread_mutex_t **lock);
struct adoption_cache **store_adoption_cache(struct store *st, pthread_mutex_t **lock);

#endif
