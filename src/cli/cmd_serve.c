/* SPDX-License-Identifier: MIT */
/* uptake serve: the web app and API until SIGINT or SIGTERM, then a clean stop that writes the
 * queued read events. */
#include "cli/cli.h"

#include "core/log.h"
#include "http/server.h"
#include "http/usage.h"
#include "store/store.h"

#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

int cmd_serve(int argc, char **argv, struct app *app)
{
    struct cli_opt opts[] = {
        {"listen", "HOST:PORT", "address to serve on (default 127.0.0.1:8080; port 0 picks one)",
         NULL},
        {"web-dir", "DIR", "serve the web UI from DIR instead of the binary (development)", NULL},
        {"visibility", "own|team|all", "what reps may read of others' records (default team)",
         NULL},
        {"threads", "N", "HTTP worker threads (default: one per core)", NULL},
        {NULL, NULL, NULL, NULL},
    };
    struct err err = ERR_INIT;
    struct server *srv = NULL;

    /* A scorecard builds and frees a few megabytes per request; glibc would hand them back to
     * the kernel each time and fault them in again on the next. Keep them up to a bound. */
    mallopt(M_MMAP_THRESHOLD, 8 << 20);
    mallopt(M_TRIM_THRESHOLD, 32 << 20);
    sigset_t sigs;
    int first = 0, sig = 0;
    int rc = cli_parse(argc, argv, "uptake serve [--listen HOST:PORT]",
                       "Serves the uptake web app and its API at /api/v1.", opts, app, &first);

    if (rc != 0)
        return rc > 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
    if (first != argc) {
        cli_error("serve takes no arguments; see 'uptake serve --help'");
        return CLI_EXIT_USAGE;
    }
    static const char *const keys[] = {"listen", "web-dir", "visibility", "threads"};
    for (int i = 0; i < 4; i++) {
        if (opts[i].value && config_set(&app->cfg, keys[i], opts[i].value, "flag", &err) < 0) {
            cli_error("%s", err.message);
            return CLI_EXIT_USAGE;
        }
    }
    if (cli_open_store(app) < 0)
        return CLI_EXIT_FAIL;
    /* Block the stop signals before threads start, so only sigwait sees them. */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (store_background_checkpoints(app->store, (int64_t)app->cfg.wal_limit_mib * 1024 * 1024,
                                     &err) < 0) {
        cli_error("%s", err.message);
        return CLI_EXIT_FAIL;
    }
    app->usage = usage_new(app->store);
    if (server_start(app, app->cfg.listen, &srv, &err) < 0) {
        cli_error("%s", err.message);
        usage_free(app->usage);
        return CLI_EXIT_FAIL;
    }
    char host[128];
    snprintf(host, sizeof host, "%s", app->cfg.listen);
    host[strcspn(host, ":")] = '\0';
    char db[512];
    store_target_shown(app->cfg.db, db, sizeof db);
    printf("uptake %s listening on http://%s:%d (database %s)\n", UPTAKE_VERSION,
           host[0] ? host : "0.0.0.0", server_port(srv), db);
    fflush(stdout);
    log_info("msg=\"serving\" port=%d db=\"%s\"", server_port(srv), db);
    sigwait(&sigs, &sig);
    log_info("msg=\"stopping\" signal=%d", sig);
    server_stop(srv);
    usage_free(app->usage);
    app->usage = NULL;
    return CLI_EXIT_OK;
}
