/* SPDX-License-Identifier: MIT */
/* The statement layer both engines implement (store/sqlite/, store/pg/): the store's domain
 * files above it prepare SQL, bind by name, step and read columns through these functions and
 * never see sqlite3 or libpq. SQL is written once in the subset both engines read alike; what
 * one engine spells its own way comes from its dialect (struct dialect). */
#ifndef UPTAKE_STORE_SQL_H
#define UPTAKE_STORE_SQL_H

#include "core/err.h"
#include "store/store.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

/* A prepared statement of either engine, from the calling thread's connection's cache. */
struct stmt;

/* What stmt_step returns besides a negative upt_err. */
enum { STMT_ROW = 100, STMT_DONE = 101 };

/* A prepared statement for sql, reset and with bindings cleared. Parameters are named
 * ($name, the same name may appear several times) or positional (?, numbered from 1 in order
 * of appearance, named ones included). Borrowed: call stmt_done when finished with it.
 * sql may hold markers for what the engines spell differently, replaced by the dialect's
 * spelling before the engine sees it (a statement without "${" is passed as it is):
 *   ${ids}              rows of one integer column `value` from the JSON array $ids
 *   ${hint:INDEX}       an index hint for the table just before it
 *   ${days:A,B}         whole days from day text A to day text B
 *   ${day_of_ms:MS,N}   the UTC day text of unix-ms MS, N days later
 *   ${nocase:EXPR}      EXPR compared and sorted without regard to ASCII case
 *   ${greatest} ${least} ${like} ${json_agg} ${json_object} ${for_update}
 *   ${for_share}        from struct dialect
 * Arguments hold no ',' or '}'. An unknown marker is UPT_EDB. */
int stmt_get(struct store *st, const char *sql, struct stmt **out, struct err *err);
void stmt_done(struct stmt *s);

/* Binds by parameter name ("$id"); a name the statement lacks is ignored. */
void bind_int(struct stmt *s, const char *name, int64_t v);
void bind_int_or_null(struct stmt *s, const char *name, int64_t v); /* 0 -> NULL */
void bind_text(struct stmt *s, const char *name, const char *v);    /* NULL -> NULL */
void bind_blob(struct stmt *s, const char *name, const void *p, int n);
void bind_double(struct stmt *s, const char *name, double v);
void bind_json(struct stmt *s, const char *name, const json_t *v); /* by JSON type; objects and
                                                                       arrays as JSON text */
/* Binds by position (1-based), for statements built with many ? placeholders. */
void bind_int_at(struct stmt *s, int i, int64_t v);
void bind_text_at(struct stmt *s, int i, const char *v); /* NULL -> NULL */
void bind_null_at(struct stmt *s, int i);
void bind_double_at(struct stmt *s, int i, double v);
void bind_blob_at(struct stmt *s, int i, const void *p, size_t n);
/* Whether the statement has a parameter of that name. */
int stmt_has_param(struct stmt *s, const char *name);

/* Runs (on the first call) and moves to the next row: STMT_ROW, STMT_DONE or a negative
 * upt_err (err set; UPT_ECONFLICT for a broken constraint). */
int stmt_step(struct store *st, struct stmt *s, struct err *err);
/* Runs a statement expecting no rows, and resets it. */
int stmt_exec(struct store *st, struct stmt *s, struct err *err);
/* Rows the statement's last run inserted, changed or deleted. */
int64_t stmt_changes(struct stmt *s);
/* Steps s to the end, appending row(s) for each row to a new array in *items; on failure
 * *items is NULL. Finishes s. */
int stmt_collect(struct store *st, struct stmt *s, json_t *(*row)(struct stmt *s), json_t **items,
                 struct err *err);
/* Steps s once: row(s) of its first row in *out, or UPT_ENOTFOUND "<what> not found" when it
 * has none (*out NULL). Finishes s. */
int stmt_one(struct store *st, struct stmt *s, json_t *(*row)(struct stmt *s), const char *what,
             json_t **out, struct err *err);

/* Columns of the current row (0-based). column_json gives an integer, real, text or null. */
json_t *column_json(struct stmt *s, int i);
const char *column_text(struct stmt *s, int i); /* NULL for NULL; valid until the next step */
int64_t column_int(struct stmt *s, int i);      /* 0 for NULL; a boolean is 0 or 1 */
double column_double(struct stmt *s, int i);
int column_is_null(struct stmt *s, int i);
/* The bytes of a blob column (NULL when column i is not a blob); valid until the next step. */
const void *column_blob(struct stmt *s, int i, size_t *len);
/* The name of result column i (for copying whole tables). */
const char *column_name(struct stmt *s, int i);
int column_count(struct stmt *s);

/* Runs SQL text without parameters on the calling thread's connection (schema, settings). */
int sql_exec_script(struct store *st, const char *sql, struct err *err);

/* What the engines spell differently. Text fragments are pasted into SQL; functions append
 * to b. */
struct dialect {
    const char *name; /* "sqlite" or "postgresql" */
    /* Case-insensitive substring match operator for `expr <like> $p ESCAPE '\'`. */
    const char *like;
    /* The larger and the smaller of two values in one row. */
    const char *greatest, *least;
    /* The aggregate making a JSON array of its rows' values (NULL over no rows on some
     * engines) and the function making a JSON object of key, value pairs. */
    const char *json_agg, *json_object;
    /* Appended to a SELECT inside a write's transaction: its rows stay locked until the end
     * ("" where writers are serialized anyway). for_share: the same, letting other writes
     * that only check the rows share them, while one that changes them waits. */
    const char *for_update, *for_share;
    /* An index hint for the table named just before it ("" where the planner needs none). */
    void (*index_hint)(struct buf *b, const char *index);
    /* The text (json_text) or integer (json_int) at top-level key of a JSON text expr. */
    void (*json_text)(struct buf *b, const char *expr, const char *key);
    void (*json_int)(struct buf *b, const char *expr, const char *key);
    /* Whole days from day expression a to day expression b ('YYYY-MM-DD' texts): b - a. */
    void (*days_between)(struct buf *b, const char *a, const char *b_expr);
    /* The UTC day ('YYYY-MM-DD') of a unix-ms expression, plus_days later. */
    void (*day_of_ms)(struct buf *b, const char *ms, int plus_days);
    /* Rows of one integer column named value from a JSON array text parameter ($name). */
    void (*int_array_rows)(struct buf *b, const char *param);
    /* expr as compared and sorted without regard to ASCII case (both sides of a comparison
     * get it). */
    void (*nocase)(struct buf *b, const char *expr);

    /* Full-text search. Each indexed kind has a code (record.c); its index holds one row per
     * (code, record id). search_query turns what a user typed into the engine's query text for
     * $match (empty when it has no words); search_ids appends a subquery of the record ids
     * whose row of code matches $match; search_delete is a statement removing the row of
     * ($code, $id); search_insert appends one inserting the row of ($code, $id) from view's
     * body column (the views are each engine's, with the same names and columns). */
    void (*search_query)(struct buf *out, const char *typed);
    void (*search_ids)(struct buf *b, int code);
    const char *search_delete;
    void (*search_insert)(struct buf *b, const char *view);

    /* After rows were copied into table with their ids (store_copy): appends a statement
     * that makes the next id follow them, or nothing where the engine does so itself. */
    void (*after_copy)(struct buf *b, const char *table);
};
const struct dialect *store_dialect(struct store *st);

#endif
