/* SPDX-License-Identifier: MIT */
/* Record kinds and their field tables: one table per kind drives JSON decoding, validation,
 * error messages, and (in the store) the columns read and written. No I/O here. */
#ifndef UPTAKE_CORE_RECORDS_H
#define UPTAKE_CORE_RECORDS_H

#include "core/err.h"
#include "core/event_kinds.h"
#include "core/kind_rules.h"

#include <jansson.h>
#include <stddef.h>

enum field_type {
    FT_TEXT,     /* string; at most max_len characters (code points) */
    FT_INT,      /* integer */
    FT_BOOL,     /* true/false, stored 0/1 */
    FT_TIME,     /* ISO 8601 in JSON, unix ms in the store */
    FT_DATE,     /* "YYYY-MM-DD" both ways */
    FT_REF,      /* id of a row of ref_table */
    FT_ENUM,     /* one of enum_values */
    FT_LABELLED, /* [{"label":"work","value":"…"}], stored as JSON text */
};

enum field_flag {
    F_REQUIRED = 1 << 0, /* must be present and non-null on create */
    F_READONLY = 1 << 1, /* set by the server; refused in input */
    F_SEARCH = 1 << 2,   /* part of the record's search text */
    F_NOUPDATE = 1 << 3, /* settable on create only */
    F_EXPECTED = 1 << 4, /* expected filled in (adoption quality: completion) unless hidden */
};

struct field_def {
    const char *name;
    enum field_type type;
    unsigned flags;
    size_t max_len;                  /* FT_TEXT, FT_LABELLED values: characters, not bytes */
    int (*check)(const char *value); /* FT_TEXT extra validation, 0 or -1 */
    const char *check_what;          /* "an email address", for messages */
    const char *const *enum_values;  /* FT_ENUM, NULL-terminated */
    const char *ref_table;           /* FT_REF */
    long long min, max;              /* FT_INT bounds when min < max */
};

enum kind_flag {
    K_OWNED = 1 << 0,       /* has owner_id; visibility and write rules apply */
    K_VERSIONED = 1 << 1,   /* PATCH honours If-Match against version */
    K_ADMIN_WRITE = 1 << 2, /* only admins create, change or delete */
    K_HANDOVER = 1 << 3,    /* may be created for, or given by whoever may change it to, any
                               active user */
};

/* How a kind is found by a list's q (the store keeps the text itself, see its search views). */
enum kind_search {
    KIND_SEARCH_INDEXED = 1 << 0,  /* full-text indexed; else q matches its text fields */
    KIND_SEARCH_ORG_NAME = 1 << 1, /* its text carries its organization's (org_id) name, by which
                                      only those who may read the organization find it; a
                                      change of the organization changes its text */
};

struct record_kind {
    const char *name;  /* "contact": entity name in events, audit, errors */
    const char *table; /* "contacts" */
    unsigned flags;
    const struct field_def *fields; /* ends with {NULL} */
    /* Its change events: contact.created (or a domain name like activity.logged), .updated,
     * .deleted, .restored. */
    struct {
        enum event_kind created, updated, deleted, restored;
    } events;
    /* Whole-record rule checked on create and on the merged record of an update; may be NULL. */
    int (*check)(const json_t *record, struct err *err);
    unsigned search;        /* enum kind_search */
    const char *title_also; /* the field a title falls back to before email ("company") */
    /* What the kind does to a record before it is written and what a write causes
     * (core/kind_rules.h): the facts the store looks up for them (enum kind_need) and the
     * rules; either may be NULL. */
    struct {
        unsigned needs;
        kind_before_write_fn before_write;
        kind_after_write_fn after_write;
        kind_created_detail_fn created_detail;
    } rules;
};

/* A record kind's events by its registry prefix (CONTACT) and the verb of its creation
 * (CREATED, or LOGGED for activities): a kind missing from the registry does not compile. */
#define RECORD_EVENTS(K, CREATE)                                                                   \
    {                                                                                              \
        EV_##K##_##CREATE, EV_##K##_UPDATED, EV_##K##_DELETED, EV_##K##_RESTORED                   \
    }

/* The kinds served by the generic record engine. */
extern const struct record_kind kind_team, kind_organization, kind_contact, kind_relationship,
    kind_activity, kind_task, kind_lead, kind_stage, kind_deal;

/* Finds a kind by name ("contact") or table ("contacts"); NULL when unknown. */
const struct record_kind *records_kind_find(const char *name);

/* Finds a field of k by name; NULL when unknown. */
const struct field_def *records_field_find(const struct record_kind *k, const char *name);

/* Longer text fields (notes, bodies) cannot be a list's sort. */
#define RECORDS_SORT_MAX_LEN 1000

/* Whether a list may be sorted by name: a text (up to RECORDS_SORT_MAX_LEN long), date, time,
 * int or enum field of k, or "created_at", "updated_at", "id". Returns 1 when it may, else 0;
 * *is_text tells whether the sort values are strings (text, date, enum) or integers. */
int records_sortable(const struct record_kind *k, const char *name, int *is_text);

/* Every kind served by the generic engine, in a fixed order, ending with NULL. */
extern const struct record_kind *const records_kinds[];

/* The API name of a field type: "text", "int", "bool", "time", "date", "ref", "enum",
 * "labelled". Static string. */
const char *records_type_name(enum field_type t);

/* Checks input for create (is_create) or update: every key must be a writable field of k with
 * the right JSON type (UPT_EMALFORMED), and every value must pass its validation (UPT_EINVAL);
 * on create every required field must be present. Strings are trimmed: the result is written to
 * *clean_out (new reference, caller decrefs) with "" turned into null. */
int records_input_check(const struct record_kind *k, const json_t *input, int is_create,
                        json_t **clean_out, struct err *err);

/* Applies the kind's whole-record rule to a full record (after create defaults or a merge). */
int records_record_check(const struct record_kind *k, const json_t *record, struct err *err);

/* Turns a stored record into its API form in place: unix ms times (the kind's FT_TIME fields
 * and created_at, updated_at, deleted_at) become ISO 8601 strings. */
void records_render(const struct record_kind *k, json_t *record);

/* The title a person reads for record r of kind k (storage or API form): a person's name
 * (first_name last_name) or the name; failing those, k->title_also, the email, then
 * "<kind> <id>". New reference. */
json_t *records_title(const struct record_kind *k, const json_t *r);

/* Replaces the integer at key with its ISO 8601 form (no-op for other values). */
void records_render_time(json_t *obj, const char *key);

#endif
