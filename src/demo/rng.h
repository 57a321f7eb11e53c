/* SPDX-License-Identifier: MIT */
/* The demo's own pseudo-random numbers (xoshiro256**, seeded through splitmix64), so the same
 * seed gives the same organization on every machine; rand() and the clock are never used. */
#ifndef UPTAKE_DEMO_RNG_H
#define UPTAKE_DEMO_RNG_H

#include <stddef.h>
#include <stdint.h>

struct rng {
    uint64_t s[4];
};

/* Seeds r from seed; stream separates independent sequences drawn from one seed. */
void rng_seed(struct rng *r, uint64_t seed, uint64_t stream);
uint64_t rng_next(struct rng *r);
/* A uniform integer in [0, n); 0 when n is 0. */
uint64_t rng_below(struct rng *r, uint64_t n);
/* A uniform integer in [lo, hi]. */
int64_t rng_range(struct rng *r, int64_t lo, int64_t hi);
/* 1 with probability pct percent. */
int rng_pct(struct rng *r, int pct);
/* One of the n strings of list (borrowed). */
const char *rng_pick(struct rng *r, const char *const *list, size_t n);

#define RNG_PICK(r, list) rng_pick((r), (list), sizeof(list) / sizeof((list)[0]))

#endif
