/* SPDX-License-Identifier: MIT */
/* uptake config show: the settings in force after defaults, uptake.ini, environment, flags. */
#include "cli/cli.h"

#include "store/store.h"

#include <stdio.h>
#include <string.h>

int cmd_config(int argc, char **argv, struct app *app)
{
    struct cli_opt opts[] = {{NULL, NULL, NULL, NULL}};
    int first = 0;
    int rc = cli_parse(argc, argv, "uptake config show",
                       "Prints every setting in force, in uptake.ini form.", opts, app, &first);

    if (rc != 0)
        return rc > 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
    if (first >= argc || strcmp(argv[first], "show") != 0 || first + 1 != argc) {
        cli_error("usage: uptake config show");
        return CLI_EXIT_USAGE;
    }
    /* A password in the database URL is not shown (as serve and migrate print it). */
    struct config shown = app->cfg;
    store_target_shown(app->cfg.db, shown.db, sizeof shown.db);
    config_print(&shown, stdout);
    return CLI_EXIT_OK;
}
