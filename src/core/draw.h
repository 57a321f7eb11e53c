/* SPDX-License-Identifier: MIT */
/* A reproducible draw (docs/POINTS.md, "Surprise rewards"): a 32-byte seed, written as 64 hex
 * digits, and the eligible user ids in ascending order decide the winner; anyone with both can
 * run it again and get the same one. The pick is uniform: a 64-bit number from libsodium's
 * randombytes_buf_deterministic stream, redrawn when it falls in the last partial block (no
 * modulo bias). */
#ifndef UPTAKE_CORE_DRAW_H
#define UPTAKE_CORE_DRAW_H

#include <stddef.h>
#include <stdint.h>

#define DRAW_SEED_BYTES 32
#define DRAW_SEED_HEX   (2 * DRAW_SEED_BYTES + 1) /* with its NUL */

/* Writes a fresh random seed as 64 lower-case hex digits and a NUL into hex. */
void draw_seed_new(char hex[DRAW_SEED_HEX]);

/* Picks the winner among ids (n > 0, strictly ascending, borrowed) for seed_hex (64 hex
 * digits). Sets *index and *winner. Returns 0, or -1 when the seed is not 64 hex digits, n is 0
 * or the ids are not strictly ascending. */
int draw_pick(const char *seed_hex, const int64_t *ids, size_t n, size_t *index, int64_t *winner);

#endif
