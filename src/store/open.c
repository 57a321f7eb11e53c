/* SPDX-License-Identifier: MIT */
/* Opening and closing the store: --db chooses the engine (a path or sqlite: URL is SQLite, a
 * postgres:// or postgresql:// URL is PostgreSQL), which migrates the database before the
 * first connection is handed out; closing stops the helper thread and frees the adoption cache
 * before the engine closes its connections. The one file that ties those lifetimes together,
 * so none of them calls another's. */
#include "store/engine.h"
#include "store/slots.h"
#include "store/internal.h"
#include "store/state.h"

#include <string.h>

static int has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The engine for target and the name that engine opens (a sqlite: URL loses its scheme). */
static const struct engine *engine_for(const char *target, const char **name)
{
    *name = target;
    if (has_prefix(target, "postgres://") || has_prefix(target, "postgresql://"))
        return &pg_engine;
    if (has_prefix(target, "sqlite:") && !has_prefix(target, "sqlite://"))
        *name = target + strlen("sqlite:");
    else if (has_prefix(target, "sqlite://"))
        *name = target + strlen("sqlite://");
    return &sqlite_engine;
}

/* Copies [p, end) into out at *o, within size. */
static void put(char *out, size_t size, size_t *o, const char *p, size_t n)
{
    while (n-- && *o + 1 < size)
        out[(*o)++] = *p++;
    out[*o] = '\0';
}

void store_target_shown(const char *target, char *out, size_t size)
{
    const char *scheme = strstr(target, "://"), *p = target;
    size_t o = 0;

    if (!size)
        return;
    out[0] = '\0';
    if (scheme) {
        /* postgresql://user:secret@host → postgresql://user:***@host */
        const char *auth = scheme + 3, *at = strchr(auth, '@'), *colon = strchr(auth, ':');
        const char *slash = strchr(auth, '/');
        if (at && colon && colon < at && (!slash || at < slash)) {
            put(out, size, &o, p, (size_t)(colon + 1 - p));
            put(out, size, &o, "***", 3);
            p = at;
        }
    }
    while (*p) {
        /* ...?password=secret&... → password=*** */
        const char *key = strstr(p, "password=");
        if (!key || (key != target && key[-1] != '?' && key[-1] != '&' && key[-1] != ' ')) {
            put(out, size, &o, p, strlen(p));
            break;
        }
        put(out, size, &o, p, (size_t)(key + 9 - p));
        put(out, size, &o, "***", 3);
        p = key + 9 + strcspn(key + 9, "& ");
    }
}

const char *store_file_path(const char *target)
{
    const char *name = NULL;

    if (engine_for(target, &name) != &sqlite_engine || name[0] == ':' ||
        strncmp(name, "file:", 5) == 0)
        return NULL;
    return name;
}

int store_open(const char *target, struct store **out, struct err *err)
{
    const char *name = NULL;
    const struct engine *engine = engine_for(target, &name);
    struct engine_db *db = NULL;
    int version = 0, rc;

    *out = NULL;
    if (!*name)
        return err_set(err, UPT_EINVAL, "--db names no database: give a file path or a URL");
    rc = engine->open(name, &db, &version, err);
    if (rc < 0)
        return rc;
    *out = store_new(engine, db, version);
    return 0;
}

void store_close(struct store *st)
{
    pthread_mutex_t *lock = NULL;

    if (!st)
        return;
    helper_stop(*store_helper_slot(st, &lock)); /* its connection is among the engine's */
    adoption_cache_free(*store_adoption_cache(st, &lock));
    store_free(st);
}
