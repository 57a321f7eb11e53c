/* SPDX-License-Identifier: MIT */
/* The config table: each key's type, place in struct config, default and check. */
#include "core/config.h"

#include "core/log.h"

#include <errno.h>
#include <ini.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum ctype { C_STR, C_INT, C_LONG, C_BOOL };

struct config_key {
    const char *name; /* kebab-case, as in uptake.ini and flags */
    const char *env;
    enum ctype type;
    size_t offset;
    size_t size; /* C_STR buffer size */
    const char *def;
    const char *const *choices; /* NULL or allowed values */
    long min, max;
};

static const char *const visibilities[] = {"own", "team", "all", NULL};
static const char *const levels[] = {"error", "warn", "info", "debug", NULL};

#define STR(n, e, f, d, ch)                                                                        \
    {                                                                                              \
        n, e, C_STR, offsetof(struct config, f), sizeof(((struct config *)0)->f), d, ch, 0, 0      \
    }
#define NUM(n, e, t, f, d, lo, hi)                                                                 \
    {                                                                                              \
        n, e, t, offsetof(struct config, f), 0, d, NULL, lo, hi                                    \
    }

static const struct config_key keys[] = {
    STR("db", "UPTAKE_DB", db, "data/uptake.db", NULL),
    STR("listen", "UPTAKE_LISTEN", listen, "127.0.0.1:8080", NULL),
    NUM("threads", "UPTAKE_THREADS", C_INT, threads, "0", 0, 256),
    STR("visibility", "UPTAKE_VISIBILITY", visibility, "team", visibilities),
    NUM("session-hours", "UPTAKE_SESSION_HOURS", C_INT, session_hours, "168", 1, 24 * 365),
    NUM("body-limit", "UPTAKE_BODY_LIMIT", C_LONG, body_limit, "1048576", 1024, 1L << 30),
    STR("log-level", "UPTAKE_LOG_LEVEL", log_level, "info", levels),
    STR("web-dir", "UPTAKE_WEB_DIR", web_dir, "", NULL),
    NUM("cookie-secure", "UPTAKE_COOKIE_SECURE", C_BOOL, cookie_secure, "false", 0, 1),
    NUM("login-limit", "UPTAKE_LOGIN_LIMIT", C_INT, login_limit, "10", 1, 32),
    NUM("wal-limit-mib", "UPTAKE_WAL_LIMIT_MIB", C_INT, wal_limit_mib, "64", 1, 65536),
    STR("trusted-proxies", "UPTAKE_TRUSTED_PROXIES", trusted_proxies, "", NULL),
    NUM("connections-per-address", "UPTAKE_CONNECTIONS_PER_ADDRESS", C_INT, connections_per_address,
        "256", 1, 1000000),
    NUM("max-connections", "UPTAKE_MAX_CONNECTIONS", C_INT, max_connections, "0", 0, 1000000),
    NUM("request-header-timeout", "UPTAKE_REQUEST_HEADER_TIMEOUT", C_INT, request_header_timeout,
        "10", 1, 3600),
    NUM("body-memory-limit", "UPTAKE_BODY_MEMORY_LIMIT", C_LONG, body_memory_limit, "67108864",
        16384, 1L << 40),
    NUM("stream-keepalive-ms", "UPTAKE_STREAM_KEEPALIVE_MS", C_INT, stream_keepalive_ms, "15000",
        50, 3600000),
    NUM("adoption-weight-access", "UPTAKE_ADOPTION_WEIGHT_ACCESS", C_INT, adoption_weight_access,
        "25", 0, 100),
    NUM("adoption-weight-process", "UPTAKE_ADOPTION_WEIGHT_PROCESS", C_INT, adoption_weight_process,
        "45", 0, 100),
    NUM("adoption-weight-quality", "UPTAKE_ADOPTION_WEIGHT_QUALITY", C_INT, adoption_weight_quality,
        "30", 0, 100),
    NUM("adoption-stale-days", "UPTAKE_ADOPTION_STALE_DAYS", C_INT, adoption_stale_days, "30", 1,
        3650),
};
#define NKEYS (sizeof keys / sizeof keys[0])

static const struct config_key *find(const char *name)
{
    for (size_t i = 0; i < NKEYS; i++) {
        if (strcmp(keys[i].name, name) == 0)
            return &keys[i];
        /* ini files may spell keys with underscores */
        size_t n = strlen(name);
        if (n == strlen(keys[i].name)) {
            size_t j = 0;
            for (; j < n; j++)
                if (!(name[j] == keys[i].name[j] || (name[j] == '_' && keys[i].name[j] == '-')))
                    break;
            if (j == n)
                return &keys[i];
        }
    }
    return NULL;
}

int config_set(struct config *c, const char *key, const char *value, const char *source,
               struct err *err)
{
    const struct config_key *k = find(key);
    char *field;

    if (!k)
        return err_set(err, UPT_EINVAL, "%s: unknown setting '%s'", source, key);
    field = (char *)c + k->offset;
    if (k->type == C_STR) {
        if (strlen(value) >= k->size)
            return err_set(err, UPT_EINVAL, "%s: '%s' is too long", source, key);
        if (k->choices) {
            int ok = 0;
            char list[128] = "";
            size_t used = 0;
            for (int i = 0; k->choices[i]; i++) {
                ok |= strcmp(k->choices[i], value) == 0;
                if (used < sizeof list)
                    used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
                                             k->choices[i]);
            }
            if (!ok)
                return err_set(err, UPT_EINVAL, "%s: '%s' must be one of %s, not '%s'", source, key,
                               list, value);
        }
        memcpy(field, value, strlen(value) + 1);
        return 0;
    }
    if (k->type == C_BOOL) {
        int v;
        if (strcmp(value, "true") == 0 || strcmp(value, "1") == 0 || strcmp(value, "yes") == 0)
            v = 1;
        else if (strcmp(value, "false") == 0 || strcmp(value, "0") == 0 || strcmp(value, "no") == 0)
            v = 0;
        else
            return err_set(err, UPT_EINVAL, "%s: '%s' must be true or false", source, key);
        *(int *)field = v;
        return 0;
    }
    char *end = NULL;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (errno || end == value || *end || v < k->min || v > k->max)
        return err_set(err, UPT_EINVAL, "%s: '%s' must be a whole number from %ld to %ld", source,
                       key, k->min, k->max);
    if (k->type == C_INT)
        *(int *)field = (int)v;
    else
        *(long *)field = v;
    return 0;
}

struct ini_ctx {
    struct config *c;
    struct err *err;
    const char *path;
    int failed;
};

static int on_ini(void *user, const char *section, const char *name, const char *value)
{
    struct ini_ctx *ctx = user;
    char source[600];

    if (ctx->failed)
        return 0;
    snprintf(source, sizeof source, "%s", ctx->path);
    if (config_set(ctx->c, name, value, source, ctx->err) < 0) {
        ctx->failed = 1;
        return 0;
    }
    return 1;
}

int config_load(struct config *c, const char *ini_path, int ini_required, struct err *err)
{
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < NKEYS; i++)
        if (config_set(c, keys[i].name, keys[i].def, "default", err) < 0)
            return UPT_EINVAL;
    if (ini_path) {
        FILE *f = fopen(ini_path, "r");
        if (!f) {
            if (ini_required)
                return err_set(err, UPT_EIO, "cannot read config file '%s': %s", ini_path,
                               strerror(errno));
        } else {
            struct ini_ctx ctx = {c, err, ini_path, 0};
            int line = ini_parse_file(f, on_ini, &ctx);
            fclose(f);
            if (ctx.failed)
                return UPT_EINVAL;
            if (line != 0)
                return err_set(err, UPT_EINVAL, "%s:%d: cannot parse this line", ini_path, line);
        }
    }
    for (size_t i = 0; i < NKEYS; i++) {
        const char *v = getenv(keys[i].env);
        if (v && config_set(c, keys[i].name, v, keys[i].env, err) < 0)
            return UPT_EINVAL;
    }
    return 0;
}

void config_print(const struct config *c, FILE *out)
{
    for (size_t i = 0; i < NKEYS; i++) {
        const char *field = (const char *)c + keys[i].offset;
        switch (keys[i].type) {
        case C_STR:
            fprintf(out, "%s = %s\n", keys[i].name, field);
            break;
        case C_INT:
            fprintf(out, "%s = %d\n", keys[i].name, *(const int *)field);
            break;
        case C_LONG:
            fprintf(out, "%s = %ld\n", keys[i].name, *(const long *)field);
            break;
        case C_BOOL:
            fprintf(out, "%s = %s\n", keys[i].name, *(const int *)field ? "true" : "false");
            break;
        }
    }
}

void config_adoption(const struct config *c, struct adoption_weights *w, int *stale_days)
{
    w->access = c->adoption_weight_access;
    w->process = c->adoption_weight_process;
    w->quality = c->adoption_weight_quality;
    *stale_days = c->adoption_stale_days;
}

int config_visibility(const struct config *c)
{
    for (int i = 0; visibilities[i]; i++)
        if (strcmp(c->visibility, visibilities[i]) == 0)
            return i;
    return 1;
}
