/* SPDX-License-Identifier: MIT */
/* uptake init [--demo] [--seed N]: create the database; with --demo, fill it with the demo
 * organization. */
#include "cli/cli.h"

#include "core/clock.h"
#include "demo/demo.h"
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int cmd_init(int argc, char **argv, struct app *app)
{
    struct cli_opt opts[] = {
        {"demo", NULL, "fill the database with the demo organization", NULL},
        {"seed", "N", "demo random seed (default 1): the same seed gives the same data", NULL},
        {"contacts", "N", "demo contacts (default 5000)", NULL},
        {"days", "N", "demo days of history (default 180)", NULL},
        {NULL, NULL, NULL, NULL},
    };
    struct demo_options demo = {1, 0, 5000, 1500, 180, NULL};
    struct err err = ERR_INIT;
    int first = 0;
    int rc = cli_parse(argc, argv, "uptake init [--demo] [--seed N]",
                       "Creates the database (applying migrations); with --demo, adds the demo\n"
                       "organization: 3 teams, about 25 users, 5,000 contacts, 6 months of use.",
                       opts, app, &first);

    if (rc != 0)
        return rc > 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
    if (first != argc) {
        cli_error("init takes no arguments; see 'uptake init --help'");
        return CLI_EXIT_USAGE;
    }
    const char *numbers[] = {opts[1].value, opts[2].value, opts[3].value};
    long long values[3] = {1, 5000, 180};
    for (int i = 0; i < 3; i++) {
        if (!numbers[i])
            continue;
        char *end = NULL;
        errno = 0;
        values[i] = strtoll(numbers[i], &end, 10);
        if (errno || end == numbers[i] || *end || values[i] < 0 ||
            (i > 0 && (values[i] < 1 || values[i] > 1000000))) {
            cli_error("'--%s' must be a whole number", opts[i + 1].name);
            return CLI_EXIT_USAGE;
        }
    }
    if ((opts[1].value || opts[2].value || opts[3].value) && !opts[0].value) {
        cli_error("--seed, --contacts and --days go with --demo");
        return CLI_EXIT_USAGE;
    }
    if (cli_open_store(app) < 0)
        return CLI_EXIT_FAIL;
    if (opts[0].value) {
        demo.seed = (uint64_t)values[0];
        demo.contacts = (int)values[1];
        demo.organizations = demo.contacts * 3 / 10;
        demo.days = (int)values[2];
        demo.now = clock_now_ms();
        demo.progress = isatty(STDERR_FILENO) ? stderr : NULL;
        if (demo_generate(app->store, &demo, &err) < 0) {
            cli_error("%s", err.message);
            return CLI_EXIT_FAIL;
        }
        printf("created %s with the demo organization (seed %llu)\n", app->cfg.db,
               (unsigned long long)demo.seed);
        printf("sign in as admin@demo.uptake.test, manager.north@demo.uptake.test or any demo user"
               " with password '%s'\n",
               DEMO_PASSWORD);
    } else {
        printf("created %s (schema version %d)\n", app->cfg.db, store_schema_version(app->store));
        printf("add the first admin: uptake user add --email E --name N --role admin\n");
    }
    return CLI_EXIT_OK;
}
