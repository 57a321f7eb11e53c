/* SPDX-License-Identifier: MIT */
/* The words of what a user typed into search, as both engines' search queries take them:
 * runs of ASCII letters and digits and of any non-ASCII bytes (so accented and non-Latin words
 * stay whole), everything else separating them; at most WORDS_MAX are used. */
#ifndef UPTAKE_CORE_WORDS_H
#define UPTAKE_CORE_WORDS_H

#include <stddef.h>

#define WORDS_MAX 12

/* The start of the first word at or after p, its length in *len; NULL when none is left. */
const char *words_next(const char *p, size_t *len);

#endif
