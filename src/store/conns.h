/* SPDX-License-Identifier: MIT */
/* One database connection per thread, for either engine: a registry that opens this thread's
 * connection at its first use (through the engine's open callback), keeps every open one so
 * conns_free can close them all, and closes a thread's own when the thread ends. What a
 * connection is stays the engine's: the registry holds it as a void pointer. */
#ifndef UPTAKE_STORE_CONNS_H
#define UPTAKE_STORE_CONNS_H

#include "core/err.h"

struct conns;

/* open makes a new connection (NULL with err set when it cannot); close closes one. Both get
 * arg, the engine's database. */
struct conns *conns_new(void *(*open)(void *arg, struct err *err), void (*close)(void *conn),
                        void *arg);
/* Closes every connection still open, whichever thread opened it; no thread may use one then. */
void conns_free(struct conns *r);
/* This thread's connection, opened at its first use; NULL with err set when it cannot be. */
void *conns_get(struct conns *r, struct err *err);
/* Closes this thread's connection, if it has one (at the thread's end). */
void conns_thread_done(struct conns *r);

#endif
