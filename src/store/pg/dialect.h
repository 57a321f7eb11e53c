/* SPDX-License-Identifier: MIT */
/* PostgreSQL's spelling of what the engines write differently (store/pg/dialect.c). */
#ifndef UPTAKE_STORE_PG_DIALECT_H
#define UPTAKE_STORE_PG_DIALECT_H

struct dialect;
extern const struct dialect pg_dialect;

#endif
