/* SPDX-License-Identifier: MIT */
/* The steps of the generic record engine, inside its transaction, that run a kind's rules
 * (core/kind_rules.h, on the kind descriptor): the rules decide, these look up and write. */
#ifndef UPTAKE_STORE_HOOKS_H
#define UPTAKE_STORE_HOOKS_H

#include "store/store.h"

/* Looks up into *facts (zeroed by the caller) what k's rules need (core/kind_rules.h) and
 * applies its before-write rule to r (storage form; the input of a create, before NULL, or the
 * merged record of an update). */
int hooks_before_write(struct store *st, const struct record_kind *k, const struct actor *a,
                       const json_t *before, json_t *r, struct kind_facts *facts, struct err *err);
/* Frees what hooks_before_write looked up into *facts. */
void hooks_facts_release(struct kind_facts *f);
/* Carries out what k's after-write rule says a create (before NULL) or an update causes: history
 * rows, domain events, a touched lead. facts: as hooks_before_write filled them. */
int hooks_after_write(struct store *st, const struct record_kind *k, const struct actor *a,
                      const json_t *before, const json_t *after, const struct kind_facts *facts,
                      struct err *err);
/* The detail of a new record's created event by k's rule (core/kind_rules.h), or NULL; facts as
 * hooks_before_write filled them. *detail is new or NULL. */
int hooks_created_detail(struct store *st, const struct record_kind *k, const json_t *stored,
                         struct kind_facts *facts, json_t **detail, struct err *err);

#endif
