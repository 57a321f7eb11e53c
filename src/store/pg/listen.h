/* SPDX-License-Identifier: MIT */
/* The thread that hears other instances change what a sign-in is read from: LISTEN
 * uptake_auth on a connection of its own, bumping a counter on each notification and whenever
 * its connection drops (what it missed meanwhile is unknown). */
#ifndef UPTAKE_STORE_PG_LISTEN_H
#define UPTAKE_STORE_PG_LISTEN_H

#include <stdatomic.h>
#include <stdint.h>

struct pg_listener;

/* Starts listening on a new connection to target; NULL if the thread cannot start. A
 * connection that fails is retried in the background. */
struct pg_listener *pg_listener_start(const char *target, _Atomic uint64_t *generation);
/* Stops the thread (within about half a second), joins it and frees l (NULL is fine). */
void pg_listener_stop(struct pg_listener *l);

#endif
