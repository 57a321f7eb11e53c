/* SPDX-License-Identifier: MIT */
/* Failed sign-ins by key (account, client address, a user's current password) in the
 * sign_in_failures table, so instances behind a load balancer count them together: N instances
 * would otherwise allow N times the guesses. One row per failure keeps the minute exact; rows
 * that have left it are deleted as failures are recorded, through the index on at. */
#include "store/internal.h"

static const char SQL_RECENT[] = "SELECT count(*) FROM sign_in_failures"
                                 " WHERE key = $key AND at > $since";

int store_sign_in_blocked(struct store *st, const char *key, int64_t now, int limit, int *blocked,
                          struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_RECENT, &s, err);

    *blocked = 1; /* refused unless the count says otherwise */
    if (rc < 0)
        return rc;
    bind_text(s, "$key", key);
    bind_int(s, "$since", now - STORE_SIGN_IN_WINDOW_MS);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW)
        *blocked = column_int(s, 0) >= (limit < 1 ? 1 : limit);
    stmt_done(s);
    if (rc == STMT_DONE)
        rc = err_set(err, UPT_EDB, "counting failed sign-ins returned no row");
    return rc < 0 ? rc : 0;
}

static const char SQL_INSERT[] = "INSERT INTO sign_in_failures (key, at) VALUES ($key, $now)";
static const char SQL_PRUNE[] = "DELETE FROM sign_in_failures WHERE at <= $before";

int store_sign_in_failed(struct store *st, const char *key, int64_t now, struct err *err)
{
    struct stmt *s = NULL;
    int rc = store_tx_begin(st, err);

    if (rc < 0)
        return rc;
    rc = stmt_get(st, SQL_INSERT, &s, err);
    if (rc == 0) {
        bind_text(s, "$key", key);
        bind_int(s, "$now", now);
        rc = stmt_exec(st, s, err);
    }
    /* Every row is deleted once, so the work is the rows inserted since the last failure that
     * have expired since. */
    if (rc == 0)
        rc = stmt_get(st, SQL_PRUNE, &s, err);
    if (rc == 0) {
        bind_int(s, "$before", now - STORE_SIGN_IN_WINDOW_MS);
        rc = stmt_exec(st, s, err);
    }
    if (rc < 0) {
        store_tx_rollback(st);
        return rc;
    }
    return store_tx_commit(st, err);
}

int store_sign_in_clear(struct store *st, const char *key, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, "DELETE FROM sign_in_failures WHERE key = $key", &s, err);

    if (rc < 0)
        return rc;
    bind_text(s, "$key", key);
    return stmt_exec(st, s, err);
}
