/* SPDX-License-Identifier: MIT */
/* The migrations of migrate.h, as store/sqlite/migrate.c applies them, with PostgreSQL's
 * advisory lock so two instances starting together do not both migrate. */
#include "store/pg/migrate.h"

#include "core/clock.h"
#include "core/embedded.h"
#include "core/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Any constant of our own; other applications on the database would pick another. */
#define MIGRATE_LOCK "1969517675"

static int known_version(void)
{
    int n = 0;
    while (embedded_pg_migrations[n].name)
        n++;
    return n;
}

static int exec(PGconn *pg, const char *sql, struct err *err)
{
    PGresult *r = PQexec(pg, sql);
    int st = PQresultStatus(r);
    int rc = 0;

    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        log_err("msg=\"migration statement failed\" error=\"%s\"", PQerrorMessage(pg));
        rc = err_set(err, UPT_EDB, "database error: %s", PQerrorMessage(pg));
    }
    PQclear(r);
    return rc;
}

/* The single integer the query returns, or -1. */
static int query_int(PGconn *pg, const char *sql, struct err *err)
{
    PGresult *r = PQexec(pg, sql);
    int v = -1;

    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
        v = (int)strtol(PQgetvalue(r, 0, 0), NULL, 10);
    else
        err_set(err, UPT_EDB, "database error: %s", PQerrorMessage(pg));
    PQclear(r);
    return v;
}

static int apply_one(PGconn *pg, int i, struct err *err)
{
    const struct embedded_file *m = &embedded_pg_migrations[i];
    char version[16], applied[24];
    const char *values[3] = {version, m->name, applied};
    PGresult *r = NULL;
    int rc = 0;

    snprintf(version, sizeof version, "%d", i + 1);
    snprintf(applied, sizeof applied, "%lld", (long long)clock_now_ms());
    rc = exec(pg, "BEGIN", err);
    if (rc < 0)
        return rc;
    rc = exec(pg, m->data, err);
    if (rc == 0) {
        r = PQexecParams(pg,
                         "INSERT INTO schema_migrations (version, name, applied_at)"
                         " VALUES ($1, $2, $3)",
                         3, NULL, values, NULL, NULL, 0);
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            rc = err_set(err, UPT_EDB, "recording a migration: %s", PQerrorMessage(pg));
        PQclear(r);
    }
    if (rc == 0)
        rc = exec(pg, "COMMIT", err);
    if (rc < 0) {
        char why[256];
        snprintf(why, sizeof why, "%s", err ? err->message : "");
        exec(pg, "ROLLBACK", NULL);
        return err_set(err, UPT_EDB, "migration %s failed: %s", m->name, why);
    }
    log_info("msg=\"migration applied\" name=%s", m->name);
    return 0;
}

int pg_migrate_apply(PGconn *pg, int *version_out, struct err *err)
{
    int known = known_version(), version = 0, rc = 0;

    rc = exec(pg, "SELECT pg_advisory_lock(" MIGRATE_LOCK ")", err);
    if (rc < 0)
        return rc;
    /* Look before creating anything, so a newer database is never modified. */
    int exists = query_int(pg,
                           "SELECT count(*) FROM pg_tables WHERE tablename = 'schema_migrations'"
                           " AND schemaname = current_schema()",
                           err);
    if (exists < 0) {
        rc = UPT_EDB;
        goto out;
    }
    if (exists) {
        version = query_int(pg, "SELECT coalesce(max(version), 0) FROM schema_migrations", err);
        if (version < 0) {
            rc = UPT_EDB;
            goto out;
        }
        if (version > known) {
            rc = err_set(err, UPT_EVERSION,
                         "database schema version %d is newer than this uptake knows (%d); "
                         "upgrade uptake, the database was not modified",
                         version, known);
            goto out;
        }
    }
    rc = exec(pg,
              "CREATE TABLE IF NOT EXISTS schema_migrations ("
              " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
              " applied_at BIGINT NOT NULL)",
              err);
    if (rc < 0)
        goto out;
    for (int i = version; i < known && rc == 0; i++)
        rc = apply_one(pg, i, err);
    if (rc == 0)
        *version_out = known;
out:
    exec(pg, "SELECT pg_advisory_unlock(" MIGRATE_LOCK ")", NULL);
    return rc;
}
