/* SPDX-License-Identifier: MIT */
/* uptake's entry point: global options, then one command from the table. */
#include "cli/cli.h"

#include "core/log.h"
#include "http/auth.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct command {
    const char *name;
    int (*run)(int argc, char **argv, struct app *app);
    const char *summary;
};

static const struct command commands[] = {
    {"serve", cmd_serve, "serve the web app and the API"},
    {"init", cmd_init, "create the database, optionally with a demo organization"},
    {"user", cmd_user, "add, list and deactivate users"},
    {"config", cmd_config, "show the settings in force"},
    {"report", cmd_report, "adoption report: scores per user for a period"},
    {"events", cmd_events, "import usage history (NDJSON) with its adoption rollups"},
    {"migrate", cmd_migrate, "copy a whole database into a new one (SQLite to PostgreSQL)"},
    {NULL, NULL, NULL},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: uptake [--db PATH] [--config FILE] <command> [options]\n\n"
                 "uptake is a self-hosted CRM that measures and rewards its own adoption.\n\n"
                 "commands:\n");
    for (const struct command *c = commands; c->name; c++)
        fprintf(out, "  %-8s %s\n", c->name, c->summary);
    fprintf(out, "\nRun 'uptake <command> --help' for a command's options.\n"
                 "Settings: flags > UPTAKE_* environment > uptake.ini > defaults.\n");
}

int main(int argc, char **argv)
{
    struct app app = {0};
    struct err err = ERR_INIT;
    const char *config_path = "uptake.ini";
    int required = 0, i = 1, rc;

    if (auth_init() < 0) {
        cli_error("cannot initialise libsodium");
        return CLI_EXIT_FAIL;
    }
    /* Global options come before the command. */
    const char *db = NULL;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return CLI_EXIT_OK;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("uptake %s\n", UPTAKE_VERSION);
            return CLI_EXIT_OK;
        } else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            db = argv[++i];
        } else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
            config_path = argv[++i];
            required = 1;
        } else {
            cli_error("unknown option '%s'; see 'uptake --help'", argv[i]);
            return CLI_EXIT_USAGE;
        }
    }
    if (i == argc) {
        cli_error("missing command; see 'uptake --help'");
        return CLI_EXIT_USAGE;
    }
    if (strcmp(argv[i], "help") == 0) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(argv[i], "version") == 0) {
        printf("uptake %s\n", UPTAKE_VERSION);
        return CLI_EXIT_OK;
    }
    if (config_load(&app.cfg, config_path, required, &err) < 0 ||
        (db && config_set(&app.cfg, "db", db, "--db", &err) < 0)) {
        cli_error("%s", err.message);
        return CLI_EXIT_USAGE;
    }
    app.config_path = config_path;
    log_level = log_level_parse(app.cfg.log_level);
    for (const struct command *c = commands; c->name; c++) {
        if (strcmp(c->name, argv[i]) == 0) {
            rc = c->run(argc - i, argv + i, &app);
            store_close(app.store);
            return rc;
        }
    }
    cli_error("unknown command '%s'; see 'uptake --help'", argv[i]);
    return CLI_EXIT_USAGE;
}
