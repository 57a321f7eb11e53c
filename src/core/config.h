/* SPDX-License-Identifier: MIT */
/* Configuration from one table: defaults < uptake.ini < UPTAKE_* environment < flags. */
#ifndef UPTAKE_CORE_CONFIG_H
#define UPTAKE_CORE_CONFIG_H

#include "core/adoption.h"
#include "core/err.h"

#include <stdio.h>

struct config {
    char db[512];              /* db: database path */
    char listen[128];          /* listen: HOST:PORT */
    int threads;               /* threads: HTTP worker threads, 0 = one per core */
    char visibility[16];       /* visibility: own | team | all, what reps see of others' records */
    int session_hours;         /* session-hours: how long a sign-in lasts */
    long body_limit;           /* body-limit: largest request body in bytes */
    char log_level[16];        /* log-level: error | warn | info | debug */
    char web_dir[512];         /* web-dir: serve the UI from this folder instead of the binary */
    int cookie_secure;         /* cookie-secure: mark the session cookie Secure (behind HTTPS) */
    int login_limit;           /* login-limit: failed sign-ins per minute before 429 */
    char trusted_proxies[512]; /* trusted-proxies: peers whose X-Forwarded-For is believed */
    int connections_per_address; /* connections-per-address: open connections per client */
    int max_connections;         /* max-connections: open connections overall, 0 = from ulimit */
    int request_header_timeout;  /* request-header-timeout: seconds to send a request's headers */
    long body_memory_limit;      /* body-memory-limit: request body bytes held at once, overall */
    int wal_limit_mib;           /* wal-limit-mib: the WAL is restarted when it grows past this */
    int stream_keepalive_ms;     /* stream-keepalive-ms: event streams get a comment this often */
    /* adoption-weight-access, -process, -quality: the score's mix (docs/ADOPTION.md), relative */
    int adoption_weight_access, adoption_weight_process, adoption_weight_quality;
    int adoption_stale_days; /* adoption-stale-days: an open deal or lead untouched this long */
};

/* Fills defaults, then the ini file at path (a missing file is fine unless required), then the
 * environment. Errors name the key and the source. */
int config_load(struct config *c, const char *ini_path, int ini_required, struct err *err);

/* Sets one key from a flag or other source; key is kebab-case ("session-hours"). */
int config_set(struct config *c, const char *key, const char *value, const char *source,
               struct err *err);

/* Prints every key = value, in ini form. */
void config_print(const struct config *c, FILE *out);

/* The adoption score's weights (fractions of their sum are used) and stale period. */
void config_adoption(const struct config *c, struct adoption_weights *w, int *stale_days);

/* The visibility setting as enum visibility (store.h) value 0..2. */
int config_visibility(const struct config *c);

#endif
