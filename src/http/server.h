/* SPDX-License-Identifier: MIT */
/* The HTTP server: the only place that includes microhttpd.h. */
#ifndef UPTAKE_HTTP_SERVER_H
#define UPTAKE_HTTP_SERVER_H

#include "core/app.h"
#include "core/err.h"

struct server;

/* Starts serving app on listen ("HOST:PORT"; port 0 picks a free one). Caller frees with
 * server_stop(). */
int server_start(struct app *app, const char *listen, struct server **out, struct err *err);
/* The port actually bound. */
int server_port(const struct server *s);
void server_stop(struct server *s);

#endif
