/* SPDX-License-Identifier: MIT */
/* The store's shared state and the dispatch to its engine: struct store holds the engine
 * chosen at open (store/open.c), the engine's database and the slots the domain files keep
 * state in; the statement layer (sql.h) and the store's engine-level calls (transactions,
 * threads, checkpoints) go to that engine's functions. Bindings by name and by JSON type are
 * built here once, on the engine's bind by index. */
#include "store/sql.h"

#include "store/engine.h"
#include "store/slots.h"
#include "store/state.h"

#include "core/buf.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct store {
    const struct engine *engine;
    struct engine_db *db;
    int version;
    pthread_mutex_t slots_lock; /* guards adoption and helper */
    struct adoption_cache *adoption;
    struct helper *helper;
    pthread_mutex_t live_lock; /* guards live_sink and live_ctx */
    store_live_sink *live_sink;
    void *live_ctx;
};

/* Live items of the calling thread's open transaction (SQLite), delivered when its outermost
 * level commits; marks[d]: how many were queued when level d began, so a savepoint rolled
 * back drops its own. Each thread has one connection, so one transaction at a time. */
#define LIVE_LEVELS 16
struct live_item {
    char *type, *data;
};
static _Thread_local struct {
    struct live_item *items;
    size_t n, cap;
    size_t marks[LIVE_LEVELS];
    int depth;
} live;

static void live_truncate(size_t n)
{
    while (live.n > n) {
        live.n--;
        free(live.items[live.n].type);
        free(live.items[live.n].data);
    }
    if (live.n == 0) {
        free(live.items);
        live.items = NULL;
        live.cap = 0;
    }
}

static void live_deliver(struct store *st, const char *type, const char *data)
{
    store_live_sink *sink;
    void *ctx;

    pthread_mutex_lock(&st->live_lock);
    sink = st->live_sink;
    ctx = st->live_ctx;
    pthread_mutex_unlock(&st->live_lock);
    if (sink)
        sink(ctx, type, data);
}

/* The end of one transaction level: committed, its items join the enclosing level's, or at
 * the outermost go out; rolled back, they are dropped. */
static void live_level_end(struct store *st, int committed)
{
    if (live.depth <= 0)
        return;
    live.depth--;
    if (!committed)
        live_truncate(live.depth < LIVE_LEVELS ? live.marks[live.depth] : live.n);
    if (live.depth > 0)
        return;
    for (size_t i = 0; i < live.n; i++)
        live_deliver(st, live.items[i].type, live.items[i].data);
    live_truncate(0);
}

static const char SQL_LIVE_NOTIFY[] = "SELECT pg_notify('uptake_live', $payload)";

int store_live_add(struct store *st, const char *type, const char *data, struct err *err)
{
    struct stmt *s = NULL;
    struct buf payload = BUF_INIT;
    int rc;

    if (st->engine->live_listen) {
        /* Sent at commit, to every instance listening (this one too), dropped on rollback. */
        buf_addf(&payload, "%s\n%s", type, data);
        rc = stmt_get(st, SQL_LIVE_NOTIFY, &s, err);
        if (rc == 0) {
            bind_text(s, "$payload", payload.s);
            rc = stmt_step(st, s, err);
            stmt_done(s);
        }
        buf_release(&payload);
        return rc < 0 ? rc : 0;
    }
    if (live.depth == 0) {
        live_deliver(st, type, data);
        return 0;
    }
    if (live.n == live.cap) {
        live.cap = live.cap ? live.cap * 2 : 4;
        live.items = xrealloc(live.items, live.cap * sizeof *live.items);
    }
    live.items[live.n].type = xstrdup(type);
    live.items[live.n].data = xstrdup(data);
    live.n++;
    return 0;
}

int store_live_wanted(struct store *st)
{
    int wanted;

    if (st->engine->live_listen)
        return 1; /* other instances may listen */
    pthread_mutex_lock(&st->live_lock);
    wanted = st->live_sink != NULL;
    pthread_mutex_unlock(&st->live_lock);
    return wanted;
}

void store_set_live_sink(struct store *st, store_live_sink *sink, void *ctx)
{
    pthread_mutex_lock(&st->live_lock);
    st->live_sink = sink;
    st->live_ctx = ctx;
    pthread_mutex_unlock(&st->live_lock);
    if (st->engine->live_listen)
        st->engine->live_listen(st->db, sink, ctx);
}

struct store *store_new(const struct engine *engine, struct engine_db *db, int version)
{
    struct store *st = xcalloc(1, sizeof *st);

    st->engine = engine;
    st->db = db;
    st->version = version;
    pthread_mutex_init(&st->slots_lock, NULL);
    pthread_mutex_init(&st->live_lock, NULL);
    return st;
}

void store_free(struct store *st)
{
    st->engine->close(st->db);
    pthread_mutex_destroy(&st->slots_lock);
    pthread_mutex_destroy(&st->live_lock);
    free(st);
}

struct helper **store_helper_slot(struct store *st, pthread_mutex_t **lock)
{
    *lock = &st->slots_lock;
    return &st->helper;
}

struct adoption_cache **store_adoption_cache(struct store *st, pthread_mutex_t **lock)
{
    *lock = &st->slots_lock;
    return &st->adoption;
}

int store_schema_version(struct store *st)
{
    return st->version;
}

const char *store_engine_name(struct store *st)
{
    return st->engine->name;
}

void store_thread_done(struct store *st)
{
    st->engine->thread_done(st->db);
}

uint64_t store_auth_generation(struct store *st)
{
    return st->engine->auth_generation(st->db);
}

int store_tx_begin(struct store *st, struct err *err)
{
    int rc = st->engine->tx_begin(st->db, err);

    if (rc == 0) {
        if (live.depth < LIVE_LEVELS)
            live.marks[live.depth] = live.n;
        live.depth++;
    }
    return rc;
}

int store_tx_commit(struct store *st, struct err *err)
{
    int rc = st->engine->tx_commit(st->db, err);

    /* A failed outermost commit has rolled back (sqlite/db.c, pg/db.c). */
    live_level_end(st, rc == 0);
    return rc;
}

void store_tx_rollback(struct store *st)
{
    st->engine->tx_rollback(st->db);
    live_level_end(st, 0);
}

int store_background_checkpoints(struct store *st, int64_t wal_limit, struct err *err)
{
    return st->engine->background_checkpoints(st->db, wal_limit, err);
}

int store_checkpoint(struct store *st, struct err *err)
{
    return st->engine->checkpoint(st->db, err);
}

int store_bulk_cache(struct store *st, int cache_mib, struct err *err)
{
    return st->engine->bulk_cache(st->db, cache_mib, err);
}

const struct dialect *store_dialect(struct store *st)
{
    return st->engine->dialect;
}

int sql_exec_script(struct store *st, const char *sql, struct err *err)
{
    return st->engine->exec_script(st->db, sql, err);
}

/* The argument of a marker, up to ',' or '}', copied into a NUL-terminated buffer. */
static const char *marker_arg(const char **p, char *arg, size_t size)
{
    size_t n = strcspn(*p, ",}");

    if (n >= size)
        n = size - 1;
    memcpy(arg, *p, n);
    arg[n] = '\0';
    *p += strcspn(*p, ",}");
    if (**p == ',')
        (*p)++;
    return arg;
}

/* Appends marker name (with its arguments at *p, moved past the closing brace) as d spells
 * it; -1 for a marker it does not know. */
static int expand_marker(const struct dialect *d, const char *name, size_t len, const char **p,
                         struct buf *out)
{
    char a[128], b[128];

#define IS(word) (len == sizeof word - 1 && memcmp(name, word, len) == 0)
    if (IS("ids"))
        d->int_array_rows(out, "$ids");
    else if (IS("greatest"))
        buf_adds(out, d->greatest);
    else if (IS("least"))
        buf_adds(out, d->least);
    else if (IS("like"))
        buf_adds(out, d->like);
    else if (IS("for_update"))
        buf_adds(out, d->for_update);
    else if (IS("for_share"))
        buf_adds(out, d->for_share);
    else if (IS("json_agg"))
        buf_adds(out, d->json_agg);
    else if (IS("json_object"))
        buf_adds(out, d->json_object);
    else if (IS("hint"))
        d->index_hint(out, marker_arg(p, a, sizeof a));
    else if (IS("nocase"))
        d->nocase(out, marker_arg(p, a, sizeof a));
    else if (IS("days")) {
        marker_arg(p, a, sizeof a);
        d->days_between(out, a, marker_arg(p, b, sizeof b));
    } else if (IS("day_of_ms")) {
        marker_arg(p, a, sizeof a);
        d->day_of_ms(out, a, (int)strtol(marker_arg(p, b, sizeof b), NULL, 10));
    } else
        return -1;
#undef IS
    if (**p != '}')
        return -1;
    (*p)++;
    return 0;
}

/* sql with its ${...} markers in d's spelling (see stmt_get in sql.h). */
static int expand_markers(const struct dialect *d, const char *sql, struct buf *out,
                          struct err *err)
{
    const char *p = sql, *m;

    while ((m = strstr(p, "${")) != NULL) {
        const char *name = m + 2;
        size_t len = strcspn(name, ":}");
        buf_add(out, p, (size_t)(m - p));
        p = name + len;
        if (*p == ':')
            p++;
        if (expand_marker(d, name, len, &p, out) < 0)
            return err_set(err, UPT_EDB, "unknown SQL marker near '%.20s'", m);
    }
    buf_adds(out, p);
    return 0;
}

int stmt_get(struct store *st, const char *sql, struct stmt **out, struct err *err)
{
    struct buf expanded = BUF_INIT;
    int rc;

    if (!strstr(sql, "${"))
        return st->engine->stmt_get(st->db, sql, out, err);
    *out = NULL;
    rc = expand_markers(st->engine->dialect, sql, &expanded, err);
    if (rc == 0)
        rc = st->engine->stmt_get(st->db, expanded.s, out, err);
    buf_release(&expanded);
    return rc;
}

void stmt_done(struct stmt *s)
{
    if (s)
        s->engine->stmt_done(s);
}

int stmt_has_param(struct stmt *s, const char *name)
{
    return s->engine->param_index(s, name) != 0;
}

void bind_int_at(struct stmt *s, int i, int64_t v)
{
    s->engine->bind_int(s, i, v);
}

void bind_null_at(struct stmt *s, int i)
{
    s->engine->bind_null(s, i);
}

void bind_double_at(struct stmt *s, int i, double v)
{
    s->engine->bind_double(s, i, v);
}

void bind_blob_at(struct stmt *s, int i, const void *p, size_t n)
{
    s->engine->bind_blob(s, i, p, n);
}

void bind_text_at(struct stmt *s, int i, const char *v)
{
    if (v)
        s->engine->bind_text(s, i, v, strlen(v));
    else
        s->engine->bind_null(s, i);
}

void bind_int(struct stmt *s, const char *name, int64_t v)
{
    int i = s->engine->param_index(s, name);
    if (i)
        s->engine->bind_int(s, i, v);
}

void bind_int_or_null(struct stmt *s, const char *name, int64_t v)
{
    int i = s->engine->param_index(s, name);
    if (!i)
        return;
    if (v)
        s->engine->bind_int(s, i, v);
    else
        s->engine->bind_null(s, i);
}

void bind_text(struct stmt *s, const char *name, const char *v)
{
    int i = s->engine->param_index(s, name);
    if (i)
        bind_text_at(s, i, v);
}

void bind_blob(struct stmt *s, const char *name, const void *p, int n)
{
    int i = s->engine->param_index(s, name);
    if (i)
        s->engine->bind_blob(s, i, p, (size_t)n);
}

void bind_double(struct stmt *s, const char *name, double v)
{
    int i = s->engine->param_index(s, name);
    if (i)
        s->engine->bind_double(s, i, v);
}

void bind_json(struct stmt *s, const char *name, const json_t *v)
{
    int i = s->engine->param_index(s, name);

    if (!i)
        return;
    if (!v || json_is_null(v)) {
        s->engine->bind_null(s, i);
    } else if (json_is_integer(v)) {
        s->engine->bind_int(s, i, json_integer_value(v));
    } else if (json_is_boolean(v)) {
        s->engine->bind_int(s, i, json_is_true(v));
    } else if (json_is_real(v)) {
        s->engine->bind_double(s, i, json_real_value(v));
    } else if (json_is_string(v)) {
        s->engine->bind_text(s, i, json_string_value(v), json_string_length(v));
    } else {
        char *text = json_dumps(v, JSON_COMPACT);
        s->engine->bind_text(s, i, text, strlen(text)); /* the engine keeps a copy */
        free(text);
    }
}

int stmt_step(struct store *st, struct stmt *s, struct err *err)
{
    (void)st;
    return s->engine->step(s, err);
}

int64_t stmt_changes(struct stmt *s)
{
    return s->engine->changes(s);
}

int stmt_exec(struct store *st, struct stmt *s, struct err *err)
{
    int rc = stmt_step(st, s, err);
    s->engine->stmt_done(s);
    return rc < 0 ? rc : 0;
}

int stmt_collect(struct store *st, struct stmt *s, json_t *(*row)(struct stmt *s), json_t **items,
                 struct err *err)
{
    json_t *list = json_array();
    int rc;

    *items = NULL;
    while ((rc = stmt_step(st, s, err)) == STMT_ROW)
        json_array_append_new(list, row(s));
    stmt_done(s);
    if (rc < 0) {
        json_decref(list);
        return rc;
    }
    *items = list;
    return 0;
}

int stmt_one(struct store *st, struct stmt *s, json_t *(*row)(struct stmt *s), const char *what,
             json_t **out, struct err *err)
{
    int rc = stmt_step(st, s, err);

    *out = rc == STMT_ROW ? row(s) : NULL;
    stmt_done(s);
    if (rc < 0)
        return rc;
    return *out ? 0 : err_set(err, UPT_ENOTFOUND, "%s not found", what);
}

json_t *column_json(struct stmt *s, int i)
{
    return s->engine->column_json(s, i);
}

const char *column_text(struct stmt *s, int i)
{
    return s->engine->column_text(s, i);
}

int64_t column_int(struct stmt *s, int i)
{
    return s->engine->column_int(s, i);
}

double column_double(struct stmt *s, int i)
{
    return s->engine->column_double(s, i);
}

int column_is_null(struct stmt *s, int i)
{
    return s->engine->column_is_null(s, i);
}

const void *column_blob(struct stmt *s, int i, size_t *len)
{
    return s->engine->column_blob(s, i, len);
}

const char *column_name(struct stmt *s, int i)
{
    return s->engine->column_name(s, i);
}

int column_count(struct stmt *s)
{
    return s->engine->column_count(s);
}
