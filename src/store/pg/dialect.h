/* SPDX-License-Identifier: MIT */
/* PostgreSQL's spelling of what the engines write differently (store/pg/dialect.c). */
#ifndef UPTAKE_STORE_PG_DIALECT_H
#define UPTAKE_STORE_PG_DIALECT_H

struct dialect;
extern const struct dialect pg_dialect;

/* Marks a statement PostgreSQL plans at every run with its values instead of once (pg/db.c):
 * the lists of ids. A list's size decides the plan (a thousand people: a hash join over one
 * scan; a team of eight: an index lookup each), and the generic plan PostgreSQL switches to
 * after five runs knows no size: it chose a nested loop and a sort spilling to disk for a
 * thousand people's tasks, twice as slow. */
#define PG_PLAN_EACH_RUN "/* plan each run */"

#endif
