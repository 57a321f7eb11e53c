/* SPDX-License-Identifier: MIT */
/* The thread that hears other instances change what a sign-in is read from: LISTEN
 * uptake_auth on a connection of its own, bumping a counter on each notification and whenever
 * its connection drops (what it missed meanwhile is unknown); and LISTEN uptake_live, whose
 * notifications (live items of committed changes, from any instance) go to a sink. */
#ifndef UPTAKE_STORE_PG_LISTEN_H
#define UPTAKE_STORE_PG_LISTEN_H

#include "store/store.h"

#include <stdatomic.h>
#include <stdint.h>

struct pg_listener;

/* Starts listening on a new connection to target; NULL if the thread cannot start. A
 * connection that fails is retried in the background. */
struct pg_listener *pg_listener_start(const char *target, _Atomic uint64_t *generation);
/* Hands every notification on uptake_live ("type\ndata", store/sql.c) to sink from now on
 * (NULL: none); a call in progress finishes before this returns. */
void pg_listener_set_live(struct pg_listener *l, store_live_sink *sink, void *ctx);
/* Stops the thread (within about half a second), joins it and frees l (NULL is fine). */
void pg_listener_stop(struct pg_listener *l);

#endif
