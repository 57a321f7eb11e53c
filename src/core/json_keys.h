/* SPDX-License-Identifier: MIT */
/* The one check of a JSON body's members against the names it accepts and their JSON types,
 * used by the API's bodies and the store's options alike, so every "unknown field" answer
 * reads the same and names its field. */
#ifndef UPTAKE_CORE_JSON_KEYS_H
#define UPTAKE_CORE_JSON_KEYS_H

#include "core/err.h"

#include <jansson.h>

/* UPT_EMALFORMED unless body is an object whose every member is named in allowed (ending with
 * NULL) with the JSON type types[i] gives it: 's' string, 'i' integer or null, 'b' boolean,
 * '?' any (the caller checks it; also past the end of types). The error names the field. */
int json_check_keys(const json_t *body, const char *const *allowed, const char *types,
                    struct err *err);

#endif
