/* SPDX-License-Identifier: MIT */
/* Shared by the domain files of src/store/: the functions they offer each other. They run SQL
 * through the statement layer (store/sql.h), written once for both engines, and never see an
 * engine's own API (sqlite/ and pg/ implement it). */
#ifndef UPTAKE_STORE_INTERNAL_H
#define UPTAKE_STORE_INTERNAL_H

#include "store/sql.h"
#include "store/slots.h"
#include "store/store.h"

#include <pthread.h>

/* The access rule of core/access.h in SQL (visibility.c). visibility_render appends to b the
 * condition under which an owner column (e.g. "a.owner_id"; NULL for kinds without an owner)
 * is in the set filter f describes: "1 = 1" for everyone. visibility_add renders actor a's read
 * filter. Their parameters are bound by visibility_bind(). Every query that shows records or
 * what they hold adds it, with the column of each record kind it reads. */
struct buf;
void visibility_render(struct buf *b, const struct access_filter *f, const char *owner);
void visibility_add(struct buf *b, const struct actor *a, const char *owner);
void visibility_bind(struct stmt *s, const struct actor *a);
/* Whether a sees every record whoever owns it (visibility_add adds "1 = 1"). */
int visibility_all(const struct actor *a);
/* Fills out with the facts about owner_id the access predicates need for actor a (its live
 * team, whether a manages it); skips the lookup when the rule does not need them. */
int access_owner_load(struct store *st, const struct actor *a, int64_t owner_id,
                      struct access_owner *out, struct err *err);
/* Whether a may change a record owned by owner_id (access_may_change), else UPT_EPERM. */
int may_write(struct store *st, const struct actor *a, int64_t owner_id, struct err *err);

/* Usage rollups (rollup.c), written in the caller's transaction with the events they count.
 * entity_id: the event's record (0 for none); meaningful: an activity.logged event whose
 * activity has meaningful notes. activity.logged credits the activity's owner (even when the
 * event has no user_id), activity.deleted and .restored take that credit back and return it. */
/* Review flags (review.c) a write causes, in its transaction: a new activity with junk notes
 * or in a burst, an owned record deleted soon after its creation (deleted: before is the row). */
int review_after_write(struct store *st, const struct record_kind *k, int64_t now,
                       const json_t *before, const json_t *after, int deleted, struct err *err);
/* An activity's notes were judged again and the verdict changed (notes_real, now as stored):
 * its owner's meaningful count of the day it was logged follows, one up or down. */
int rollup_notes_judged(struct store *st, int64_t activity_id, struct err *err);
int rollup_event(struct store *st, int64_t user_id, int64_t at, const char *kind, int64_t entity_id,
                 int meaningful, struct err *err);
/* What adoption scorecards keep between requests (adoption_figures.c), under its lock. */
struct adoption_cache;
void adoption_cache_free(struct adoption_cache *c);

/* A second thread with its own connection (helper.c). helper_submit hands it job(arg) and
 * returns 1, or returns 0 when it is busy (run the job yourself); after a 1, helper_wait gives
 * the job's result (err set from the job's when negative). */
typedef int helper_job(struct store *st, void *arg, struct err *err);
struct helper;
int helper_submit(struct store *st, helper_job *job, void *arg);
int helper_wait(struct store *st, struct err *err);
void helper_stop(struct helper *h); /* joins its thread; store_close, before the connections */

/* A batch of rollups (rollup.c) summed in memory and written once per (person, day, kind). */
struct rollup;
struct rollup *rollup_new(void);
void rollup_push(struct rollup *r, int64_t user_id, int64_t at, const char *kind, int meaningful);
int rollup_flush(struct store *st, struct rollup *r, struct err *err);
void rollup_free(struct rollup *r);

/* Queues a live item (store_set_live_sink) in the current transaction: delivered after it
 * commits, dropped if it rolls back; outside a transaction, delivered now (sql.c). type and
 * data are borrowed; data is one line of JSON. */
int store_live_add(struct store *st, const char *type, const char *data, struct err *err);
/* Whether live items can reach anyone: a sink is set, or the engine sends them to other
 * instances (PostgreSQL). A command without a server (SQLite) skips building them. */
int store_live_wanted(struct store *st);
/* The live items of a deal just won, inside the write's transaction (live.c). */
int live_deal_won(struct store *st, int64_t deal_id, struct err *err);

/* Audit row inside the current transaction; before/after may be NULL. */
int audit_add(struct store *st, const struct actor *a, const char *entity, int64_t id,
              const char *action, const json_t *before, const json_t *after, struct err *err);

/* The columns every record kind's table has after its fields (record.c, write.c). */
#define RECORD_COMMON_COLUMNS "created_by, created_at, updated_at, deleted_at, version"
/* Reads row id of kind k whatever its state into storage JSON; *out NULL when absent. With
 * lock, inside a write's transaction, the row stays locked until it ends, so concurrent writes
 * of one record follow each other (PostgreSQL's row lock; SQLite's writers are serialized). */
int record_load_row(struct store *st, const struct record_kind *k, int64_t id, int lock,
                    json_t **out, struct err *err);
/* Loads a live (or, with deleted, a soft-deleted) row the actor may see, else UPT_ENOTFOUND. */
int record_load_visible(struct store *st, const struct record_kind *k, const struct actor *a,
                        int64_t id, int deleted, int lock, json_t **out, struct err *err);

/* Refreshes the search row of a record (search.c; after create, update, delete, restore). */
int search_refresh(struct store *st, const struct record_kind *k, int64_t id, struct err *err);
/* Inside a write's transaction: locks record id of kind k until the transaction ends, so
 * a concurrent write of it waits and then reads what this one wrote (see ${for_update}). */
int record_lock(struct store *st, const struct record_kind *k, int64_t id, struct err *err);
/* The code of k's rows in the search index (own: of its own text without its organization's
 * name), 0 when it has none (search.c). */
int search_code(const struct record_kind *k, int own);
/* Writes the search rows of every live record again from the views (after store_copy). */
int search_rebuild(struct store *st, struct err *err);

/* ---- points (points.c, docs/POINTS.md) ---- */

enum points_op { POINTS_CREATE, POINTS_UPDATE, POINTS_DELETE, POINTS_RESTORE };
/* The write pipeline's "points" step: credits the owner of after (the stored record, borrowed)
 * with what the active rules award for the write's events, writes a zero row for junk,
 * reverses the record's awards when it is deleted (or an activity's notes become junk) and
 * gives them back on restore. Inside the write's transaction. *first: the id of the first
 * ledger row it appended, 0 when none. */
int points_after_write(struct store *st, const struct record_kind *k, const struct actor *a,
                       enum points_op op, const json_t *before, const json_t *after,
                       const struct kind_facts *facts, int64_t *first, struct err *err);
/* One ledger row to append (points_ledger): 0 ids are NULL, NULL strings NULL. */
struct points_entry {
    int64_t at, user_id, rule_id, points, event_id, entity_id, reverses_id, adjusted_by;
    const char *entity, *reason, *note;
};
/* *id (may be NULL): the new row's. */
int points_ledger_append(struct store *st, const struct points_entry *e, int64_t *id,
                         struct err *err);
/* The active people (integration accounts aside) with open deals, every one of them with a
 * close date on or after day text after and a next step: *ids (ascending; caller frees with
 * free()), *n of them, out of *checked people with open deals (points_week.c). */
int points_clean_pipelines(struct store *st, const char *after, int64_t **ids, size_t *n,
                           int64_t *checked, struct err *err);

/* Consent on boards the store builds (consent.c): person item in the form viewer a may see it
 * (consent_apply): an admin signed in as a person sees it as it is (they hand out the prizes),
 * a user sees themselves; NULL or an actor without a user (the live stream, a TV display)
 * gets the public form. choice is the person's board_visibility (NULL: the default). Returns
 * 0 when the item was anonymised (a hidden person), else 1. */
int board_person_for(json_t *item, const char *id_key, const char *name_key,
                     const struct consent_settings *cs, const char *choice, const struct actor *a);

/* Contests (contests.c). Contest c's standings (a new array; the first limit of them, all when
 * limit <= 0) as of now, people's names as viewer may see them (board_person_for; hidden ones
 * keep their place as "A teammate"); *counted (may be NULL) set when a ledger row with an id
 * above after_id counted in it. */
int contest_standings(struct store *st, const json_t *c, int64_t now, int64_t after_id, int limit,
                      const struct actor *viewer, int *counted, json_t **out, struct err *err);
/* The contests running at now, as rows without standings (*items is new). */
int contests_running(struct store *st, int64_t now, json_t **items, struct err *err);
/* Live items of the points step (points_live.c): badge.earned, rank.changed and
 * contest.updated for what the ledger rows from id first on did (none when first is 0). */
int points_live_after(struct store *st, int64_t first, int64_t now, struct err *err);
/* The badges (core/badges.h bits) user_id holds counting only ledger rows up to max_id
 * (points_summary.c). */
int points_badges_held(struct store *st, int64_t user_id, int64_t now, int64_t max_id,
                       unsigned *bits, struct err *err);

#endif
