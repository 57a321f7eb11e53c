/* SPDX-License-Identifier: MIT */
/* Brings a PostgreSQL database to the schema this binary embeds (embedded_pg_migrations),
 * one instance at a time, and refuses a newer one. */
#ifndef UPTAKE_STORE_PG_MIGRATE_H
#define UPTAKE_STORE_PG_MIGRATE_H

#include "core/err.h"

#include <libpq-fe.h>

/* Under an advisory lock: UPT_EVERSION (nothing touched) when schema_migrations records a
 * version above the embedded count; else applies each missing migration in its own
 * transaction, recording it. *version is then the embedded count. */
int pg_migrate_apply(PGconn *pg, int *version, struct err *err);

#endif
