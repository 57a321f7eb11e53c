/* SPDX-License-Identifier: MIT */
/* The adoption answers (store_adoption_*) as CSV, for the API's format=csv and the CLI. */
#ifndef UPTAKE_IO_ADOPTION_CSV_H
#define UPTAKE_IO_ADOPTION_CSV_H

#include "io/csv_out.h"

/* One row per person: rank, ids, score, components and the main figures. */
void adoption_csv_users(struct csv_out *c, const json_t *answer);
/* One row per team. */
void adoption_csv_teams(struct csv_out *c, const json_t *answer);
/* One person explained: "figure,value" rows, a blank row, then one row per part. */
void adoption_csv_user(struct csv_out *c, const json_t *answer);
/* Every scalar of the answer as "figure,value" rows (the organization). */
void adoption_csv_flat(struct csv_out *c, const json_t *answer);

#endif
