/* SPDX-License-Identifier: MIT */
/* One line of an event import (uptake events import): the JSON object GET /api/v1/events lists,
 * checked field by field so a bad line is named with what is wrong with it. */
#ifndef UPTAKE_IO_EVENT_LINE_H
#define UPTAKE_IO_EVENT_LINE_H

#include "core/err.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define EVENT_LINE_MAX   65536 /* bytes per line, newline excluded */
#define EVENT_DETAIL_MAX 16384 /* bytes of detail once written compactly */

/* Parses one line into row: at (ISO 8601 or unix ms, not in the future: not after now plus a
 * minute), user_id (a positive integer or null), kind ([a-z0-9._], 1-47 bytes), optional entity
 * ([a-z0-9_], up to 23 bytes) and entity_id (positive), optional detail (an object; row->detail is
 * then malloc'd JSON text the caller frees) and an ignored id. Any kind is taken; a registered
 * one (core/event_kinds.h) with an entity of its own must name that entity or none.
 * activity.logged events count as meaningful when detail.meaningful is true. Returns 0, or a
 * negative error code with err saying what is wrong. */
int event_line_parse(const char *line, size_t len, int64_t now, struct event_row *row,
                     struct err *err);

#endif
