/* SPDX-License-Identifier: MIT */
/* The words of an adoption score (docs/ADOPTION.md): what a part measured, in a sentence ("3
 * deals with a past close date, …"), what to do about it, and which parts are worth telling.
 * No I/O. */
#ifndef UPTAKE_CORE_ADOPTION_TEXT_H
#define UPTAKE_CORE_ADOPTION_TEXT_H

#include "core/adoption.h"

#include <stddef.h>

/* Parts costing fewer points than this are not worth a reason or advice. */
#define ADOPTION_TELL_POINTS 1.0

/* one when n is 1, else many ("1 task", "0 tasks", "2 tasks"). */
const char *adoption_plural(int n, const char *one, const char *many);

/* What part p measured in figures f, in a sentence, into out (truncated to size). stale_days is
 * the freshness period the figures were taken with. */
void adoption_part_text(const struct adoption_figures *f, const struct adoption_part *p,
                        int stale_days, char *out, size_t size);

/* What to do about a part, for "raise your score" (a static string). */
const char *adoption_part_advice(enum adoption_part_id id);

/* The parts worth telling, best fix first: measured and costing at least ADOPTION_TELL_POINTS,
 * by points lost (adoption_rank_parts). Fills up to max of them into out; returns how many. */
int adoption_told_parts(const struct adoption_result *r, const struct adoption_part **out, int max);

#endif
