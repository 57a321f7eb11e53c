/* SPDX-License-Identifier: MIT */
/* Small embedded word lists and the builders that turn them into realistic people,
 * organizations, addresses, phone numbers and activity texts for the demo; no data files are
 * read at run time. Every builder draws from the caller's rng, so output follows the seed. */
#ifndef UPTAKE_DEMO_NAMES_H
#define UPTAKE_DEMO_NAMES_H

#include "core/arena.h"
#include "core/buf.h"
#include "demo/rng.h"

#include <stddef.h>

/* A city with the formats of its country. */
struct place {
    const char *city, *region, *country;
    const char *postal;   /* pattern: '#' a digit, 'A' a capital letter */
    const char *phone;    /* pattern, same symbols */
    const char *tld;      /* "com", "co.uk", … */
    const char *legal[3]; /* company suffixes of the country */
    int street_style;     /* 0 "12 Oak St", 1 "Oakstraße 12", 2 "12 rue Oak" */
};

/* A person; strings are valid until the arena is released. */
struct person {
    const char *first, *last, *title;
};

/* An organization; strings are valid until the arena is released. */
struct org_name {
    const char *name;     /* "Hartmann Logistics GmbH" */
    const char *base;     /* "Hartmann Logistics": the name without its legal suffix */
    const char *domain;   /* "hartmann-logistics.de" */
    const char *industry; /* "Logistics" */
    const struct place *place;
};

/* A set of strings compared case-insensitively, to keep generated names unique. */
struct name_set {
    char **slots;
    size_t cap, n;
};
#define NAME_SET_INIT                                                                              \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }
/* Adds s (copied); returns 1 when added, 0 when already present. */
int names_set_add(struct name_set *set, const char *s);
void names_set_release(struct name_set *set);

const struct place *names_place(struct rng *r);
void names_person(struct rng *r, struct person *p);
/* An organization name that is not yet in used (it is added), with domain and industry. */
void names_org(struct rng *r, struct arena *a, struct name_set *used, struct org_name *o);

/* Fills b from a pattern ('#' digit, 'A' capital letter, other characters copied). */
void names_pattern(struct rng *r, struct buf *b, const char *pattern);
void names_street(struct rng *r, struct buf *b, const struct place *pl);
/* A work email at domain for the person ("first.last@domain"); lower case ASCII. */
void names_email(struct rng *r, struct buf *b, const char *first, const char *last,
                 const char *domain);
/* A personal address at a webmail domain. */
void names_personal_email(struct rng *r, struct buf *b, const char *first, const char *last);
/* The usual short form of a first name ("Robert" -> "Bob"), or NULL when there is none. */
const char *names_nickname(const char *first);
/* A plausible typing mistake: two letters swapped or one dropped. */
void names_typo(struct rng *r, struct buf *b, const char *s);
/* s in upper case (upper != 0) or lower case. */
void names_recase(struct buf *b, const char *s, int upper);

void names_deal(struct rng *r, struct buf *b, const char *org_base);
void names_task(struct rng *r, struct buf *b, const char *first, const char *org_base);
const char *names_lead_source(struct rng *r);
const char *names_topic(struct rng *r);

/* A meaningful subject and body for an activity of kind ("call", "meeting", "email", "note")
 * with the named person. */
void names_activity(struct rng *r, const char *kind, const char *first, const char *last,
                    const char *org_base, struct buf *subject, struct buf *body);
/* The bare subject a hurried user types ("call", "mtg"), and a junk one ("Follow up"). */
const char *names_terse_subject(struct rng *r, const char *kind);
const char *names_junk_subject(struct rng *r);

#endif
