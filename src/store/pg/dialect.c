/* SPDX-License-Identifier: MIT */
/* How PostgreSQL spells what the engines spell differently (store/sql.h, struct dialect):
 * tsvector search over search_index (sql/pg/0001_core.sql: one row per kind code and record id,
 * uptake_search_vector: 'simple' words of the unaccented text, GIN-indexed), jsonb for JSON keys,
 * date arithmetic for days. Parameters carry no declared type, so each fragment casts them where
 * the server could not infer one. */
#include "store/pg/dialect.h"

#include "store/sql.h"

#include "core/buf.h"
#include "core/words.h"

static void index_hint(struct buf *b, const char *index)
{
    (void)b; /* the planner chooses; PostgreSQL has no hints */
    (void)index;
}

static void json_text(struct buf *b, const char *expr, const char *key)
{
    buf_addf(b, "((%s)::jsonb ->> '%s')", expr, key);
}

/* JSON booleans count as 1 and 0, as SQLite's json_extract gives them. */
static void json_int(struct buf *b, const char *expr, const char *key)
{
    buf_addf(b,
             "(CASE jsonb_typeof((%s)::jsonb -> '%s') WHEN 'boolean' THEN"
             " ((%s)::jsonb ->> '%s')::boolean::integer ELSE ((%s)::jsonb ->> '%s')::bigint END)",
             expr, key, expr, key, expr, key);
}

static void days_between(struct buf *b, const char *a, const char *b_expr)
{
    /* Through text, so a parameter here is inferred as the text it is elsewhere. */
    buf_addf(b, "((%s)::text::date - (%s)::text::date)", b_expr, a);
}

static void day_of_ms(struct buf *b, const char *ms, int plus_days)
{
    buf_addf(b,
             "to_char(to_timestamp(((%s) / 1000)::double precision) AT TIME ZONE 'UTC'"
             " + interval '%d days', 'YYYY-MM-DD')",
             ms, plus_days);
}

static void int_array_rows(struct buf *b, const char *param)
{
    /* The JSON array as an array literal: unnest() of one tells the planner its length. */
    buf_addf(b, "SELECT unnest(translate(%s, '[]', '{}')::bigint[]) AS value " PG_PLAN_EACH_RUN,
             param);
}

static void nocase(struct buf *b, const char *expr)
{
    buf_addf(b, "lower(%s)", expr);
}

/* Typed words (core/words.h) become a tsquery of prefix terms joined by &: only word characters
 * are kept, so no input is tsquery syntax; punctuation alone gives an empty query. */
static void search_query(struct buf *out, const char *typed)
{
    const char *w = typed;
    size_t len = 0;

    for (int n = 0; n < WORDS_MAX && (w = words_next(w, &len)) != NULL; n++, w += len) {
        if (n)
            buf_adds(out, " & ");
        buf_add(out, w, len);
        buf_adds(out, ":*");
    }
}

static void search_ids(struct buf *b, int code)
{
    buf_addf(b,
             "SELECT id FROM search_index WHERE code = %d"
             " AND body @@ to_tsquery('simple', unaccent(($match)::text))",
             code);
}

static void search_insert(struct buf *b, const char *view)
{
    buf_addf(b,
             "INSERT INTO search_index (code, id, body) SELECT ($code)::integer, id,"
             " uptake_search_vector(body) FROM %s WHERE id = $id",
             view);
}

/* An identity column keeps its own counter, which copied ids did not move. */
static void after_copy(struct buf *b, const char *table)
{
    buf_addf(b,
             "SELECT setval(pg_get_serial_sequence('%s', 'id'), greatest(coalesce(max(id), 0), 1),"
             " max(id) IS NOT NULL) FROM %s",
             table, table);
}

const struct dialect pg_dialect = {
    .name = "postgresql",
    .like = "ILIKE",
    .greatest = "greatest",
    .least = "least",
    .json_agg = "json_agg",
    .json_object = "json_build_object",
    .for_update = " FOR UPDATE",
    .for_share = " FOR SHARE",
    .index_hint = index_hint,
    .json_text = json_text,
    .json_int = json_int,
    .days_between = days_between,
    .day_of_ms = day_of_ms,
    .int_array_rows = int_array_rows,
    .nocase = nocase,
    .search_query = search_query,
    .search_ids = search_ids,
    .search_delete = "DELETE FROM search_index WHERE code = ($code)::integer AND id = $id",
    .search_insert = search_insert,
    .after_copy = after_copy,
};
