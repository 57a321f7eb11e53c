/* SPDX-License-Identifier: MIT */
/* The clients' form of what the store returns in storage form: unix ms times become ISO 8601
 * strings here, in the API and the CLI, never in the store. */
#ifndef UPTAKE_API_RENDER_H
#define UPTAKE_API_RENDER_H

#include "core/records.h"

#include <jansson.h>

/* Renders each of keys (NULL-terminated) that holds an integer, on an object or on each object
 * of an array; other values stay. Borrowed. */
void api_render_times(json_t *v, const char *const keys[]);
/* records_render() on a record, or on each record of an array. Borrowed. */
void api_render_records(const struct record_kind *k, json_t *v);
/* A user (as from store_user_get) or an array of them. */
void api_render_users(json_t *v);

#endif
