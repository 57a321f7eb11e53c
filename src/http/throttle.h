/* SPDX-License-Identifier: MIT */
/* Counts failed sign-ins per account and per client address over the last minute, exactly: a
 * key's failures are never forgotten while they are within the minute. */
#ifndef UPTAKE_HTTP_THROTTLE_H
#define UPTAKE_HTTP_THROTTLE_H

#include <stddef.h>
#include <stdint.h>

struct throttle;

/* THROTTLE_KEYS keys with failures in the last minute are held at most (12.5 MB of heap with
 * the default limit of 10 and 50-byte keys). */
#define THROTTLE_KEYS 65536

/* limit: failures within a minute after which a key is refused (1 to 1000; values outside are
 * clamped). Caller frees with throttle_free(). */
struct throttle *throttle_new(int limit);
/* The same with room for max_keys live keys (tests use small tables). */
struct throttle *throttle_new_sized(int limit, size_t max_keys);
void throttle_free(struct throttle *t);
/* 1 when key has reached the limit of failures in the minute before now. When the table is full
 * of keys that failed within the minute, a key it does not hold is refused too (1): live counts
 * are never evicted to make room, so an attacker cannot reset a count by flooding. */
int throttle_blocked(struct throttle *t, const char *key, int64_t now);
/* Records a failure of key at now; a key that finds the table full is not recorded (and is
 * refused by throttle_blocked() until room is made by older failures expiring). */
void throttle_fail(struct throttle *t, const char *key, int64_t now);
/* Forgets key's failures (after a successful sign-in to that account). */
void throttle_clear(struct throttle *t, const char *key);
/* Keys held now (for tests and figures). */
size_t throttle_keys(struct throttle *t);

#endif
