/* SPDX-License-Identifier: MIT */
/* What a manager is asked to review (docs/ADOPTION.md "Review flags"): a person's day with
 * notes judged junk, a burst of activities far above their usual day, or records deleted soon
 * after they were created. Pure rules and sentences; the store counts and keeps the flags. */
#ifndef UPTAKE_CORE_REVIEW_H
#define UPTAKE_CORE_REVIEW_H

#include <stddef.h>
#include <stdint.h>

enum review_kind {
    REVIEW_JUNK_NOTES,    /* activities whose typed notes were judged not of real content */
    REVIEW_BURST,         /* a day's activities far above the person's usual day */
    REVIEW_QUICK_DELETES, /* records deleted within REVIEW_QUICK_DELETE_MS of their creation */
    REVIEW_KINDS
};

/* A day is a burst with at least REVIEW_BURST_MIN activities and more than REVIEW_BURST_FACTOR
 * times the person's usual day: their activities per active day over the REVIEW_USUAL_DAYS days
 * before. Someone without a usual day yet is measured against REVIEW_BURST_MIN alone. */
#define REVIEW_BURST_MIN    20
#define REVIEW_BURST_FACTOR 3.0
#define REVIEW_USUAL_DAYS   28
/* Deleted within ten minutes of being created: typed to be counted, then removed. One is a
 * mistake anyone makes; a flag is shown from REVIEW_QUICK_DELETES_SHOWN on the same day. */
#define REVIEW_QUICK_DELETE_MS     (10 * 60 * 1000)
#define REVIEW_QUICK_DELETES_SHOWN 3
/* Junk notes are shown from the third on a day: about 1% of the demo's genuine notes read
 * nearly like one of the person's recent ones, so a single one a day is noise, not gaming. */
#define REVIEW_JUNK_NOTES_SHOWN 3

/* "junk_notes", "burst", "quick_deletes"; NULL for another value. */
const char *review_kind_name(enum review_kind k);
/* The kind named name, or -1. */
int review_kind_of(const char *name);
/* Whether today activities make a burst for someone with usual_activities activities over
 * usual_days active days before. */
int review_is_burst(int64_t today, int64_t usual_activities, int64_t usual_days);
/* Whether a record created at created_at and deleted at deleted_at (unix ms) went quickly. */
int review_is_quick_delete(int64_t created_at, int64_t deleted_at);
/* Whether a flag of kind with n incidents is shown to a manager. */
int review_is_shown(enum review_kind k, int64_t n);
/* The sentence a manager reads for a flag of kind with n incidents (usual: the person's usual
 * activities a day, for a burst), into out. */
void review_sentence(enum review_kind k, int64_t n, double usual, char *out, size_t size);

#endif
