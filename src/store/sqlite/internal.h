/* SPDX-License-Identifier: MIT */
/* Shared by the SQLite backend's files only: the per-thread connection, the statement cache,
 * and bind/step helpers that turn SQLite failures into enum upt_err. */
#ifndef UPTAKE_STORE_SQLITE_INTERNAL_H
#define UPTAKE_STORE_SQLITE_INTERNAL_H

#include "store/store.h"

#include <pthread.h>
#include <sqlite3.h>

struct conn;

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

/* Migrations (migrate.c). */
int migrate_apply(sqlite3 *db, int *version_out, struct err *err);

/* The access rule of core/access.h in SQL (visibility.c). visibility_render appends to b the
 * condition under which an owner column (e.g. "a.owner_id"; NULL for kinds without an owner)
 * is in the set filter f describes: "1" for everyone. visibility_add renders actor a's read
 * filter. Their parameters are bound by visibility_bind(). Every query that shows records or
 * what they hold adds it, with the column of each record kind it reads. */
struct buf;
void visibility_render(struct buf *b, const struct access_filter *f, const char *owner);
void visibility_add(struct buf *b, const struct actor *a, const char *owner);
void visibility_bind(sqlite3_stmt *s, const struct actor *a);
/* Whether a sees every record whoever owns it (visibility_add adds "1"). */
int visibility_all(const struct actor *a);
/* Fills out with the facts about owner_id the access predicates need for actor a (its live
 * team, whether a manages it); skips the lookup when the rule does not need them. */
int access_owner_load(struct store *st, const struct actor *a, int64_t owner_id,
                      struct access_owner *out, struct err *err);
/* Whether a may change a record owned by owner_id (access_may_change), else UPT_EPERM. */
int may_write(struct store *st, const struct actor *a, int64_t owner_id, struct err *err);

/* Usage rollups (rollup.c), written in the caller's transaction with the events they count.
 * entity_id: the event's record (0 for none); meaningful: an activity.logged event whose
 * activity has meaningful notes. activity.logged credits the activity's owner (even when the
 * event has no user_id), activity.deleted and .restored take that credit back and return it. */
int rollup_event(struct store *st, int64_t user_id, int64_t at, const char *kind, int64_t entity_id,
                 int meaningful, struct err *err);
/* A batch summed in memory and written once per (person, day, kind). */
/* What adoption scorecards keep between requests (adoption_figures.c), under its lock. */
struct adoption_cache;
struct adoption_cache **store_adoption_cache(struct store *st, pthread_mutex_t **lock);
void adoption_cache_free(struct adoption_cache *c);

/* A second thread with its own connection (helper.c). helper_submit hands it job(arg) and
 * returns 1, or returns 0 when it is busy (run the job yourself); after a 1, helper_wait gives
 * the job's result (err set from the job's when negative). */
typedef int helper_job(struct store *st, void *arg, struct err *err);
struct helper;
struct helper **store_helper_slot(struct store *st, pthread_mutex_t **lock);
int helper_submit(struct store *st, helper_job *job, void *arg);
int helper_wait(struct store *st, struct err *err);
void helper_stop(struct helper *h); /* joins its thread; store_close, before the connections */

struct rollup;
struct rollup *rollup_new(void);
void rollup_push(struct rollup *r, int64_t user_id, int64_t at, const char *kind, int meaningful);
int rollup_flush(struct store *st, struct rollup *r, struct err *err);
void rollup_free(struct rollup *r);

/* Audit row inside the current transaction; before/after may be NULL. */
int audit_add(struct store *st, const struct actor *a, const char *entity, int64_t id,
              const char *action, const json_t *before, const json_t *after, struct err *err);

/* Refreshes the search row of a record (after create, update, delete, restore). */
int search_refresh(struct store *st, const struct record_kind *k, int64_t id, struct err *err);

#endif
