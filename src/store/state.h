/* SPDX-License-Identifier: MIT */
/* Making and freeing the store's shared state (sql.c) around an engine's open database; only
 * store/open.c, which chooses the engine, calls these. */
#ifndef UPTAKE_STORE_STATE_H
#define UPTAKE_STORE_STATE_H

#include "store/engine.h"

struct store *store_new(const struct engine *engine, struct engine_db *db, int version);
/* Closes the engine's database (every connection) and frees st. */
void store_free(struct store *st);

#endif
