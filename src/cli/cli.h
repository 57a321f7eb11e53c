/* SPDX-License-Identifier: MIT */
/* Shared by subcommands: one option table per command drives getopt_long and --help. */
#ifndef UPTAKE_CLI_CLI_H
#define UPTAKE_CLI_CLI_H

#include "core/app.h"

#define CLI_EXIT_OK    0
#define CLI_EXIT_FAIL  1
#define CLI_EXIT_USAGE 2

struct cli_opt {
    const char *name;    /* long option, kebab-case */
    const char *metavar; /* NULL for a flag without a value */
    const char *help;
    const char *value; /* filled by cli_parse: the value, or "" for a set flag, or NULL */
};

/* Parses argv against opts (ending with {NULL}); --help prints usage and returns 1 (caller
 * exits 0); a usage error prints one line and returns -1 (caller exits 2). Non-option
 * arguments are left in argv[*first..argc). --db and --config are always accepted and applied
 * to app->cfg. */
int cli_parse(int argc, char **argv, const char *usage, const char *about, struct cli_opt *opts,
              struct app *app, int *first);

/* Prints "uptake: message" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Opens app->cfg.db into app->store, creating its folder if needed. Prints errors. */
int cli_open_store(struct app *app);

int cmd_serve(int argc, char **argv, struct app *app);
int cmd_init(int argc, char **argv, struct app *app);
int cmd_user(int argc, char **argv, struct app *app);
int cmd_config(int argc, char **argv, struct app *app);
int cmd_report(int argc, char **argv, struct app *app);
int cmd_events(int argc, char **argv, struct app *app);
int cmd_migrate(int argc, char **argv, struct app *app);

#endif
