/* SPDX-License-Identifier: MIT */
/* What a storage engine gives the store (store.c and sql.c dispatch to it): opening a
 * database and migrating it, one connection per thread, prepared statements, transactions and
 * the engine's housekeeping. An engine never calls up into the store's domain files; each
 * holds its own state behind `struct engine_db` and its statements behind `struct stmt`. */
#ifndef UPTAKE_STORE_ENGINE_H
#define UPTAKE_STORE_ENGINE_H

#include "store/sql.h"

#include <jansson.h>
#include <stdint.h>

struct engine_db; /* one open database of an engine */

/* Every engine's statement starts with this, so sql.c finds the engine's functions. */
struct stmt {
    const struct engine *engine;
};

struct engine {
    const char *name;
    const struct dialect *dialect;

    /* Opens (creating if the engine does that) and migrates the database at target (a path
     * or URL, as given to --db); UPT_EVERSION for a newer schema, which is left untouched. */
    int (*open)(const char *target, struct engine_db **out, int *version, struct err *err);
    void (*close)(struct engine_db *db);
    void (*thread_done)(struct engine_db *db);
    uint64_t (*auth_generation)(struct engine_db *db);
    /* Engines that deliver live items across instances (PostgreSQL: NOTIFY, heard by every
     * instance's listener) hand them to sink themselves; NULL where the store delivers them
     * after its own commit (SQLite). */
    void (*live_listen)(struct engine_db *db, store_live_sink *sink, void *ctx);

    int (*tx_begin)(struct engine_db *db, struct err *err);
    int (*tx_commit)(struct engine_db *db, struct err *err);
    void (*tx_rollback)(struct engine_db *db);
    int (*exec_script)(struct engine_db *db, const char *sql, struct err *err);

    int (*background_checkpoints)(struct engine_db *db, int64_t wal_limit, struct err *err);
    int (*checkpoint)(struct engine_db *db, struct err *err);
    int (*bulk_cache)(struct engine_db *db, int cache_mib, struct err *err);

    int (*stmt_get)(struct engine_db *db, const char *sql, struct stmt **out, struct err *err);
    void (*stmt_done)(struct stmt *s);
    int (*param_index)(struct stmt *s, const char *name); /* 0: no such parameter */
    void (*bind_int)(struct stmt *s, int i, int64_t v);
    void (*bind_double)(struct stmt *s, int i, double v);
    void (*bind_text)(struct stmt *s, int i, const char *v, size_t len);
    void (*bind_blob)(struct stmt *s, int i, const void *p, size_t n);
    void (*bind_null)(struct stmt *s, int i);
    int (*step)(struct stmt *s, struct err *err);
    int64_t (*changes)(struct stmt *s);
    json_t *(*column_json)(struct stmt *s, int i);
    const char *(*column_text)(struct stmt *s, int i);
    int64_t (*column_int)(struct stmt *s, int i);
    double (*column_double)(struct stmt *s, int i);
    int (*column_is_null)(struct stmt *s, int i);
    const void *(*column_blob)(struct stmt *s, int i, size_t *len);
    const char *(*column_name)(struct stmt *s, int i);
    int (*column_count)(struct stmt *s);
};

extern const struct engine sqlite_engine; /* store/sqlite/db.c */
extern const struct engine pg_engine;     /* store/pg/db.c */

#endif
