/* SPDX-License-Identifier: MIT */
/* The store's slots (kept by store/sql.c) where the helper thread and the adoption cache keep their
 * state between calls; no sqlite3 type appears here, so the domain files may use them. */
#ifndef UPTAKE_STORE_SLOTS_H
#define UPTAKE_STORE_SLOTS_H

#include <pthread.h>

struct store;
/* The store's slots for what helper.c and adoption_figures.c keep between calls, both under
 * *lock; store_close frees their contents before store_free. */
struct helper;
struct adoption_cache;
struct helper **store_helper_slot(struct store *st, pthread_mutex_t **lock);
struct adoption_cache **store_adoption_cache(struct store *st, pthread_mutex_t **lock);

#endif
