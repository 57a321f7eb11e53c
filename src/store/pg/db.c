/* SPDX-License-Identifier: MIT */
/* The PostgreSQL engine (pg_engine, store/engine.h): one libpq connection per thread (opened
 * again between transactions when the server drops it), a cache of prepared statements per
 * connection keyed by SQL text, bindings kept as text (blobs as binary), results read as text
 * and typed by their column's OID, transactions with savepoints and the auth generation.
 * Opening migrates (migrate.c); other instances' auth changes arrive through the listener
 * thread (listen.c). */
#include "store/conns.h"
#include "store/engine.h"
#include "store/pg/dialect.h"
#include "store/pg/listen.h"
#include "store/pg/migrate.h"
#include "store/pg/params.h"

#include "core/log.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CACHE_SLOTS 512

/* Result column and parameter types (pg_type OIDs, stable across versions; catalog/pg_type_d.h is
 * not in libpq-dev). */
#define OID_BOOL    16
#define OID_BYTEA   17
#define OID_INT8    20
#define OID_INT2    21
#define OID_INT4    23
#define OID_FLOAT4  700
#define OID_FLOAT8  701
#define OID_NUMERIC 1700

struct conn;

/* A statement: its server-side name, the rewritten SQL's parameters, their values as libpq
 * takes them, and the result of its current run. */
struct pg_stmt {
    struct stmt base;
    struct conn *c;
    char name[24];
    struct pg_params params;
    char **values; /* owned; NULL for SQL NULL */
    int *lengths;  /* for binary values */
    int *formats;  /* 0 text, 1 binary */
    /* The type each bound value declares (0: the server infers it, for text and NULL), and
     * the types the server-side statement was prepared with (prepared: it exists). */
    Oid *types, *prepared_types;
    int prepared;
    int touches_auth;  /* writes users, sessions or api_tokens */
    int reads;         /* a SELECT: run again on a new connection when the old one was lost */
    int plan_each_run; /* never prepared: planned with its values at every run (PG_PLAN_EACH_RUN) */
    PGresult *res;
    unsigned char *blob; /* the last column_blob's bytes (PQunescapeBytea's) */
    int ran, row, nrows;
    int64_t changes;
};

struct cached_stmt {
    char *sql;
    struct pg_stmt *stmt;
};

struct conn {
    PGconn *pg;
    struct cached_stmt cache[CACHE_SLOTS];
    int ncached;
    unsigned next_name;
    int tx_depth; /* 0: none; 1: BEGIN; deeper levels are savepoints */
    struct engine_db *db;
};

struct engine_db {
    char *target;
    struct conns *conns; /* one struct conn per thread */
    struct pg_listener *listener;
    _Atomic uint64_t auth_generation;
};

static void bump(struct engine_db *db)
{
    atomic_fetch_add_explicit(&db->auth_generation, 1, memory_order_relaxed);
}

/* Whether sql is a SELECT (a read: one may be sent again). */
static int is_select(const char *sql)
{
    const char *p = sql;

    while (isspace((unsigned char)*p) || *p == '(')
        p++;
    return strncasecmp(p, "SELECT", 6) == 0;
}

/* Whether sql, not a SELECT, names a table a sign-in is read from. A false positive (a
 * column named users_x, say) only costs the auth caches a reload. */
static int writes_auth(const char *sql)
{
    if (is_select(sql))
        return 0;
    return strcasestr(sql, "users") || strcasestr(sql, "sessions") || strcasestr(sql, "api_tokens");
}

/* libpq's messages end with a newline; err and the log want one line. */
static const char *one_line(const char *msg, char *out, size_t n)
{
    size_t len;

    snprintf(out, n, "%s", msg ? msg : "unknown error");
    len = strlen(out);
    while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == ' '))
        out[--len] = '\0';
    for (char *q = out; *q; q++)
        if (*q == '\n' || *q == '"')
            *q = ' ';
    return out;
}

/* The upt_err for a failed result (constraint class 23: UPT_ECONFLICT), with err set and
 * the server's message logged. */
static int fail(PGconn *pg, const PGresult *r, const char *what, struct err *err)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    char msg[256];

    one_line(r && *PQresultErrorMessage(r) ? PQresultErrorMessage(r) : PQerrorMessage(pg), msg,
             sizeof msg);
    if (state && strncmp(state, "23", 2) == 0) {
        log_info("msg=\"constraint\" what=\"%s\" sqlstate=%s error=\"%s\"", what, state, msg);
        return err_set(err, UPT_ECONFLICT, "%s conflicts with existing data: %s", what, msg);
    }
    log_err("msg=\"database error\" what=\"%s\" sqlstate=%s error=\"%s\"", what,
            state ? state : "-", msg);
    return err_set(err, UPT_EDB, "database error while %s: %s", what, msg);
}

static int exec_on(struct conn *c, const char *sql, struct err *err)
{
    PGresult *r = PQexec(c->pg, sql);
    int st = PQresultStatus(r), rc = 0;

    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        rc = fail(c->pg, r, "running SQL", err);
    else if (writes_auth(sql))
        bump(c->db);
    PQclear(r);
    return rc;
}

static void bindings_clear(struct pg_stmt *s)
{
    for (int i = 0; i < s->params.n; i++) {
        free(s->values[i]);
        s->values[i] = NULL;
        s->lengths[i] = 0;
        s->formats[i] = 0;
        s->types[i] = 0;
    }
}

static void stmt_free(struct pg_stmt *s)
{
    bindings_clear(s);
    PQclear(s->res);
    PQfreemem(s->blob);
    pg_params_release(&s->params);
    free(s->values);
    free(s->lengths);
    free(s->formats);
    free(s->types);
    free(s->prepared_types);
    free(s);
}

static void cache_clear(struct conn *c)
{
    for (int i = 0; i < CACHE_SLOTS; i++) {
        if (c->cache[i].stmt) {
            stmt_free(c->cache[i].stmt);
            free(c->cache[i].sql);
            c->cache[i].stmt = NULL;
            c->cache[i].sql = NULL;
        }
    }
    c->ncached = 0;
}

static void conn_close(void *arg)
{
    struct conn *c = arg;

    cache_clear(c);
    PQfinish(c->pg);
    free(c);
}

/* The server's notices ("relation already exists, skipping") go to the debug log, not to
 * stderr as libpq's default would print them into every command's output. */
static void on_notice(void *arg, const char *message)
{
    char line[256];

    (void)arg;
    log_debug("msg=\"postgresql notice\" notice=\"%s\"", one_line(message, line, sizeof line));
}

static PGconn *connect_to(const char *target, struct err *err)
{
    PGconn *pg = PQconnectdb(target);
    char msg[256];

    if (PQstatus(pg) != CONNECTION_OK) {
        one_line(PQerrorMessage(pg), msg, sizeof msg);
        log_err("msg=\"cannot connect to postgresql\" error=\"%s\"", msg);
        err_set(err, UPT_EDB, "cannot connect to the database: %s", msg);
        PQfinish(pg);
        return NULL;
    }
    PQsetNoticeProcessor(pg, on_notice, NULL);
    return pg;
}

/* A thread's new connection (conns.h's open callback). */
static void *conn_open(void *arg, struct err *err)
{
    struct engine_db *db = arg;
    struct conn *c = xcalloc(1, sizeof *c);

    c->pg = connect_to(db->target, err);
    if (!c->pg) {
        free(c);
        return NULL;
    }
    c->db = db;
    return c;
}

/* Whether the server has dropped c (a restart, pg_terminate_backend, an idle timeout). libpq
 * learns of it only when it reads, so what the socket holds is read now, without waiting: a
 * server ending a connection sends a FATAL error (read as a notice) and closes it. */
static int conn_lost(struct conn *c)
{
    for (int i = 0; i < 4 && PQstatus(c->pg) == CONNECTION_OK; i++) {
        struct pollfd pfd = {.fd = PQsocket(c->pg), .events = POLLIN};
        if (poll(&pfd, 1, 0) <= 0 || !PQconsumeInput(c->pg))
            break;
    }
    return PQstatus(c->pg) == CONNECTION_BAD;
}

/* Opens c's connection again, only ever between transactions (a transaction the server lost
 * fails to its caller whole). The server's prepared statements went with the old connection:
 * the cached ones stay (a caller may hold one) but are prepared again at their next run. */
static int reconnect(struct conn *c, struct err *err)
{
    char msg[256];

    log_warn("msg=\"postgresql connection lost, reconnecting\" error=\"%s\"",
             one_line(PQerrorMessage(c->pg), msg, sizeof msg));
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (c->cache[i].stmt)
            c->cache[i].stmt->prepared = 0;
    PQreset(c->pg);
    if (PQstatus(c->pg) != CONNECTION_OK) {
        one_line(PQerrorMessage(c->pg), msg, sizeof msg);
        log_err("msg=\"cannot reconnect to postgresql\" error=\"%s\"", msg);
        return err_set(err, UPT_EDB, "cannot connect to the database: %s", msg);
    }
    return 0;
}

/* This thread's connection; between transactions one the server dropped is opened again
 * first, so a request after a server restart does not fail for it. */
static struct conn *conn_get(struct engine_db *db, struct err *err)
{
    struct conn *c = conns_get(db->conns, err);

    if (c && c->tx_depth == 0 && conn_lost(c) && reconnect(c, err) < 0)
        return NULL;
    return c;
}

static void pg_thread_done(struct engine_db *db)
{
    conns_thread_done(db->conns);
}

static void pg_close(struct engine_db *db)
{
    if (!db)
        return;
    pg_listener_stop(db->listener);
    conns_free(db->conns);
    free(db->target);
    free(db);
}

static int pg_open(const char *target, struct engine_db **out, int *version, struct err *err)
{
    struct engine_db *db = NULL;
    PGconn *pg = NULL;
    int rc = 0;

    *out = NULL;
    pg = connect_to(target, err);
    if (!pg)
        return UPT_EDB;
    rc = pg_migrate_apply(pg, version, err);
    PQfinish(pg);
    if (rc < 0)
        return rc;
    db = xcalloc(1, sizeof *db);
    db->target = xstrdup(target);
    db->conns = conns_new(conn_open, conn_close, db);
    atomic_init(&db->auth_generation, 0);
    db->listener = pg_listener_start(target, &db->auth_generation);
    if (!db->listener) {
        pg_close(db);
        return err_set(err, UPT_EDB, "cannot start the auth listener thread");
    }
    *out = db;
    return 0;
}

static void pg_live_listen(struct engine_db *db, store_live_sink *sink, void *ctx)
{
    pg_listener_set_live(db->listener, sink, ctx);
}

static uint64_t pg_auth_generation(struct engine_db *db)
{
    return atomic_load_explicit(&db->auth_generation, memory_order_relaxed);
}

static int pg_tx_begin(struct engine_db *db, struct err *err)
{
    struct conn *c = conn_get(db, err);
    char sql[32];

    if (!c)
        return UPT_EDB;
    if (c->tx_depth > 0) {
        snprintf(sql, sizeof sql, "SAVEPOINT s%d", c->tx_depth);
        if (exec_on(c, sql, err) < 0)
            return UPT_EDB;
        c->tx_depth++;
        return 0;
    }
    if (exec_on(c, "BEGIN", err) < 0) {
        /* Lost since conn_get looked: nothing has begun, so BEGIN is safe to send again. */
        if (PQstatus(c->pg) != CONNECTION_BAD || reconnect(c, err) < 0 ||
            exec_on(c, "BEGIN", err) < 0)
            return UPT_EDB;
        if (err)
            err_clear(err);
    }
    c->tx_depth = 1;
    return 0;
}

static int pg_tx_commit(struct engine_db *db, struct err *err)
{
    struct conn *c = conn_get(db, err);
    PGresult *r = NULL;
    char sql[32];
    int rc = 0;

    if (!c || c->tx_depth == 0)
        return err_set(err, UPT_EDB, "commit without a transaction");
    if (c->tx_depth > 1) {
        c->tx_depth--;
        snprintf(sql, sizeof sql, "RELEASE s%d", c->tx_depth);
        return exec_on(c, sql, err) < 0 ? UPT_EDB : 0;
    }
    r = PQexec(c->pg, "COMMIT");
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        rc = fail(c->pg, r, "committing", err);
        exec_on(c, "ROLLBACK", NULL);
    } else if (strcmp(PQcmdStatus(r), "ROLLBACK") == 0) {
        /* COMMIT of a transaction an error aborted succeeds as a rollback. */
        log_err("msg=\"commit of an aborted transaction rolled back\"");
        rc = err_set(err, UPT_EDB, "database error: the transaction was aborted");
    }
    PQclear(r);
    c->tx_depth = 0;
    return rc < 0 ? UPT_EDB : 0;
}

static void pg_tx_rollback(struct engine_db *db)
{
    struct conn *c = conn_get(db, NULL);
    char sql[64];

    if (!c || c->tx_depth == 0)
        return;
    if (c->tx_depth > 1) {
        /* Undo only the nested part; this also clears an error inside it. */
        c->tx_depth--;
        snprintf(sql, sizeof sql, "ROLLBACK TO s%d; RELEASE s%d", c->tx_depth, c->tx_depth);
        exec_on(c, sql, NULL);
        return;
    }
    exec_on(c, "ROLLBACK", NULL);
    c->tx_depth = 0;
}

static int pg_exec_script(struct engine_db *db, const char *sql, struct err *err)
{
    struct conn *c = conn_get(db, err);

    return c ? exec_on(c, sql, err) : UPT_EDB;
}

/* PostgreSQL writes and checkpoints its WAL itself and sizes its own buffers: nothing to do
 * for these three. */
static int pg_background_checkpoints(struct engine_db *db, int64_t wal_limit, struct err *err)
{
    (void)db;
    (void)wal_limit;
    (void)err;
    return 0;
}

static int pg_checkpoint(struct engine_db *db, struct err *err)
{
    (void)db;
    (void)err;
    return 0;
}

static int pg_bulk_cache(struct engine_db *db, int cache_mib, struct err *err)
{
    (void)db;
    (void)cache_mib;
    (void)err;
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

static void stmt_reset(struct pg_stmt *s)
{
    PQclear(s->res);
    s->res = NULL;
    PQfreemem(s->blob);
    s->blob = NULL;
    s->ran = 0;
    s->row = -1;
    s->nrows = 0;
}

/* A statement for sql, prepared on the server at its first run (server_prepare), when the
 * types of its values are known. */
static struct pg_stmt *prepare(struct conn *c, const char *sql, struct err *err)
{
    struct pg_stmt *s = xcalloc(1, sizeof *s);

    s->base.engine = &pg_engine;
    s->c = c;
    pg_params_rewrite(sql, &s->params);
    int n = s->params.n ? s->params.n : 1;
    s->values = xcalloc((size_t)n, sizeof *s->values);
    s->lengths = xcalloc((size_t)n, sizeof *s->lengths);
    s->formats = xcalloc((size_t)n, sizeof *s->formats);
    s->types = xcalloc((size_t)n, sizeof *s->types);
    s->prepared_types = xcalloc((size_t)n, sizeof *s->prepared_types);
    s->touches_auth = writes_auth(sql);
    s->reads = is_select(sql);
    s->plan_each_run = strstr(sql, PG_PLAN_EACH_RUN) != NULL;
    s->row = -1;
    return s;
}

/* Whether the values now bound declare a type the server-side statement was not prepared
 * with (an integer where the server had inferred int4 from a NULL's context, say). */
static int types_changed(const struct pg_stmt *s)
{
    for (int i = 0; i < s->params.n; i++)
        if (s->types[i] && s->types[i] != s->prepared_types[i])
            return 1;
    return 0;
}

/* Prepares s on the server with the types of the values bound now: integers as int8, reals
 * as float8, blobs as bytea; text and NULL leave the type to the server, which infers it
 * from the context (a text bound to an integer column is parsed as one). SQLite's loose
 * typing lets the store bind an integer where PostgreSQL would infer int4 from `$x = 0`;
 * declaring int8 keeps such comparisons valid for unix milliseconds. A statement whose types
 * change later is prepared again under a new name. */
static int server_prepare(struct pg_stmt *s, struct err *err)
{
    PGresult *r;

    if (s->prepared) {
        char sql[48];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", s->name);
        PQclear(PQexec(s->c->pg, sql));
    }
    snprintf(s->name, sizeof s->name, "u%u", s->c->next_name++);
    r = PQprepare(s->c->pg, s->name, s->params.sql, s->params.n, s->types);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        fail(s->c->pg, r, "preparing a statement", err);
        if (err)
            err->code = UPT_EDB; /* a statement that does not prepare is never a conflict */
        PQclear(r);
        s->prepared = 0;
        return UPT_EDB;
    }
    PQclear(r);
    for (int i = 0; i < s->params.n; i++)
        s->prepared_types[i] = s->types[i];
    s->prepared = 1;
    return 0;
}

static int pg_stmt_get(struct engine_db *db, const char *sql, struct stmt **out, struct err *err)
{
    struct conn *c = conn_get(db, err);
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
            stmt_reset(cs->stmt);
            bindings_clear(cs->stmt);
            cs->stmt->changes = 0;
            *out = &cs->stmt->base;
            return 0;
        }
    }
    if (c->ncached >= CACHE_SLOTS * 3 / 4) {
        /* Dynamic list queries vary; when the cache fills, start over rather than grow. The
         * server's prepared statements go too, unless a failed transaction refuses; then they
         * stay until the connection closes (names are never reused). */
        cache_clear(c);
        PGresult *r = PQexec(c->pg, "DEALLOCATE ALL");
        PQclear(r);
    }
    struct pg_stmt *s = prepare(c, sql, err);
    if (!s)
        return UPT_EDB;
    for (unsigned i = 0; i < CACHE_SLOTS; i++) {
        struct cached_stmt *cs = &c->cache[(slot + i) % CACHE_SLOTS];
        if (!cs->stmt) {
            cs->stmt = s;
            cs->sql = xstrdup(sql);
            c->ncached++;
            break;
        }
    }
    *out = &s->base;
    return 0;
}

static struct pg_stmt *pgs(struct stmt *s)
{
    return (struct pg_stmt *)s;
}

static void pg_stmt_done(struct stmt *s)
{
    if (s)
        stmt_reset(pgs(s));
}

static int pg_param_index(struct stmt *s, const char *name)
{
    return pg_params_index(&pgs(s)->params, name);
}

/* Slot i (1-based) emptied for a new value, or NULL when the statement has no such slot. */
static struct pg_stmt *slot(struct stmt *st, int i)
{
    struct pg_stmt *s = pgs(st);

    if (i < 1 || i > s->params.n)
        return NULL;
    free(s->values[i - 1]);
    s->values[i - 1] = NULL;
    s->lengths[i - 1] = 0;
    s->formats[i - 1] = 0;
    s->types[i - 1] = 0;
    return s;
}

static void set_text(struct stmt *st, int i, const char *v, size_t len)
{
    struct pg_stmt *s = slot(st, i);

    if (!s)
        return;
    s->values[i - 1] = xmalloc(len + 1);
    memcpy(s->values[i - 1], v, len);
    s->values[i - 1][len] = '\0';
}

static void pg_bind_int(struct stmt *s, int i, int64_t v)
{
    char text[24];
    int n = snprintf(text, sizeof text, "%lld", (long long)v);
    set_text(s, i, text, (size_t)n);
    if (i >= 1 && i <= pgs(s)->params.n)
        pgs(s)->types[i - 1] = OID_INT8;
}

static void pg_bind_double(struct stmt *s, int i, double v)
{
    char text[40];
    int n = snprintf(text, sizeof text, "%.17g", v);
    set_text(s, i, text, (size_t)n);
    if (i >= 1 && i <= pgs(s)->params.n)
        pgs(s)->types[i - 1] = OID_FLOAT8;
}

static void pg_bind_text(struct stmt *s, int i, const char *v, size_t len)
{
    if (v)
        set_text(s, i, v, len);
    else
        slot(s, i);
}

static void pg_bind_blob(struct stmt *st, int i, const void *p, size_t n)
{
    struct pg_stmt *s = slot(st, i);

    if (!s)
        return;
    s->values[i - 1] = xmalloc(n ? n : 1);
    if (n)
        memcpy(s->values[i - 1], p, n);
    s->lengths[i - 1] = (int)n;
    s->formats[i - 1] = 1;
    s->types[i - 1] = OID_BYTEA;
}

static void pg_bind_null(struct stmt *s, int i)
{
    slot(s, i);
}

/* Prepares s when it must be and runs it: its result in *out, or the error. */
static int run(struct pg_stmt *s, PGresult **out, struct err *err)
{
    PGresult *r;
    int status, rc;

    *out = NULL;
    if (s->plan_each_run) {
        r = PQexecParams(s->c->pg, s->params.sql, s->params.n, s->types,
                         (const char *const *)s->values, s->lengths, s->formats, 0);
    } else {
        if ((!s->prepared || types_changed(s)) && server_prepare(s, err) < 0)
            return UPT_EDB;
        r = PQexecPrepared(s->c->pg, s->name, s->params.n, (const char *const *)s->values,
                           s->lengths, s->formats, 0);
    }
    status = PQresultStatus(r);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        rc = fail(s->c->pg, r, "running a statement", err);
        PQclear(r);
        return rc;
    }
    *out = r;
    return 0;
}

/* Whether s, which failed, may run once more on a new connection: the connection was lost
 * outside a transaction, and s either never reached the server (its prepare failed) or only
 * reads. A write may have been done before the connection went, so it is not sent twice. */
static int may_retry(const struct pg_stmt *s)
{
    return s->c->tx_depth == 0 && PQstatus(s->c->pg) == CONNECTION_BAD &&
           ((!s->prepared && !s->plan_each_run) || s->reads);
}

static int pg_step(struct stmt *st, struct err *err)
{
    struct pg_stmt *s = pgs(st);

    if (!s->ran) {
        PGresult *r = NULL;
        int status, rc;

        s->ran = 1;
        PQclear(s->res);
        s->res = NULL;
        rc = run(s, &r, err);
        if (rc < 0 && may_retry(s) && reconnect(s->c, NULL) == 0) {
            rc = run(s, &r, err);
            if (rc == 0 && err)
                err_clear(err);
        }
        if (rc < 0)
            return rc;
        status = PQresultStatus(r);
        s->res = r;
        s->nrows = status == PGRES_TUPLES_OK ? PQntuples(r) : 0;
        s->changes = strtoll(PQcmdTuples(r), NULL, 10);
        if (s->touches_auth)
            bump(s->c->db);
    }
    if (s->row < s->nrows)
        s->row++;
    return s->row < s->nrows ? STMT_ROW : STMT_DONE;
}

static int64_t pg_changes(struct stmt *s)
{
    return pgs(s)->changes;
}

/* Whether column i of the current row exists (and is then read from s->res). */
static int has(struct pg_stmt *s, int i)
{
    return s->res && s->row >= 0 && s->row < s->nrows && i >= 0 && i < PQnfields(s->res);
}

static int pg_column_is_null(struct stmt *st, int i)
{
    struct pg_stmt *s = pgs(st);

    return !has(s, i) || PQgetisnull(s->res, s->row, i);
}

/* bytea comes back as text ("\\x…", results are text): decoded into the statement's buffer. */
static const void *pg_column_blob(struct stmt *st, int i, size_t *len)
{
    struct pg_stmt *s = pgs(st);

    *len = 0;
    if (pg_column_is_null(st, i) || PQftype(s->res, i) != OID_BYTEA)
        return NULL;
    PQfreemem(s->blob);
    s->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(s->res, s->row, i), len);
    return s->blob;
}

static const char *pg_column_text(struct stmt *st, int i)
{
    struct pg_stmt *s = pgs(st);

    return pg_column_is_null(st, i) ? NULL : PQgetvalue(s->res, s->row, i);
}

static int64_t pg_column_int(struct stmt *st, int i)
{
    const char *v = pg_column_text(st, i);

    if (!v)
        return 0;
    switch (PQftype(pgs(st)->res, i)) {
    case OID_BOOL:
        return v[0] == 't';
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
        return strtoll(v, NULL, 10);
    default:
        break;
    }
    /* A real column read as an integer truncates, as SQLite's does. */
    if (strpbrk(v, ".eE"))
        return (int64_t)strtod(v, NULL);
    return strtoll(v, NULL, 10);
}

static double pg_column_double(struct stmt *st, int i)
{
    const char *v = pg_column_text(st, i);

    if (!v)
        return 0;
    if (PQftype(pgs(st)->res, i) == OID_BOOL)
        return v[0] == 't';
    return strtod(v, NULL);
}

static json_t *pg_column_json(struct stmt *st, int i)
{
    const char *v = pg_column_text(st, i);

    if (!v)
        return json_null();
    switch (PQftype(pgs(st)->res, i)) {
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
        return json_integer(strtoll(v, NULL, 10));
    case OID_FLOAT4:
    case OID_FLOAT8:
        return json_real(strtod(v, NULL));
    case OID_NUMERIC:
        if (strpbrk(v, ".eE"))
            return json_real(strtod(v, NULL));
        return json_integer(strtoll(v, NULL, 10));
    case OID_BOOL:
        return json_integer(v[0] == 't');
    default:
        return json_string(v);
    }
}

static const char *pg_column_name(struct stmt *st, int i)
{
    struct pg_stmt *s = pgs(st);

    return s->res && i >= 0 && i < PQnfields(s->res) ? PQfname(s->res, i) : NULL;
}

static int pg_column_count(struct stmt *st)
{
    struct pg_stmt *s = pgs(st);

    return s->res ? PQnfields(s->res) : 0;
}

const struct engine pg_engine = {
    .name = "postgresql",
    .dialect = &pg_dialect,
    .open = pg_open,
    .close = pg_close,
    .thread_done = pg_thread_done,
    .auth_generation = pg_auth_generation,
    .live_listen = pg_live_listen,
    .tx_begin = pg_tx_begin,
    .tx_commit = pg_tx_commit,
    .tx_rollback = pg_tx_rollback,
    .exec_script = pg_exec_script,
    .background_checkpoints = pg_background_checkpoints,
    .checkpoint = pg_checkpoint,
    .bulk_cache = pg_bulk_cache,
    .stmt_get = pg_stmt_get,
    .stmt_done = pg_stmt_done,
    .param_index = pg_param_index,
    .bind_int = pg_bind_int,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .changes = pg_changes,
    .column_json = pg_column_json,
    .column_text = pg_column_text,
    .column_int = pg_column_int,
    .column_double = pg_column_double,
    .column_is_null = pg_column_is_null,
    .column_blob = pg_column_blob,
    .column_name = pg_column_name,
    .column_count = pg_column_count,
};
