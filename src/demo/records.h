/* SPDX-License-Identifier: MIT */
/* The demo's building blocks (records.c), shared by the set-up in demo.c and the history in
 * history.c: the archetypes' habits and the helpers that write records as a user would. */
#ifndef UPTAKE_DEMO_RECORDS_H
#define UPTAKE_DEMO_RECORDS_H

#include "demo/internal.h"

extern const struct habits demo_habits[ARCH_COUNT];

void demo_ivec_push(struct ivec *v, int x);

/* Cleans input with records_input_check() (the API's path) and creates the record as actor a;
 * *id_out receives the new id. Takes ownership of input. */
int demo_create(struct gen *g, const struct record_kind *k, const struct actor *a, json_t *input,
                int64_t *id_out);
/* Cleans and applies a patch as actor a. Takes ownership of patch. */
int demo_update(struct gen *g, const struct record_kind *k, const struct actor *a, int64_t id,
                json_t *patch);
/* An ISO 8601 JSON string for ms, as a client would send it (new reference). */
json_t *demo_iso(int64_t ms);
/* A "YYYY-MM-DD" JSON string for ms (new reference). */
json_t *demo_date(int64_t ms);

/* Creates a contact (and its works_at relationship when it has an organization) as actor a for
 * owner, filling optional fields with probability fill_pct. Returns its index or an error. */
int demo_contact_new(struct gen *g, const struct actor *a, int org, int owner, int fill_pct);
/* Creates an organization as actor a for owner; returns its index or a negative error. */
int demo_org_new(struct gen *g, const struct actor *a, int owner, int fill_pct);
/* Opens a deal for owner at org with contact, planning its course; returns index or error. */
int demo_deal_new(struct gen *g, const struct actor *a, int owner, int contact, int stage);

/* A deal's amount in cents for owner (the lone wolves sell big). */
int64_t demo_deal_amount(struct gen *g, int owner);
/* Plans a deal's course from its owner's habits: where it ends and when it next moves. */
void demo_deal_plan(struct gen *g, struct ddeal *d);

#endif
