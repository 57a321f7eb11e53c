/* SPDX-License-Identifier: MIT */
/* Read events are queued in memory and written in batches by one thread, at most about a
 * second late, so reads never become writes; the queue is flushed at shutdown. */
#ifndef UPTAKE_HTTP_USAGE_H
#define UPTAKE_HTTP_USAGE_H

#include "store/store.h"

struct usage;

/* Starts the writer thread. Caller frees with usage_free(), which flushes. */
struct usage *usage_new(struct store *st);
void usage_free(struct usage *u);
/* Queues one event of a registered kind; never blocks on the database. entity and detail (JSON
 * text, copied) may be NULL. */
void usage_enqueue(struct usage *u, int64_t at, int64_t user_id, enum event_kind kind,
                   const char *entity, int64_t entity_id, const char *detail);
/* Writes everything queued so far (tests and shutdown). */
void usage_flush(struct usage *u);
/* Events dropped because the queue was full (the database could not keep up). */
unsigned long usage_dropped(struct usage *u);

#endif
