/* SPDX-License-Identifier: MIT */
/* Counts failed sign-ins per account and per client address over the last minute. */
#ifndef UPTAKE_HTTP_THROTTLE_H
#define UPTAKE_HTTP_THROTTLE_H

#include <stdint.h>

struct throttle;

/* limit: failures within a minute after which a key is refused; limits above 32 (the failure
 * times kept per key) act as 32. Caller frees with throttle_free(). */
struct throttle *throttle_new(int limit);
void throttle_free(struct throttle *t);
/* 1 when key has reached the limit of failures in the minute before now. */
int throttle_blocked(struct throttle *t, const char *key, int64_t now);
void throttle_fail(struct throttle *t, const char *key, int64_t now);
/* Forgets key's failures (after a successful sign-in to that account). */
void throttle_clear(struct throttle *t, const char *key);

#endif
