/* SPDX-License-Identifier: MIT */
/* The demo organization: teams, users with known habits (archetypes), contacts and
 * organizations with planted duplicates, and about six months of history, all written through
 * the same store functions the API uses so events and rollups are real. */
#ifndef UPTAKE_DEMO_DEMO_H
#define UPTAKE_DEMO_DEMO_H

#include "core/err.h"
#include "store/store.h"

#include <stdint.h>
#include <stdio.h>

struct demo_options {
    uint64_t seed;     /* same seed, same organization */
    int64_t now;       /* history ends here (unix ms) */
    int contacts;      /* about 5000 */
    int organizations; /* about 1500 */
    int days;          /* about 180 */
    FILE *progress;    /* NULL for silence */
};

/* The password every demo user signs in with. */
#define DEMO_PASSWORD "demo-password"

/* Fills the empty store st with the demo organization. UPT_ECONFLICT when it has users. */
int demo_generate(struct store *st, const struct demo_options *opts, struct err *err);

#endif
