/* SPDX-License-Identifier: MIT */
/* The reproducible draw: a seeded ChaCha20 stream (libsodium) and rejection sampling. */
#include "core/draw.h"

#include <sodium.h>
#include <string.h>

void draw_seed_new(char hex[DRAW_SEED_HEX])
{
    unsigned char seed[DRAW_SEED_BYTES];

    randombytes_buf(seed, sizeof seed);
    sodium_bin2hex(hex, DRAW_SEED_HEX, seed, sizeof seed);
    sodium_memzero(seed, sizeof seed);
}

static int parse_seed(const char *hex, unsigned char seed[DRAW_SEED_BYTES])
{
    size_t len = 0;

    if (!hex || strlen(hex) != 2 * DRAW_SEED_BYTES)
        return -1;
    if (sodium_hex2bin(seed, DRAW_SEED_BYTES, hex, 2 * DRAW_SEED_BYTES, NULL, &len, NULL) != 0 ||
        len != DRAW_SEED_BYTES)
        return -1;
    return 0;
}

/* The numbers drawn before giving up: each is refused with a chance below one half, so all 64
 * refused is less likely than 2^-64. */
#define DRAW_TRIES 64

int draw_pick(const char *seed_hex, const int64_t *ids, size_t n, size_t *index, int64_t *winner)
{
    unsigned char seed[DRAW_SEED_BYTES];
    unsigned char stream[DRAW_TRIES * 8];
    uint64_t bound, limit;

    if (n == 0 || parse_seed(seed_hex, seed) < 0)
        return -1;
    for (size_t i = 1; i < n; i++)
        if (ids[i] <= ids[i - 1])
            return -1;
    randombytes_buf_deterministic(stream, sizeof stream, seed);
    bound = (uint64_t)n;
    /* Numbers at or above limit fall in the last, partial block of bound values. */
    limit = UINT64_MAX - (UINT64_MAX % bound + 1) % bound;
    for (int t = 0; t < DRAW_TRIES; t++) {
        uint64_t x = 0;
        for (int b = 0; b < 8; b++) /* little-endian, the same on every machine */
            x |= (uint64_t)stream[t * 8 + b] << (8 * b);
        if (x > limit)
            continue;
        *index = (size_t)(x % bound);
        *winner = ids[*index];
        return 0;
    }
    return -1;
}
