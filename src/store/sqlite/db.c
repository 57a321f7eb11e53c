/* SPDX-License-Identifier: MIT */
/* The SQLite engine (store/engine.h): opening and migrating a database file, one connection
 * per thread, the statement cache, binding and stepping, transactions and WAL checkpoints.
 * store/sql.c dispatches the statement layer and the store's engine calls to sqlite_engine. */
#include "store/sqlite/db.h"

#include "store/conns.h"
#include "store/engine.h"

#include "core/log.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CACHE_SLOTS 512
/* The WAL's bound when the server names none (wal-limit-mib); also the size journal_size_limit
 * trims a restarted WAL file back to. */
#define WAL_LIMIT_DEFAULT (64LL * 1024 * 1024)
/* How long a restart waits for readers to move off the WAL (writers wait behind it). */
#define WAL_RESTART_WAIT_MS 1000
#define BUSY_TIMEOUT_MS     5000
/* At most this many writers' transactions are committed together (see sqlite_tx_begin). */
#define GROUP_MAX 32

/* A statement of this engine: the layer's header, SQLite's statement and what its last run
 * changed (sqlite3_changes counts per connection, so it is read when the run ends). */
struct sqlite_stmt {
    struct stmt base;
    sqlite3_stmt *s;
    int64_t changes;
};

struct cached_stmt {
    char *sql;
    struct sqlite_stmt *stmt;
};

struct conn {
    sqlite3 *db;
    struct cached_stmt cache[CACHE_SLOTS];
    int ncached;
    int tx_depth; /* 0: none; 1: this writer's part of the group; deeper levels nested */
    int wal_full; /* the last commit left the WAL past the limit: restart it */
    struct engine_db *st;
};

/* A writer whose part is done, waiting for its group's COMMIT. */
struct group_member {
    struct group_member *next;
    int done, rc;
};

struct engine_db {
    char *path;
    struct conns *conns; /* one struct conn per thread, for reads */
    /* Writers queue here rather than in SQLite's busy handler, which sleeps in steps of up to
     * 100 ms; a waiting thread wakes as soon as the writer before it is done. */
    pthread_mutex_t write_lock;
    /* Group commit (see sqlite_tx_begin), all under write_lock: the one connection every
     * writer uses, whose open transaction holds the parts of the writers in group. */
    struct conn *writer;
    _Atomic int writers_queued; /* threads waiting for write_lock in sqlite_tx_begin */
    int group_open;             /* writer has a BEGIN that is not committed yet */
    int group_size;
    struct group_member *group; /* the members waiting for the COMMIT */
    pthread_cond_t group_done;
    int background_checkpoints; /* connections leave checkpoints to sqlite_checkpoint() */
    /* The WAL's bound (see sqlite_background_checkpoints): past half of it the checkpointer
     * thread copies the WAL back; past all of it the writer that got it there restarts it. */
    int64_t wal_limit;
    int page_size;
    pthread_mutex_t ckpt_lock; /* one checkpoint at a time (after write_lock when both) */
    pthread_mutex_t ckpt_wait; /* guards ckpt_due, ckpt_stop */
    pthread_cond_t ckpt_wake;
    int ckpt_due, ckpt_stop, ckpt_started;
    pthread_t ckpt_thread;
    _Atomic uint64_t auth_generation; /* see sqlite_auth_generation */
};

static void conn_close(void *arg)
{
    struct conn *c = arg;

    for (int i = 0; i < CACHE_SLOTS; i++) {
        if (c->cache[i].stmt) {
            sqlite3_finalize(c->cache[i].stmt->s);
            free(c->cache[i].stmt);
            free(c->cache[i].sql);
        }
    }
    sqlite3_close(c->db);
    free(c);
}

/* SQLite counts every allocation under one global mutex unless told not to; uptake never reads
 * those counts, and each thread has its own connection. Must run before SQLite initialises. */
static void configure_sqlite(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static pthread_once_t sqlite_configured = PTHREAD_ONCE_INIT;
int db_open(const char *path, sqlite3 **out, struct err *err)
{
    sqlite3 *db = NULL;
    int rc;

    pthread_once(&sqlite_configured, configure_sqlite);
    rc = sqlite3_open_v2(path, &db,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);

    if (rc != SQLITE_OK) {
        err_set(err, UPT_EDB, "cannot open database '%s': %s", path,
                db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return UPT_EDB;
    }
    sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(db, 1);
    rc = db_exec_script(db,
                        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                        "PRAGMA journal_size_limit=67108864;"
                        "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                        "PRAGMA cache_size=-16000;",
                        err);
    if (rc < 0) {
        sqlite3_close(db);
        return rc;
    }
    *out = db;
    return 0;
}

/* SQLite's update hook, on every row this process inserts, updates or deletes: counts the
 * changes to the tables a sign-in is read from. */
static void on_row_change(void *arg, int op, const char *db, const char *table, sqlite3_int64 id)
{
    struct engine_db *st = arg;

    (void)op;
    (void)db;
    (void)id;
    if (strcmp(table, "users") == 0 || strcmp(table, "sessions") == 0 ||
        strcmp(table, "api_tokens") == 0)
        atomic_fetch_add_explicit(&st->auth_generation, 1, memory_order_relaxed);
}

/* After each commit of this process, with the WAL's size in frames: past the limit the
 * committing writer (still holding the write lock) restarts the WAL in sqlite_tx_commit; past
 * half of it the checkpointer thread is woken to copy frames back in the meantime, so little
 * is left to copy while writers wait. */
static int on_wal_commit(void *arg, sqlite3 *db, const char *name, int frames)
{
    struct conn *c = arg;
    struct engine_db *st = c->st;
    int64_t bytes = (int64_t)frames * st->page_size;

    (void)db;
    (void)name;
    if (bytes >= st->wal_limit) {
        c->wal_full = 1;
    } else if (bytes >= st->wal_limit / 2) {
        pthread_mutex_lock(&st->ckpt_wait);
        st->ckpt_due = 1;
        pthread_cond_signal(&st->ckpt_wake);
        pthread_mutex_unlock(&st->ckpt_wait);
    }
    return SQLITE_OK;
}

static uint64_t sqlite_auth_generation(struct engine_db *st)
{
    return atomic_load_explicit(&st->auth_generation, memory_order_relaxed);
}

/* A new connection for a thread (conns.h's open callback), set up as the database wants. */
static void *conn_open(void *arg, struct err *err)
{
    struct engine_db *st = arg;
    struct conn *c = xcalloc(1, sizeof *c);

    if (db_open(st->path, &c->db, err) < 0) {
        free(c);
        return NULL;
    }
    c->st = st;
    sqlite3_update_hook(c->db, on_row_change, st);
    if (st->background_checkpoints) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA journal_size_limit=%lld", (long long)st->wal_limit);
        db_exec_script(c->db, sql, NULL);
        sqlite3_wal_hook(c->db, on_wal_commit, c); /* instead of checkpoints at commit */
    }
    return c;
}

/* The database whose write lock this thread holds: its statements then run on the writer. */
static _Thread_local struct engine_db *writing_on;

static struct conn *conn_get(struct engine_db *st, struct err *err)
{
    if (writing_on == st)
        return st->writer;
    return conns_get(st->conns, err);
}

static void sqlite_thread_done(struct engine_db *st)
{
    conns_thread_done(st->conns);
}

static struct engine_db *engine_db_new(const char *path)
{
    struct engine_db *st = xcalloc(1, sizeof *st);

    st->path = xstrdup(path);
    st->conns = conns_new(conn_open, conn_close, st);
    pthread_mutex_init(&st->write_lock, NULL);
    pthread_cond_init(&st->group_done, NULL);
    pthread_mutex_init(&st->ckpt_lock, NULL);
    pthread_mutex_init(&st->ckpt_wait, NULL);
    pthread_cond_init(&st->ckpt_wake, NULL);
    st->wal_limit = WAL_LIMIT_DEFAULT;
    st->page_size = 4096;
    return st;
}

static void sqlite_close(struct engine_db *st)
{
    if (!st)
        return;
    if (st->ckpt_started) {
        pthread_mutex_lock(&st->ckpt_wait);
        st->ckpt_stop = 1;
        pthread_cond_signal(&st->ckpt_wake);
        pthread_mutex_unlock(&st->ckpt_wait);
        pthread_join(st->ckpt_thread, NULL);
    }
    if (st->writer)
        conn_close(st->writer);
    conns_free(st->conns);
    pthread_mutex_destroy(&st->write_lock);
    pthread_cond_destroy(&st->group_done);
    pthread_mutex_destroy(&st->ckpt_lock);
    pthread_mutex_destroy(&st->ckpt_wait);
    pthread_cond_destroy(&st->ckpt_wake);
    free(st->path);
    free(st);
}

/* A new database file is created readable by its owner only: it holds password hashes,
 * sessions and everyone's customers. SQLite gives the -wal and -shm files the database file's
 * mode, so they follow. An existing file keeps the mode its operator gave it. */
static int create_private(const char *path, struct err *err)
{
    int fd;

    if (path[0] == ':' || strncmp(path, "file:", 5) == 0)
        return 0; /* in memory, or a URI with its own options */
    fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0)
        return close(fd) == 0
                   ? 0
                   : err_set(err, UPT_EDB, "cannot create '%s': %s", path, strerror(errno));
    if (errno == EEXIST)
        return 0;
    return err_set(err, UPT_EDB, "cannot create database '%s': %s", path, strerror(errno));
}

/* The file is created private and migrated before the first connection is handed out. */
static int sqlite_open(const char *path, struct engine_db **out, int *version, struct err *err)
{
    sqlite3 *db = NULL;
    int rc;

    *out = NULL;
    rc = create_private(path, err);
    if (rc < 0)
        return rc;
    rc = db_open(path, &db, err);
    if (rc < 0)
        return rc;
    rc = migrate_apply(db, version, err);
    sqlite3_close(db);
    if (rc < 0)
        return rc;
    *out = engine_db_new(path);
    return 0;
}

/* FNV-1a over the SQL text picks the cache slot. */
static unsigned slot_of(const char *sql)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h % CACHE_SLOTS;
}

static int sqlite_stmt_get(struct engine_db *st, const char *sql, struct stmt **out,
                           struct err *err)
{
    struct conn *c = conn_get(st, err);
    unsigned slot;

    *out = NULL;
    if (!c)
        return UPT_EDB;
    slot = slot_of(sql);
    for (unsigned i = 0; i < CACHE_SLOTS; i++) {
        struct cached_stmt *cs = &c->cache[(slot + i) % CACHE_SLOTS];
        if (!cs->stmt)
            break;
        if (strcmp(cs->sql, sql) == 0) {
            sqlite3_reset(cs->stmt->s);
            sqlite3_clear_bindings(cs->stmt->s);
            cs->stmt->changes = 0;
            *out = &cs->stmt->base;
            return 0;
        }
    }
    if (c->ncached >= CACHE_SLOTS * 3 / 4) {
        /* Dynamic list queries vary; when the cache fills, start over rather than grow. */
        for (int i = 0; i < CACHE_SLOTS; i++) {
            if (c->cache[i].stmt) {
                sqlite3_finalize(c->cache[i].stmt->s);
                free(c->cache[i].stmt);
                free(c->cache[i].sql);
                c->cache[i].stmt = NULL;
                c->cache[i].sql = NULL;
            }
        }
        c->ncached = 0;
    }
    sqlite3_stmt *prepared = NULL;
    if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &prepared, NULL) !=
        SQLITE_OK) {
        log_err("msg=\"prepare failed\" error=\"%s\"", sqlite3_errmsg(c->db));
        return err_set(err, UPT_EDB, "database error: %s", sqlite3_errmsg(c->db));
    }
    struct sqlite_stmt *w = xcalloc(1, sizeof *w);
    w->base.engine = &sqlite_engine;
    w->s = prepared;
    for (unsigned i = 0; i < CACHE_SLOTS; i++) {
        struct cached_stmt *cs = &c->cache[(slot + i) % CACHE_SLOTS];
        if (!cs->stmt) {
            cs->stmt = w;
            cs->sql = xstrdup(sql);
            c->ncached++;
            break;
        }
    }
    *out = &w->base;
    return 0;
}

static sqlite3_stmt *raw(struct stmt *s)
{
    return ((struct sqlite_stmt *)s)->s;
}

static void sqlite_stmt_done(struct stmt *s)
{
    sqlite3_reset(raw(s));
}

static int sqlite_param_index(struct stmt *s, const char *name)
{
    return sqlite3_bind_parameter_index(raw(s), name);
}

static void sqlite_bind_int(struct stmt *s, int i, int64_t v)
{
    sqlite3_bind_int64(raw(s), i, v);
}

static void sqlite_bind_double(struct stmt *s, int i, double v)
{
    sqlite3_bind_double(raw(s), i, v);
}

static void sqlite_bind_text(struct stmt *s, int i, const char *v, size_t len)
{
    sqlite3_bind_text64(raw(s), i, v, len, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void sqlite_bind_blob(struct stmt *s, int i, const void *p, size_t n)
{
    sqlite3_bind_blob64(raw(s), i, p, n, SQLITE_TRANSIENT);
}

static void sqlite_bind_null(struct stmt *s, int i)
{
    sqlite3_bind_null(raw(s), i);
}

static int sqlite_step(struct stmt *s, struct err *err)
{
    struct sqlite_stmt *w = (struct sqlite_stmt *)s;
    int rc = sqlite3_step(w->s);

    if (rc == SQLITE_ROW)
        return STMT_ROW;
    if (rc == SQLITE_DONE) {
        w->changes = sqlite3_changes(sqlite3_db_handle(w->s));
        return STMT_DONE;
    }
    return db_fail(sqlite3_db_handle(w->s), err, "writing");
}

static int64_t sqlite_changes(struct stmt *s)
{
    return ((struct sqlite_stmt *)s)->changes;
}

static json_t *sqlite_column_json(struct stmt *s, int i)
{
    sqlite3_stmt *r = raw(s);

    switch (sqlite3_column_type(r, i)) {
    case SQLITE_INTEGER:
        return json_integer(sqlite3_column_int64(r, i));
    case SQLITE_FLOAT:
        return json_real(sqlite3_column_double(r, i));
    case SQLITE_TEXT:
        return json_stringn((const char *)sqlite3_column_text(r, i),
                            (size_t)sqlite3_column_bytes(r, i));
    default:
        return json_null();
    }
}

static const char *sqlite_column_text(struct stmt *s, int i)
{
    return (const char *)sqlite3_column_text(raw(s), i);
}

static int64_t sqlite_column_int(struct stmt *s, int i)
{
    return sqlite3_column_int64(raw(s), i);
}

static double sqlite_column_double(struct stmt *s, int i)
{
    return sqlite3_column_double(raw(s), i);
}

static int sqlite_column_is_null(struct stmt *s, int i)
{
    return sqlite3_column_type(raw(s), i) == SQLITE_NULL;
}

static const void *sqlite_column_blob(struct stmt *s, int i, size_t *len)
{
    *len = 0;
    if (sqlite3_column_type(raw(s), i) != SQLITE_BLOB)
        return NULL;
    *len = (size_t)sqlite3_column_bytes(raw(s), i);
    return sqlite3_column_blob(raw(s), i);
}

static const char *sqlite_column_name(struct stmt *s, int i)
{
    return sqlite3_column_name(raw(s), i);
}

static int sqlite_column_count(struct stmt *s)
{
    return sqlite3_column_count(raw(s));
}

static int sqlite_exec_script(struct engine_db *st, const char *sql, struct err *err)
{
    struct conn *c = conn_get(st, err);

    return c ? db_exec_script(c->db, sql, err) : UPT_EDB;
}

/* Group commit. A commit writes every page the transaction touched to the WAL, and the
 * pages one write touches (the tables' last leaves, the indexes, the person's day and week
 * rows) are mostly the ones the next write touches too. So every writer of this process uses
 * one connection, whose cache stays warm, and a writer that finishes while others queue for the
 * lock leaves the transaction open for them and waits: the last of the group commits for all
 * (at most GROUP_MAX), and each learns the outcome before tx_commit returns, so what a caller
 * does after a commit (answer, publish live events) still follows the data being durable in
 * the WAL. Each writer's part is a savepoint of its own, so one writer's rollback undoes only
 * its part. Takes write_lock; the group's members are woken under it. */
static void wal_restart(struct engine_db *st, struct conn *c);

static int writer_open(struct engine_db *st, struct err *err)
{
    if (st->writer)
        return 0;
    st->writer = conn_open(st, err);
    return st->writer ? 0 : UPT_EDB;
}

/* Ends the open group with rc for everyone in it (rc < 0 when the COMMIT failed or SQLite
 * gave the transaction up), then lets the next writer in. */
static int group_end(struct engine_db *st, int rc, struct err *err)
{
    struct conn *c = st->writer;

    if (st->group_open && rc == 0 && db_exec_script(c->db, "COMMIT", err) < 0)
        rc = UPT_EDB;
    if (!sqlite3_get_autocommit(c->db))
        db_exec_script(c->db, "ROLLBACK", NULL);
    st->group_open = 0;
    st->group_size = 0;
    for (struct group_member *m = st->group; m; m = m->next) {
        m->rc = rc;
        m->done = 1;
    }
    st->group = NULL;
    pthread_cond_broadcast(&st->group_done);
    if (c->wal_full) {
        c->wal_full = 0;
        wal_restart(st, c);
    }
    return rc;
}

/* This writer's part is over (kept or undone): leave the group open for a writer queued
 * behind and wait for its COMMIT, or commit now. Releases write_lock. */
static int group_leave(struct engine_db *st, struct err *err)
{
    int rc;

    writing_on = NULL;
    st->writer->tx_depth = 0;
    if (st->group_open && sqlite3_get_autocommit(st->writer->db)) {
        /* SQLite rolled the whole transaction back (out of disk, I/O error): the earlier
         * members' parts are gone too. */
        rc = group_end(st, err_set(err, UPT_EDB, "database error: the transaction was lost"), err);
    } else if (atomic_load(&st->writers_queued) > 0 && st->group_size < GROUP_MAX) {
        struct group_member me = {.next = st->group};
        st->group = &me;
        while (!me.done)
            pthread_cond_wait(&st->group_done, &st->write_lock);
        rc = me.rc;
        if (rc < 0)
            err_set(err, UPT_EDB, "database error: the commit failed");
    } else {
        rc = group_end(st, 0, err);
    }
    pthread_mutex_unlock(&st->write_lock);
    return rc;
}

static int sqlite_tx_begin(struct engine_db *st, struct err *err)
{
    struct conn *c;
    char sql[32];

    if (writing_on == st) {
        c = st->writer;
        snprintf(sql, sizeof sql, "SAVEPOINT s%d", c->tx_depth);
        if (db_exec_script(c->db, sql, err) < 0)
            return UPT_EDB;
        c->tx_depth++;
        return 0;
    }
    atomic_fetch_add(&st->writers_queued, 1);
    pthread_mutex_lock(&st->write_lock);
    atomic_fetch_sub(&st->writers_queued, 1);
    if (writer_open(st, err) < 0 ||
        (!st->group_open && db_exec_script(st->writer->db, "BEGIN IMMEDIATE", err) < 0)) {
        /* The group (if one is open) still commits: another queued writer or this one. */
        if (st->group_open)
            group_leave(st, NULL);
        else
            pthread_mutex_unlock(&st->write_lock);
        return UPT_EDB;
    }
    st->group_open = 1;
    if (db_exec_script(st->writer->db, "SAVEPOINT part", err) < 0) {
        group_leave(st, NULL);
        return UPT_EDB;
    }
    st->group_size++;
    st->writer->tx_depth = 1;
    writing_on = st;
    return 0;
}

/* Copies the whole WAL back and makes the next writer start it again from its beginning (the
 * file is trimmed to journal_size_limit then). The caller holds write_lock, so no writer of
 * this process moves; readers get a moment to finish what they read from the WAL. Under
 * sustained load some reader always holds a snapshot inside the WAL and a writer always
 * follows, so without this SQLite never gets to restart the WAL and it only grows. */
static void wal_restart(struct engine_db *st, struct conn *c)
{
    int frames = 0, done = 0, rc;

    pthread_mutex_lock(&st->ckpt_lock);
    sqlite3_busy_timeout(c->db, WAL_RESTART_WAIT_MS);
    rc = sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_RESTART, &frames, &done);
    sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
    pthread_mutex_unlock(&st->ckpt_lock);
    if (rc != SQLITE_OK)
        log_warn("msg=\"wal restart postponed\" frames=%d copied=%d error=\"%s\"", frames, done,
                 sqlite3_errstr(rc));
}

static int sqlite_tx_commit(struct engine_db *st, struct err *err)
{
    struct conn *c = st->writer;
    char sql[32];

    if (writing_on != st || !c || c->tx_depth == 0)
        return err_set(err, UPT_EDB, "commit without a transaction");
    if (c->tx_depth > 1) {
        c->tx_depth--;
        snprintf(sql, sizeof sql, "RELEASE s%d", c->tx_depth);
        return db_exec_script(c->db, sql, err) < 0 ? UPT_EDB : 0;
    }
    if (db_exec_script(c->db, "RELEASE part", err) < 0) {
        db_exec_script(c->db, "ROLLBACK TO part; RELEASE part", NULL);
        group_leave(st, NULL);
        return UPT_EDB;
    }
    return group_leave(st, err);
}

static void sqlite_tx_rollback(struct engine_db *st)
{
    struct conn *c = st->writer;
    char sql[64];

    if (writing_on != st || !c || c->tx_depth == 0)
        return;
    if (c->tx_depth > 1) {
        /* Undo only the nested part; the enclosing transaction decides for itself. */
        c->tx_depth--;
        snprintf(sql, sizeof sql, "ROLLBACK TO s%d; RELEASE s%d", c->tx_depth, c->tx_depth);
        db_exec_script(c->db, sql, NULL);
        return;
    }
    db_exec_script(c->db, "ROLLBACK TO part; RELEASE part", NULL);
    group_leave(st, NULL); /* the others' parts still commit */
}

/* The checkpointer thread: copies the WAL back without blocking anyone when woken by a commit
 * past half the limit, and at least once a second. */
static int sqlite_checkpoint(struct engine_db *st, struct err *err);

static void *checkpointer(void *arg)
{
    struct engine_db *st = arg;

    pthread_mutex_lock(&st->ckpt_wait);
    while (!st->ckpt_stop) {
        if (!st->ckpt_due) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_sec += 1;
            pthread_cond_timedwait(&st->ckpt_wake, &st->ckpt_wait, &ts);
            if (st->ckpt_stop)
                break;
        }
        st->ckpt_due = 0;
        pthread_mutex_unlock(&st->ckpt_wait);
        struct err err = ERR_INIT;
        if (sqlite_checkpoint(st, &err) < 0)
            log_warn("msg=\"checkpoint failed\" error=\"%s\"", err.message);
        pthread_mutex_lock(&st->ckpt_wait);
    }
    pthread_mutex_unlock(&st->ckpt_wait);
    sqlite_thread_done(st);
    return NULL;
}

static int sqlite_background_checkpoints(struct engine_db *st, int64_t wal_limit, struct err *err)
{
    struct conn *c = conn_get(st, err);
    sqlite3_stmt *s = NULL;
    char sql[64];

    if (!c)
        return UPT_EDB;
    if (sqlite3_prepare_v2(c->db, "PRAGMA page_size", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        st->page_size = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    st->wal_limit = wal_limit > 0 ? wal_limit : WAL_LIMIT_DEFAULT;
    /* A restarted WAL file is trimmed back to the limit; connections read this at open. */
    snprintf(sql, sizeof sql, "PRAGMA journal_size_limit=%lld", (long long)st->wal_limit);
    if (db_exec_script(c->db, sql, err) < 0)
        return UPT_EDB;
    sqlite3_wal_hook(c->db, on_wal_commit, c);
    st->background_checkpoints = 1;
    if (writing_on != st) {
        /* The writer, if already open, commits through the hook too. */
        pthread_mutex_lock(&st->write_lock);
        if (st->writer) {
            db_exec_script(st->writer->db, sql, NULL);
            sqlite3_wal_hook(st->writer->db, on_wal_commit, st->writer);
        }
        pthread_mutex_unlock(&st->write_lock);
    }
    if (!st->ckpt_started && pthread_create(&st->ckpt_thread, NULL, checkpointer, st) == 0)
        st->ckpt_started = 1;
    return 0;
}

static int sqlite_bulk_cache(struct engine_db *st, int cache_mib, struct err *err)
{
    struct conn *c = conn_get(st, err);
    char sql[64];
    int rc;

    if (!c)
        return UPT_EDB;
    snprintf(sql, sizeof sql, "PRAGMA cache_size=%d", -1024 * cache_mib);
    rc = db_exec_script(c->db, sql, err);
    if (rc == 0 && writing_on != st) {
        /* The bulk job's writes run on the writer (group commit): give it the cache too. */
        pthread_mutex_lock(&st->write_lock);
        rc = writer_open(st, err);
        if (rc == 0)
            rc = db_exec_script(st->writer->db, sql, err);
        pthread_mutex_unlock(&st->write_lock);
    }
    return rc;
}

static int sqlite_checkpoint(struct engine_db *st, struct err *err)
{
    struct conn *c = conn_get(st, err);

    if (!c)
        return UPT_EDB;
    /* Passive: copies what no reader still needs, never waits; a busy database (another
     * checkpoint running) is left for the next call. */
    pthread_mutex_lock(&st->ckpt_lock);
    sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    pthread_mutex_unlock(&st->ckpt_lock);
    return 0;
}

const struct engine sqlite_engine = {
    .name = "sqlite",
    .dialect = &sqlite_dialect,
    .open = sqlite_open,
    .close = sqlite_close,
    .thread_done = sqlite_thread_done,
    .auth_generation = sqlite_auth_generation,
    .tx_begin = sqlite_tx_begin,
    .tx_commit = sqlite_tx_commit,
    .tx_rollback = sqlite_tx_rollback,
    .exec_script = sqlite_exec_script,
    .background_checkpoints = sqlite_background_checkpoints,
    .checkpoint = sqlite_checkpoint,
    .bulk_cache = sqlite_bulk_cache,
    .stmt_get = sqlite_stmt_get,
    .stmt_done = sqlite_stmt_done,
    .param_index = sqlite_param_index,
    .bind_int = sqlite_bind_int,
    .bind_double = sqlite_bind_double,
    .bind_text = sqlite_bind_text,
    .bind_blob = sqlite_bind_blob,
    .bind_null = sqlite_bind_null,
    .step = sqlite_step,
    .changes = sqlite_changes,
    .column_json = sqlite_column_json,
    .column_text = sqlite_column_text,
    .column_int = sqlite_column_int,
    .column_double = sqlite_column_double,
    .column_is_null = sqlite_column_is_null,
    .column_blob = sqlite_column_blob,
    .column_name = sqlite_column_name,
    .column_count = sqlite_column_count,
};
