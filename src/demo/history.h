/* SPDX-License-Identifier: MIT */
/* The demo's day-by-day history (history.c), run by demo_generate once the set-up is written. */
#ifndef UPTAKE_DEMO_HISTORY_H
#define UPTAKE_DEMO_HISTORY_H

#include "demo/internal.h"

/* Runs the daily simulation over every day of the history. */
int demo_history_run(struct gen *g);

#endif
