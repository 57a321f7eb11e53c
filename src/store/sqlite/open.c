/* SPDX-License-Identifier: MIT */
/* Opening and closing the SQLite store: the file is created private and migrated before the
 * first connection is handed out; closing stops the helper thread and frees the adoption
 * cache before db.c closes the connections. The one file above db.c, migrate.c, helper.c and
 * adoption_figures.c that ties their lifetimes together, so none of them calls another's. */
#include "store/sqlite/db.h"
#include "store/sqlite/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* A new database file is created readable by its owner only: it holds password hashes,
 * sessions and everyone's customers. SQLite gives the -wal and -shm files the database file's
 * mode, so they follow. An existing file keeps the mode its operator gave it. */
static int create_private(const char *path, struct err *err)
{
    int fd;

    if (path[0] == ':' || strncmp(path, "file:", 5) == 0)
        return 0; /* in memory, or a URI with its own options */
    fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0)
        return close(fd) == 0
                   ? 0
                   : err_set(err, UPT_EDB, "cannot create '%s': %s", path, strerror(errno));
    if (errno == EEXIST)
        return 0;
    return err_set(err, UPT_EDB, "cannot create database '%s': %s", path, strerror(errno));
}

int store_open(const char *path, struct store **out, struct err *err)
{
    sqlite3 *db = NULL;
    int rc = 0, version = 0;

    *out = NULL;
    rc = create_private(path, err);
    if (rc < 0)
        return rc;
    rc = db_open(path, &db, err);
    if (rc < 0)
        return rc;
    rc = migrate_apply(db, &version, err);
    sqlite3_close(db);
    if (rc < 0)
        return rc;
    *out = db_store_new(path, version);
    return 0;
}

void store_close(struct store *st)
{
    pthread_mutex_t *lock = NULL;

    if (!st)
        return;
    helper_stop(*store_helper_slot(st, &lock)); /* its connection is among db_store_free's */
    adoption_cache_free(*store_adoption_cache(st, &lock));
    db_store_free(st);
}
