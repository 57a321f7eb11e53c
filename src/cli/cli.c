/* SPDX-License-Identifier: MIT */
/* Option parsing and help text generated from each command's option table. */
#include "cli/cli.h"

#include "core/xalloc.h"
#include "store/store.h"

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void cli_error(const char *fmt, ...)
{
    va_list ap;

    fputs("uptake: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void print_help(const char *usage, const char *about, const struct cli_opt *opts)
{
    printf("usage: %s\n\n%s\n\noptions:\n", usage, about);
    for (const struct cli_opt *o = opts; o->name; o++) {
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", o->name, o->metavar ? " " : "",
                 o->metavar ? o->metavar : "");
        printf("  %-26s %s\n", left, o->help);
    }
    printf("  %-26s %s\n", "--db PATH", "database file (default data/uptake.db, env UPTAKE_DB)");
    printf("  %-26s %s\n", "--config FILE", "settings file (default uptake.ini if present)");
    printf("  %-26s %s\n", "--help", "show this help");
}

/* The command's words at the start of its usage line ("uptake events import" of
 * "uptake events import [--file F]"), so errors name the help that belongs to it. */
static int command_len(const char *usage)
{
    int len = 0;
    for (int i = 0; usage[i]; i++) {
        if (usage[i] == ' ' && !(usage[i + 1] >= 'a' && usage[i + 1] <= 'z'))
            break;
        len = i + 1;
    }
    return len;
}

int cli_parse(int argc, char **argv, const char *usage, const char *about, struct cli_opt *opts,
              struct app *app, int *first)
{
    int n = 0;
    struct option *longopts;
    struct err err = ERR_INIT;
    int c, idx;

    while (opts[n].name)
        n++;
    longopts = xcalloc((size_t)n + 4, sizeof *longopts);
    for (int i = 0; i < n; i++) {
        longopts[i].name = opts[i].name;
        longopts[i].has_arg = opts[i].metavar ? required_argument : no_argument;
        longopts[i].val = 1000 + i;
    }
    longopts[n] = (struct option){"db", required_argument, NULL, 'd'};
    longopts[n + 1] = (struct option){"config", required_argument, NULL, 'c'};
    longopts[n + 2] = (struct option){"help", no_argument, NULL, 'h'};
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+", longopts, &idx)) != -1) {
        if (c == 'h') {
            print_help(usage, about, opts);
            free(longopts);
            return 1;
        } else if (c == 'd') {
            if (config_set(&app->cfg, "db", optarg, "--db", &err) < 0)
                goto bad;
        } else if (c == 'c') {
            struct config fresh;
            if (config_load(&fresh, optarg, 1, &err) < 0)
                goto bad;
            app->cfg = fresh;
        } else if (c >= 1000 && c < 1000 + n) {
            opts[c - 1000].value = optarg ? optarg : "";
        } else {
            if (optopt >= 1000 && optopt < 1000 + n)
                cli_error("option '--%s' needs a value; see '%.*s --help'",
                          opts[optopt - 1000].name, command_len(usage), usage);
            else
                cli_error("unknown option '%s'; see '%.*s --help'", argv[optind - 1],
                          command_len(usage), usage);
            free(longopts);
            return -1;
        }
    }
    free(longopts);
    *first = optind;
    return 0;
bad:
    free(longopts);
    cli_error("%s", err.message);
    return -1;
}

static void make_parent_dir(const char *path)
{
    char *copy = xstrdup(path);
    char *dir = dirname(copy);

    if (strcmp(dir, ".") != 0 && strcmp(dir, "/") != 0) {
        char *p = dir;
        while ((p = strchr(p + 1, '/'))) {
            *p = '\0';
            mkdir(dir, 0755);
            *p = '/';
        }
        mkdir(dir, 0755);
    }
    free(copy);
}

int cli_open_store(struct app *app)
{
    struct err err = ERR_INIT;

    if (store_file_path(app->cfg.db))
        make_parent_dir(store_file_path(app->cfg.db));
    if (store_open(app->cfg.db, &app->store, &err) < 0) {
        cli_error("%s", err.message);
        return -1;
    }
    return 0;
}
