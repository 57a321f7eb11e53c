/* SPDX-License-Identifier: MIT */
/* How SQLite spells what the engines spell differently (store/sql.h, struct dialect): FTS5 for
 * search (sql/sqlite/0001_core.sql: search_fts, rowid = record id * 16 + kind code), json1 for
 * JSON keys, julianday and date() for days. */
#include "store/sql.h"

#include "core/buf.h"
#include "core/words.h"

static void index_hint(struct buf *b, const char *index)
{
    buf_addf(b, " INDEXED BY %s", index);
}

static void json_text(struct buf *b, const char *expr, const char *key)
{
    buf_addf(b, "json_extract(%s, '$.%s')", expr, key);
}

static void days_between(struct buf *b, const char *a, const char *b_expr)
{
    buf_addf(b, "CAST(julianday(%s) - julianday(%s) AS INTEGER)", b_expr, a);
}

static void day_of_ms(struct buf *b, const char *ms, int plus_days)
{
    buf_addf(b, "date((%s) / 1000, 'unixepoch', '%+d days')", ms, plus_days);
}

static void int_array_rows(struct buf *b, const char *param)
{
    buf_addf(b, "SELECT value FROM json_each(%s)", param);
}

static void nocase(struct buf *b, const char *expr)
{
    buf_addf(b, "%s COLLATE NOCASE", expr);
}

/* Typed words (core/words.h) become an FTS5 query of quoted prefix terms, so no input is FTS
 * syntax; punctuation alone gives an empty query. */
static void search_query(struct buf *out, const char *typed)
{
    const char *w = typed;
    size_t len = 0;

    for (int n = 0; n < WORDS_MAX && (w = words_next(w, &len)) != NULL; n++, w += len) {
        if (n)
            buf_addc(out, ' ');
        buf_addc(out, '"');
        buf_add(out, w, len);
        buf_adds(out, "\"*");
    }
}

static void search_ids(struct buf *b, int code)
{
    buf_addf(b,
             "SELECT rowid / 16 FROM search_fts WHERE search_fts MATCH $match AND rowid %% 16 = %d",
             code);
}

static void search_insert(struct buf *b, const char *view)
{
    buf_addf(b,
             "INSERT INTO search_fts (rowid, body) SELECT id * 16 + $code, body FROM %s"
             " WHERE id = $id",
             view);
}

static void after_copy(struct buf *b, const char *table)
{
    (void)b; /* a rowid table's next id follows its largest */
    (void)table;
}

const struct dialect sqlite_dialect = {
    .name = "sqlite",
    .like = "LIKE", /* case-insensitive for ASCII in SQLite */
    .greatest = "max",
    .least = "min",
    .json_agg = "json_group_array",
    .json_object = "json_object",
    .for_update = "", /* BEGIN IMMEDIATE and the store's write lock serialize writers */
    .for_share = "",
    .index_hint = index_hint,
    .json_text = json_text,
    .json_int = json_text, /* json_extract keeps the JSON type */
    .days_between = days_between,
    .day_of_ms = day_of_ms,
    .int_array_rows = int_array_rows,
    .nocase = nocase,
    .search_query = search_query,
    .search_ids = search_ids,
    .search_delete = "DELETE FROM search_fts WHERE rowid = $id * 16 + $code",
    .search_insert = search_insert,
    .after_copy = after_copy,
};
