/* SPDX-License-Identifier: MIT */
/* uptake migrate --from SOURCE --to TARGET: copies a whole database into a new one, for a
 * team moving from SQLite to PostgreSQL as it grows (or back). Each side is a --db target: a
 * path, sqlite:PATH or a postgres:// URL. The target is created and migrated if need be and
 * must hold no users yet; every table is copied with its ids, then counted on both sides. */
#include "cli/cli.h"

#include "store/store.h"

#include <stdio.h>
#include <string.h>

static void report_table(const char *table, int64_t rows, void *arg)
{
    (void)arg;
    printf("%-20s %10lld rows, counted in both\n", table, (long long)rows);
}

static int open_side(const char *what, const char *target, struct store **out)
{
    struct err err = ERR_INIT;

    if (store_open(target, out, &err) < 0) {
        cli_error("%s: %s", what, err.message);
        return -1;
    }
    return 0;
}

int cmd_migrate(int argc, char **argv, struct app *app)
{
    struct cli_opt opts[] = {
        {"from", "DB", "the database to copy: a path, sqlite:PATH or postgres://…", NULL},
        {"to", "DB", "the new database to copy into (created if need be, with no users yet)", NULL},
        {NULL, NULL, NULL, NULL},
    };
    struct store *from = NULL, *to = NULL;
    struct err err = ERR_INIT;
    int first = 0, rc;

    rc = cli_parse(argc, argv, "uptake migrate --from DB --to DB",
                   "Copies a whole database (records, history, audit, events, adoption rollups,\n"
                   "users and tokens) into a new one of either engine and verifies the counts,\n"
                   "e.g. --from sqlite:data/uptake.db --to postgresql://host/uptake.",
                   opts, app, &first);
    if (rc != 0)
        return rc > 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
    if (first != argc) {
        cli_error("migrate takes no arguments; see 'uptake migrate --help'");
        return CLI_EXIT_USAGE;
    }
    if (!opts[0].value || !*opts[0].value || !opts[1].value || !*opts[1].value) {
        cli_error("give both --from and --to; see 'uptake migrate --help'");
        return CLI_EXIT_USAGE;
    }
    if (strcmp(opts[0].value, opts[1].value) == 0) {
        cli_error("--from and --to name the same database");
        return CLI_EXIT_USAGE;
    }
    /* A source that is not there is an error, not a new empty database to copy. */
    const char *path = store_file_path(opts[0].value);
    FILE *probe = path ? fopen(path, "rb") : NULL;
    if (path && !probe) {
        cli_error("--from: no database at '%s'", path);
        return CLI_EXIT_FAIL;
    }
    if (probe)
        fclose(probe);
    if (open_side("--from", opts[0].value, &from) < 0)
        return CLI_EXIT_FAIL;
    if (open_side("--to", opts[1].value, &to) < 0) {
        store_close(from);
        return CLI_EXIT_FAIL;
    }
    rc = store_copy(from, to, report_table, NULL, &err);
    if (rc < 0)
        cli_error("%s; the target was left as it was before", err.message);
    else {
        char shown_from[512], shown_to[512];
        store_target_shown(opts[0].value, shown_from, sizeof shown_from);
        store_target_shown(opts[1].value, shown_to, sizeof shown_to);
        printf("copied %s (%s) into %s (%s)\n", shown_from, store_engine_name(from), shown_to,
               store_engine_name(to));
    }
    store_close(to);
    store_close(from);
    return rc < 0 ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}
