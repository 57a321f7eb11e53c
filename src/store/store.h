/* SPDX-License-Identifier: MIT */
/* The storage API, backend-neutral: no sqlite3 or libpq type appears here. Records travel as
 * jansson objects in storage form (times as unix ms); the api layer renders them for clients.
 * Every write checks the actor's permission, is audited, and writes its domain event in the
 * same transaction. Functions return 0 or a negative enum upt_err with detail in err. */
#ifndef UPTAKE_STORE_STORE_H
#define UPTAKE_STORE_STORE_H

#include "core/access.h"
#include "core/adoption.h"
#include "core/consent.h"
#include "core/err.h"
#include "core/event_kinds.h"
#include "core/records.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct store;

/* The signed-in user behind a session or token. */
struct principal {
    int64_t user_id;
    int role;
    int64_t team_id;
    int is_integration;
    char email[255];
    char name[201];
    char csrf_token[65]; /* sessions only */
    int64_t expires_at;  /* sessions only: when the sign-in ends (ms); 0 for tokens */
    int may_manage;      /* tokens only: an admin let it create tokens and change access */
};

/* ---- lifecycle --------------------------------------------------------------------------- */

/* Opens (creating if needed) the database at path and applies pending migrations. A database
 * written by a newer uptake is refused with UPT_EVERSION and left untouched. Each thread that
 * calls into the store gets its own connection. Caller frees with store_close(). */
int store_open(const char *path, struct store **out, struct err *err);
void store_close(struct store *st);
/* The schema version (number of the newest applied migration). */
int store_schema_version(struct store *st);
/* The file a --db target names (a path or sqlite:PATH), NULL for a URL of a server or an
 * in-memory database. */
const char *store_file_path(const char *target);
/* target as it may be printed or logged: a password in a URL (user:secret@, password=) is
 * shown as ***. */
void store_target_shown(const char *target, char *out, size_t size);
/* The engine the store runs on: "sqlite" or "postgresql". */
const char *store_engine_name(struct store *st);

/* Copies every table of from (records, history, audit, events, rollups, users, sessions,
 * tokens) into to, a new database of either engine, keeping ids, in one transaction of to;
 * then checks that each table holds as many rows in both as were copied, calling progress
 * (may be NULL) with each table's count. UPT_ECONFLICT when to already has users. */
typedef void (*store_copy_progress)(const char *table, int64_t rows, void *arg);
int store_copy(struct store *from, struct store *to, store_copy_progress progress, void *arg,
               struct err *err);
/* Releases the calling thread's connection (worker threads call this before exiting). */
void store_thread_done(struct store *st);
/* A number that moves whenever this process changes a user, session or API token (any row of
 * those tables, committed or not). Whoever keeps a sign-in in memory drops it once the number
 * has moved; changes by other processes (the CLI) are not seen, so such memory must expire. */
uint64_t store_auth_generation(struct store *st);

/* Live events (the server's event streams): sink(ctx, type, data) gets each live item (an event
 * type such as "deal.won" or "ticker" and one line of JSON, both borrowed) of a change once its
 * transaction has committed, never for one rolled back. On SQLite the committing thread calls it
 * right after the commit; on PostgreSQL items go out by NOTIFY inside the transaction and every
 * instance's listener thread calls its own sink, so a change made through one instance reaches
 * the streams of all. Set once before serving, NULL to stop; the sink must be thread-safe. */
typedef void store_live_sink(void *ctx, const char *type, const char *data);
void store_set_live_sink(struct store *st, store_live_sink *sink, void *ctx);

/* Transactions nest: the outermost is a database transaction (writers in this process queue
 * for it), inner ones are savepoints; an inner rollback undoes only the inner part. */
int store_tx_begin(struct store *st, struct err *err);
int store_tx_commit(struct store *st, struct err *err);
void store_tx_rollback(struct store *st);

/* For long-running servers: connections opened from now on (and the caller's) no longer
 * checkpoint the WAL at commit; a thread of the store copies it back off the request path,
 * and the WAL is kept near wal_limit bytes (0: 64 MiB): the commit that takes it past the limit
 * restarts it before the next writer goes (see docs/DECISIONS.md). Call once, before serving. */
int store_background_checkpoints(struct store *st, int64_t wal_limit, struct err *err);
/* Copies back the WAL frames no reader still needs, without waiting for anyone. */
int store_checkpoint(struct store *st, struct err *err);

/* For a bulk import on the calling thread: a page cache of cache_mib, so the indexes it writes
 * all over (one place per person) stay in memory between batches. */
int store_bulk_cache(struct store *st, int cache_mib, struct err *err);

/* ---- records (the generic engine for every kind in core/records.h) --------------------- */

/* Creates a record from input already cleaned by records_input_check(). Applies defaults
 * (owner_id = actor, occurred_at = now, a deal's first stage, a lead's status 'new').
 * *out (new reference, may be NULL to skip) receives the stored record. */
int store_record_create(struct store *st, const struct record_kind *k, const struct actor *a,
                        const json_t *input, json_t **out, struct err *err);

/* Reads a live record the actor may see; UPT_ENOTFOUND otherwise. */
int store_record_get(struct store *st, const struct record_kind *k, const struct actor *a,
                     int64_t id, json_t **out, struct err *err);

/* Sets *out to whether actor a may change a record of kind k owned by owner_id (0: none), by
 * access_may_change() over the owner's facts (a deleted team has no manager). */
int store_record_may_change(struct store *st, const struct record_kind *k, const struct actor *a,
                            int64_t owner_id, int *out, struct err *err);

/* Applies a cleaned patch. if_version > 0 must equal the stored version (UPT_ECONFLICT).
 * UPT_EPERM when the actor may see but not change the record. */
int store_record_update(struct store *st, const struct record_kind *k, const struct actor *a,
                        int64_t id, const json_t *patch, int64_t if_version, json_t **out,
                        struct err *err);

/* Soft delete, and its undo. */
int store_record_delete(struct store *st, const struct record_kind *k, const struct actor *a,
                        int64_t id, struct err *err);
int store_record_restore(struct store *st, const struct record_kind *k, const struct actor *a,
                         int64_t id, json_t **out, struct err *err);

#define STORE_MAX_FILTERS 8
#define STORE_MAX_IDS     100
struct list_query {
    const char *q; /* search words, or NULL */
    /* Only these ids (nids > 0; at most STORE_MAX_IDS): names for ids, read as a list. */
    const int64_t *ids;
    int nids;
    struct {
        const char *field; /* a field of the kind, "id" or "created_by" */
        const char *value; /* as typed in the query string */
        char op;           /* '=' equal, '<' before, '>' after */
    } filters[STORE_MAX_FILTERS];
    int nfilters;
    int64_t cursor; /* keyset position: the id of the last row of the previous page; 0 for the
                       first page */
    int limit;      /* 1..500 */
    int deleted;    /* list the trash (soft-deleted rows) instead */
    /* Order: sort is a field records_sortable() accepts (NULL: "id", descending). Ties are broken
     * by id in the same direction; NULLs come last both ways; text compares case-insensitively.
     * With a sort other than id, a cursor also carries the sort value of its row: cursor_null, or
     * cursor_text (text, date, enum), or cursor_int (int, time). */
    const char *sort;
    int sort_desc;
    int cursor_null;
    const char *cursor_text;
    int64_t cursor_int;
};

/* Lists visible records in the query's order (default newest first). *items is a new array of
 * storage-form records; *next_cursor is the id of the last row returned when there are more
 * (the caller reads that row's sort value from *items for the cursor), 0 at the end. */
int store_record_list(struct store *st, const struct record_kind *k, const struct actor *a,
                      const struct list_query *q, json_t **items, int64_t *next_cursor,
                      struct err *err);

/* The audit trail of one record, newest first (admins, and those who may change the record):
 * {"id","at" (ms),"user_id","user_name","action","before","after"}, records in storage form. */
int store_record_audit(struct store *st, const struct record_kind *k, const struct actor *a,
                       int64_t id, json_t **items, struct err *err);

/* ---- users -------------------------------------------------------------------------------- */

/* Fields of a new user; password_hash from auth (argon2id), NULL for token-only users. */
struct user_new {
    const char *email;
    const char *name;
    int role;
    int64_t team_id;
    const char *password_hash;
    int is_integration;
    const char *demo_archetype;
};
int store_user_create(struct store *st, const struct actor *a, const struct user_new *u,
                      int64_t *id_out, struct err *err);
/* One user as JSON (no secrets; created_at, deactivated_at in ms); UPT_ENOTFOUND. */
int store_user_get(struct store *st, int64_t id, json_t **out, struct err *err);
int store_user_find_email(struct store *st, const char *email, int64_t *id_out, struct err *err);
/* For sign-in: the user's principal and password hash (caller frees *hash with free()).
 * Inactive users are UPT_ENOTFOUND. */
int store_user_credentials(struct store *st, const char *email, struct principal *p, char **hash,
                           struct err *err);
/* All users (include_inactive or not), ordered by id. */
int store_user_list(struct store *st, int include_inactive, json_t **items, struct err *err);
/* Admin changes: name, role, team_id, is_ambassador, is_power_user, password_hash. The last
 * active admin cannot be given another role: UPT_ECONFLICT naming 'role'. */
int store_user_update(struct store *st, const struct actor *a, int64_t id, const json_t *patch,
                      json_t **out, struct err *err);
/* What a leaver hands over, one kind per index, named in JSON as "organizations", "contacts",
 * "relationships", "leads", "deals", "open_tasks" and "teams_led" (the teams they manage). */
enum { STORE_HANDOVER_KINDS = 7 };
extern const char *const store_handover_kinds[STORE_HANDOVER_KINDS];
/* Who inherits what: to[k] for kind k, or successor_id where to[k] is 0. */
struct handover_plan {
    int64_t successor_id;
    int64_t to[STORE_HANDOVER_KINDS];
};
/* Deactivates a user and hands every record they own and every open task to the plan's
 * successors, in one transaction; created_by and the audit trail keep the original author.
 * With dry_run nothing changes and the same checks and counts are answered. *summary (caller
 * frees): {"moved":{kind:n},"to":{kind:successor id}}. The last active admin (integration users
 * aside) cannot be deactivated: UPT_ECONFLICT. */
int store_user_deactivate(struct store *st, const struct actor *a, int64_t id,
                          const struct handover_plan *plan, int dry_run, json_t **summary,
                          struct err *err);
/* Lets a deactivated user sign in again (their records stay with their successors); the
 * password they had still works. UPT_ECONFLICT when already active. */
int store_user_reactivate(struct store *st, const struct actor *a, int64_t id, struct err *err);
/* Fills an actor for user id acting now with the given visibility. */
int store_user_actor(struct store *st, int64_t id, int visibility, struct actor *out,
                     struct err *err);

/* ---- sessions and API tokens (hashes are 32 bytes; tokens themselves are never stored) ---- */

/* Stores a new session, deleting every session expired by now first (so none outlives its
 * end in the database). */
int store_session_create(struct store *st, int64_t user_id, const unsigned char hash[32],
                         const char *csrf_token, int64_t now, int64_t expires_at, struct err *err);
/* Finds a live session of an active user; UPT_EAUTH when none. */
int store_session_lookup(struct store *st, const unsigned char hash[32], int64_t now,
                         struct principal *p, struct err *err);
int store_session_delete(struct store *st, const unsigned char hash[32], struct err *err);
/* Ends every session of user_id but the one whose hash is keep (after a password change). */
int store_sessions_end_others(struct store *st, int64_t user_id, const unsigned char keep[32],
                              struct err *err);
/* may_manage: the token may create tokens and change roles and passwords (an admin's grant). */
int store_token_create(struct store *st, int64_t user_id, const char *name, int may_manage,
                       const unsigned char hash[32], int64_t now, int64_t *id_out, struct err *err);
int store_token_lookup(struct store *st, const unsigned char hash[32], int64_t now,
                       struct principal *p, struct err *err);
/* The user's tokens by id: {"id","name","created_at","revoked_at" (ms),"may_manage"}. */
int store_token_list(struct store *st, int64_t user_id, json_t **items, struct err *err);
int store_token_revoke(struct store *st, const struct actor *a, int64_t token_id, struct err *err);

/* ---- failed sign-ins: counted in the database, so every instance on it shares the count ---- */

/* A failure counts while it is less than this old (ms): a sliding minute, exact. */
#define STORE_SIGN_IN_WINDOW_MS 60000

/* *blocked = 1 when key has limit or more failures in the minute before now (at > now - 60000),
 * else 0. On an error *blocked is 1 as well, so a caller that ignores rc still refuses. */
int store_sign_in_blocked(struct store *st, const char *key, int64_t now, int limit, int *blocked,
                          struct err *err);
/* Records a failure of key at now and deletes every failure (of any key) that has left the
 * minute, so the table holds only the last minute's. */
int store_sign_in_failed(struct store *st, const char *key, int64_t now, struct err *err);
/* Forgets key's failures (after a successful sign-in to that account). */
int store_sign_in_clear(struct store *st, const char *key, struct err *err);

/* ---- events ------------------------------------------------------------------------------- */

/* Writes a domain event at a->now inside the caller's transaction (usage_daily follows). kind
 * is a registered kind (core/event_kinds.h; asserted, with entity matching the registry's when
 * it names one). */
int store_event_add(struct store *st, const struct actor *a, enum event_kind kind,
                    const char *entity, int64_t entity_id, const json_t *detail, struct err *err);

/* A queued read event (see http/usage). */
struct event_row {
    int64_t at;
    int64_t user_id;
    char kind[48];
    char entity[24];
    int64_t entity_id;
    char *detail;   /* JSON text or NULL; owned by whoever queued the row */
    int meaningful; /* an activity.logged whose notes count (rollup.c) */
};
/* Writes a batch of events (queued reads and failed requests, or an import) in one
 * transaction, with their usage rollups. */
int store_events_insert(struct store *st, const struct event_row *rows, size_t n, struct err *err);

/* Every user's id, ascending, in *ids (malloc'd; the caller frees): an import checks the users
 * its events name against them. */
int store_user_ids(struct store *st, int64_t **ids, size_t *n, struct err *err);

struct event_query {
    int64_t user_id;      /* 0: all */
    const char *kind;     /* NULL: all */
    int64_t since, until; /* 0: open */
    int64_t cursor;
    int limit;
};
/* A page of events, newest first: {"id","at" (ms),"user_id","kind","entity","entity_id",
 * "detail"}; *next_cursor is 0 at the end. */
int store_events_list(struct store *st, const struct event_query *q, json_t **items,
                      int64_t *next_cursor, struct err *err);

/* ---- domain operations beyond plain records --------------------------------------------- */

/* A deal's stage changes, oldest first (changed_at in ms). */
int store_deal_history(struct store *st, const struct actor *a, int64_t deal_id, json_t **items,
                       struct err *err);

/* Converts a lead in one transaction: links or creates the contact and organization, and
 * creates a deal unless opts has "create_deal": false. opts keys: contact_id, org_id,
 * deal_name, amount_minor, currency, stage_id. *out: {"lead","contact","organization","deal"},
 * records in storage form. */
int store_lead_convert(struct store *st, const struct actor *a, int64_t lead_id, const json_t *opts,
                       json_t **out, struct err *err);

/* A place in a timeline: the item's time and a key unique among the items (0: the start),
 * so items with equal times are neither skipped nor repeated across pages. */
struct timeline_pos {
    int64_t at;
    int64_t key;
};

/* The 360° timeline of a contact or organization: activities, tasks, deal changes and
 * relationship changes by anyone, newest first, starting after before (key 0: from the
 * newest; "at" in ms). *next is where the next page starts, key 0 at the end. */
int store_timeline(struct store *st, const struct actor *a, const struct record_kind *k, int64_t id,
                   const struct timeline_pos *before, int limit, json_t **items,
                   struct timeline_pos *next, struct err *err);

/* ---- field settings and usage -------------------------------------------------------- */

/* The fields an admin has hidden: *hidden (new object) maps kind names to objects of hidden
 * field names, {"contact":{"title":true}}; shown fields are absent. */
int store_field_hidden(struct store *st, json_t **hidden, struct err *err);

/* Hides or shows field of kind k (the caller checks it against the field table), audited as
 * entity "field_setting" with the event "field_setting.updated". Admins only (UPT_EPERM). */
int store_field_set_hidden(struct store *st, const struct actor *a, const struct record_kind *k,
                           const char *field, int hidden, struct err *err);

/* How many live records of k there are (*total) and, in *filled (new object), for each field of
 * k how many of them have it filled: not NULL, not '' and, for labelled lists, not empty. */
int store_field_usage(struct store *st, const struct record_kind *k, int64_t *total,
                      json_t **filled, struct err *err);

/* ---- reports -------------------------------------------------------------------------- */

/* Pipeline totals: every live stage in position order with the count of live deals the actor
 * may see in it and their amounts per currency, {"id","name","position","probability","is_won",
 * "is_lost","count","amounts":[{"currency","amount_minor"}]}. owner_id and team_id (0: any)
 * narrow the deals to one owner, or to owners in one team; closed_after (unix ms, 0: any) leaves
 * out deals closed (won or lost) before it. *stages is a new array. */
int store_report_pipeline(struct store *st, const struct actor *a, int64_t owner_id,
                          int64_t team_id, int64_t closed_after, json_t **stages, struct err *err);

/* The manager's view of a team (team_id 0: the actor's own team, else the first they manage):
 * {"team":{"id","name"},"reps":[…],"at_risk":[deal records in storage form with "owner_name"
 * and "reasons"]}; see docs/API.md. Reps get UPT_EPERM, as do managers asking for a team that
 * is neither theirs nor managed by them; an unknown team is UPT_ENOTFOUND. *out is new. */
int store_report_team(struct store *st, const struct actor *a, int64_t team_id, json_t **out,
                      struct err *err);

/* Deals at risk: open deals whose close date has passed, with no next step, or with no live
 * activity under their deal_id in the last REPORT_AT_RISK_DAYS days. The team report holds the
 * first REPORT_AT_RISK_PAGE of its team's and "at_risk_total". */
#define REPORT_AT_RISK_DAYS 14
#define REPORT_AT_RISK_PAGE 50

/* A page of a team's deals at risk (team_id as for store_report_team, with the same checks):
 * {"team":{"id","name"},"items":[deal records with "owner_name","reasons"],"total"}, skipping
 * offset of them, at most limit. *out is new. */
int store_report_at_risk(struct store *st, const struct actor *a, int64_t team_id, int64_t offset,
                         int64_t limit, json_t **out, struct err *err);

/* What needs the actor's care, by the at-risk definition: {"window_days","deals":[their deals
 * at risk, as in store_report_at_risk],"deals_total","leads":[their new and working leads not
 * changed and with no activity under their lead_id in the window, longest untouched first],
 * "leads_total"}, at most limit of each. *out is new. */
int store_report_attention(struct store *st, const struct actor *a, int64_t limit, json_t **out,
                           struct err *err);

/* ---- people ----------------------------------------------------------------------------- */

/* Who knows a contact: active users who logged live activities on it, most recent touch first
 * then most touches, at most 10: {"user_id","name","email","touches","last_at" (ms),
 * "last_kind"}. UPT_ENOTFOUND when the actor may not see the contact. *items is new. */
int store_contact_colleagues(struct store *st, const struct actor *a, int64_t contact_id,
                             json_t **items, struct err *err);

/* The actor's recently viewed records (their own contact, organization, deal and lead view
 * events), newest first, each once, only those still live and visible, at most limit (1..50):
 * {"entity","id","title","viewed_at" (ms)}. *items is new. */
int store_recent_views(struct store *st, const struct actor *a, int limit, json_t **items,
                       struct err *err);

/* ---- adoption (docs/ADOPTION.md) ----------------------------------------------------------- */

/* Which people and period to measure. from/to: "YYYY-MM-DD" (inclusive UTC days) or "" for the
 * 28 days ending today. */
struct adoption_query {
    char from[16], to[16];
    int64_t team_id;         /* 0: every team */
    int include_integration; /* integration accounts are left out unless set */
    struct adoption_weights weights;
    int stale_days;   /* an open deal or lead untouched this long is stale */
    int with_metrics; /* list items carry "metrics" (one user's answer always does) */
};

/* Every visible person ranked by score: {"from","to","previous":{"from","to"},"weights",
 * "items":[{"user_id","name","email","role","team_id","team_name","rank","score",
 * "previous_score","trend","lagging","components":{"access","process","quality"},"metrics"
 * (with q->with_metrics),"weekly_active_days","reasons"}]}. Admins see everyone, managers their
 * teams, reps themselves. *out is new. */
int store_adoption_users(struct store *st, const struct actor *a, const struct adoption_query *q,
                         json_t **out, struct err *err);

/* One person's explained score: the list item plus "parts" (each part's value, points lost and
 * the records that pull it down) and "raise" (the three changes worth most). UPT_ENOTFOUND
 * for a person the actor may not see. *out is new. */
int store_adoption_user(struct store *st, const struct actor *a, const struct adoption_query *q,
                        int64_t user_id, json_t **out, struct err *err);

/* Per team: people, mean score and components, access figures and a weekly trend. Managers see
 * their teams; reps get UPT_EPERM. *out is new. */
int store_adoption_teams(struct store *st, const struct actor *a, const struct adoption_query *q,
                         json_t **out, struct err *err);

/* The organization: access (logged-in share, DAU/WAU/MAU, stickiness, never signed in,
 * inactive 14/30 days), process totals, outcome, time to first value, weekly trend and the
 * 45-day cohorts. Admins only (UPT_EPERM otherwise). *out is new. */
int store_adoption_org(struct store *st, const struct actor *a, const struct adoption_query *q,
                       json_t **out, struct err *err);

/* ---- review flags (core/review.h, docs/ADOPTION.md "Review flags") ---------------------- */

enum review_status { REVIEW_OPEN, REVIEW_DISMISSED, REVIEW_ANY };
struct review_query {
    int64_t user_id; /* 0: everyone the actor may see */
    enum review_status status;
    int64_t limit; /* 1..500 */
};
/* The flags about the people whose adoption a may see (admins: everyone; managers: their
 * teams; reps: themselves), newest first, each with its sentence and reasons. */
int store_review_flags(struct store *st, const struct actor *a, const struct review_query *q,
                       json_t **items, struct err *err);
/* Dismisses flag id with a note (the caller checks it is not empty): by an admin or a manager
 * of the person, never by the person. UPT_ENOTFOUND for a flag a may not see, UPT_EPERM, or
 * UPT_ECONFLICT when it is already dismissed. *out: the flag as now stored. */
int store_review_dismiss(struct store *st, const struct actor *a, int64_t id, const char *note,
                         json_t **out, struct err *err);

/* ---- the live TV board (store/tv.c) ----------------------------------------------------- */

/* A channel's fields: slides is a JSON array text the API checked; for an update NULL text
 * keeps a field and ticker/sound -1 keep theirs. */
struct tv_channel {
    const char *slug, *name, *slides;
    int ticker, sound;
};
/* What a display token opens. */
struct tv_display {
    int64_t token_id, channel_id;
    char slug[64];
};
/* Channels by id: {"id","slug","name","slides","ticker","sound","created_at","updated_at"}. */
int store_tv_channel_list(struct store *st, json_t **items, struct err *err);
/* One channel by slug (when not NULL) or id; UPT_ENOTFOUND. *out is new. */
int store_tv_channel_get(struct store *st, int64_t id, const char *slug, json_t **out,
                         struct err *err);
/* UPT_ECONFLICT naming "slug" when it is taken. */
int store_tv_channel_create(struct store *st, const struct tv_channel *c, int64_t now,
                            int64_t *id_out, struct err *err);
int store_tv_channel_update(struct store *st, int64_t id, const struct tv_channel *c, int64_t now,
                            struct err *err);
/* Deletes the channel with its display tokens. */
int store_tv_channel_delete(struct store *st, int64_t id, struct err *err);
/* A display token of channel_id (UPT_EINVAL naming "channel_id" when there is none). */
int store_tv_token_create(struct store *st, const char *name, int64_t channel_id,
                          const unsigned char hash[32], int64_t created_by, int64_t now,
                          int64_t *id_out, struct err *err);
/* {"id","name","channel_id","channel_slug","created_by","created_at","revoked_at",
 * "last_seen_at"} by id. */
int store_tv_token_list(struct store *st, json_t **items, struct err *err);
int store_tv_token_revoke(struct store *st, int64_t id, int64_t now, struct err *err);
/* The channel a live (not revoked) display token opens; UPT_EAUTH otherwise. Notes
 * last_seen_at at most once a minute. */
int store_tv_token_lookup(struct store *st, const unsigned char hash[32], int64_t now,
                          struct tv_display *d, struct err *err);
/* The latest won deals (not deleted), newest first: {"deal_id","name","amount_minor",
 * "currency","owner_id","owner_name","closed_at","board_visibility"} (the owner's consent
 * choice, for the caller to apply). */
int store_tv_recent_wins(struct store *st, int limit, json_t **items, struct err *err);
/* Sends an "announcement" live item {"channel_id","slug","text","at"} once committed;
 * UPT_ENOTFOUND for no such channel. */
int store_tv_announce(struct store *st, int64_t channel_id, const char *text, int64_t now,
                      struct err *err);

/* ---- points (docs/POINTS.md) ------------------------------------------------------------- */

/* Every rule, by id: {"id","name","event_kind","condition","amount_min","amount_max","points",
 * "cap_day","cap_week","active","created_at","updated_at"}. Anyone signed in may read them.
 * *items is new. */
int store_points_rules_list(struct store *st, json_t **items, struct err *err);
/* One rule as in the list; UPT_ENOTFOUND. *out is new. */
int store_points_rule_get(struct store *st, int64_t id, json_t **out, struct err *err);
/* Creates (r->id 0) or replaces rule r->id with r, checked by points_rule_check (UPT_EINVAL
 * naming the field), audited as entity "points_rule". Admins only (UPT_EPERM). *out (may be
 * NULL) receives the stored rule. r is borrowed. */
struct points_rule;
int store_points_rule_save(struct store *st, const struct actor *a, const struct points_rule *r,
                           json_t **out, struct err *err);
/* An admin's adjustment of user_id's points by points (non-zero, within +-POINTS_MAX_ADJUST)
 * for reason (required, not only whitespace: UPT_EINVAL naming "reason"), appended to the
 * ledger with adjusted_by. UPT_EPERM for non-admins, UPT_ENOTFOUND for an unknown user. *out
 * (may be NULL) receives the ledger row. */
int store_points_adjust(struct store *st, const struct actor *a, int64_t user_id, int64_t points,
                        const char *reason, json_t **out, struct err *err);
/* A page of user_id's ledger, newest first, starting below cursor (0: the newest), at most
 * limit (1..500): {"id","at","user_id","rule_id","rule_name","points","event_id","entity",
 * "entity_id","reason","reverses_id","adjusted_by","note"}; *next_cursor 0 at the end; *total
 * the user's net points. A user sees their own, managers their teams', admins everyone's
 * (UPT_EPERM otherwise). *items is new. */
int store_points_history(struct store *st, const struct actor *a, int64_t user_id, int64_t cursor,
                         int limit, json_t **items, int64_t *next_cursor, int64_t *total,
                         struct err *err);
/* The weekly run for the week holding day week_day (a day number, days since 1970-01-01): each
 * active person with open deals, all of them with a close date after the week and a next step,
 * earns the active week.end rules once per rule and week (ledger entity "week", entity_id the
 * Monday's day number, at the week's last millisecond). Admins only (UPT_EPERM); a week not yet
 * over is UPT_EINVAL naming "week". *out (new): {"week" (its Monday),"checked","clean",
 * "awarded":[{"user_id","rule_id","points"}]}. Running it again awards nothing more. */
int store_points_week_end(struct store *st, const struct actor *a, int64_t week_day, json_t **out,
                          struct err *err);
/* Draws a surprise reward among the people who qualify now: criterion "pipeline" (open deals,
 * every one with a close date after today and a next step), "meetings" (every meeting of
 * theirs this week so far has notes of real content) or "pipeline_and_meetings" (both). seed:
 * 64 hex digits, or NULL for a fresh one. Records {"id","at","drawn_by","criterion","prize",
 * "seed","eligible":[ids ascending],"winner_id"} (*out, new) so core/draw.c can check it.
 * Admins only (UPT_EPERM); bad criterion, prize or seed UPT_EINVAL naming it; nobody
 * qualifying UPT_ECONFLICT. */
int store_points_draw(struct store *st, const struct actor *a, const char *criterion,
                      const char *prize, const char *seed, json_t **out, struct err *err);
/* One draw as above (UPT_ENOTFOUND), and the latest 100, newest first. *out, *items are new. */
int store_points_draw_get(struct store *st, int64_t id, json_t **out, struct err *err);
int store_points_draws_list(struct store *st, json_t **items, struct err *err);
/* One person's summary: {"user_id","total","streak":{"current","longest","last_day"},
 * "genuine_calls","deals_won","clean_weeks_in_row","badges":[{"key","name","why"}]} from the
 * awards they still hold (core/streak.h over the days with one and the configured holidays,
 * core/badges.h). Who may see it as store_points_history. *out is new. */
int store_points_summary(struct store *st, const struct actor *a, int64_t user_id, json_t **out,
                         struct err *err);
/* Each active person's net points in [from, to) and in [prev_from, from) (unix ms, whole UTC
 * days: the sums per day and week hold no finer time), with what a leaderboard needs:
 * {"user_id","name","team_id","team_name","created_at","deactivated_at","points","previous",
 * "board_visibility","team_manager_id","per_week" (their weekly target, null without one)},
 * integration accounts left out, by user id. *items is new. */
int store_points_totals(struct store *st, int64_t prev_from, int64_t from, int64_t to,
                        json_t **items, struct err *err);

/* ---- targets and holidays (docs/POINTS.md, "Targets and holidays") ---------------------- */

/* The largest weekly target and the longest holiday name, in characters. */
#define POINTS_TARGET_MAX  1000000
#define HOLIDAY_NAME_CHARS 100

/* The active people whose targets a may see, by user id: admins everyone, managers the people
 * of the live teams they manage and themselves, others themselves: {"user_id","name",
 * "team_id","team_name","per_week" (null: no target),"set_by","set_at","may_change"}. *items is
 * new. */
int store_points_targets_list(struct store *st, const struct actor *a, json_t **items,
                              struct err *err);
/* Sets user_id's target to per_week points a week (1..POINTS_TARGET_MAX, else UPT_EINVAL
 * naming "per_week"), audited as entity "points_target". Admins for anyone, managers for the
 * people of the live teams they manage, others never (UPT_EPERM); an unknown, inactive or
 * integration user is UPT_ENOTFOUND. *out (may be NULL; new) receives {"user_id","per_week",
 * "set_by","set_at"}. */
int store_points_target_set(struct store *st, const struct actor *a, int64_t user_id,
                            int64_t per_week, json_t **out, struct err *err);
/* Removes user_id's target (who may as above; UPT_ENOTFOUND when they have none). */
int store_points_target_clear(struct store *st, const struct actor *a, int64_t user_id,
                              struct err *err);
/* Holidays with from <= day <= to ('YYYY-MM-DD' texts, NULL: unbounded), by day, at most 1000:
 * {"day","name","created_by","created_at"}. Anyone signed in. *items is new. */
int store_holidays_list(struct store *st, const char *from, const char *to, json_t **items,
                        struct err *err);
/* Adds holiday day ('YYYY-MM-DD', else UPT_EINVAL naming "day") called name (1 to
 * HOLIDAY_NAME_CHARS characters of text, else UPT_EINVAL naming "name"); UPT_ECONFLICT naming
 * "day" when it is one already. Admins only (UPT_EPERM); audited as entity "holiday" with the
 * day number. *out (may be NULL; new) receives the row as listed. */
int store_holiday_add(struct store *st, const struct actor *a, const char *day, const char *name,
                      json_t **out, struct err *err);
/* Removes holiday day (admins; UPT_ENOTFOUND when it is none). */
int store_holiday_delete(struct store *st, const struct actor *a, const char *day, struct err *err);
/* The holidays in [from, to) (unix ms, whole UTC days) as day numbers (core/streak.h),
 * ascending, in *days (caller frees with free(); NULL when *n is 0). */
int store_holidays_days(struct store *st, int64_t from, int64_t to, int64_t **days, size_t *n,
                        struct err *err);

/* ---- consent on public boards (docs/POINTS.md, "Consent on public boards") ------------- */

/* The org's board settings (*cs; the defaults of CONSENT_SETTINGS_DEFAULT if the row is gone). */
int store_board_settings(struct store *st, struct consent_settings *cs, struct err *err);
/* Replaces them, audited as entity "board_settings" 1. Admins only (UPT_EPERM). */
int store_board_settings_set(struct store *st, const struct actor *a,
                             const struct consent_settings *cs, struct err *err);
/* What consent needs of one person: {"user_id","name","board_visibility" (null: the default),
 * "team_manager_id" (null without a live team)}; UPT_ENOTFOUND. *out is new. */
int store_board_person(struct store *st, int64_t user_id, json_t **out, struct err *err);
/* Sets the actor's own choice (enum consent_choice, or -1: follow the default), audited on the
 * user. CONSENT_HIDDEN while the settings forbid hiding is UPT_EINVAL naming "visibility". */
int store_board_visibility_set(struct store *st, const struct actor *a, int choice,
                               struct err *err);

/* Every badge (core/badges.h) with the active people holding it now: {"key","name","why",
 * "holders":[{"user_id","name"}]}. Anyone signed in. *items is new. */
int store_points_badges(struct store *st, const struct actor *a, json_t **items, struct err *err);

/* ---- contests (docs/POINTS.md, "Contests") ----------------------------------------------- */

/* Creates (d->id 0) or replaces contest d->id with d, checked by contest_check (UPT_EINVAL
 * naming the field; also a rule_id, user_ids or team_ids naming nothing), audited as entity
 * "contest". Admins only (UPT_EPERM); a cancelled contest is UPT_ECONFLICT. *out (may be NULL)
 * receives it as store_contest_get gives it. d is borrowed. */
struct contest_def;
int store_contest_save(struct store *st, const struct actor *a, const struct contest_def *d,
                       json_t **out, struct err *err);
/* Cancels contest id (admins; UPT_ECONFLICT when already cancelled). *out as below. */
int store_contest_cancel(struct store *st, const struct actor *a, int64_t id, json_t **out,
                         struct err *err);
/* One contest: {"id","name","starts_at","ends_at","metric","rule_id","format","target","top_n",
 * "participants","user_ids","team_ids","prize","created_by","created_at","updated_at",
 * "cancelled_at","state","seconds_left","standings":[{"rank","user_id" or "team_id","name",
 * "total","winner"(,"reached_at" in a race)}],"winners":[ids]} as of a->now; UPT_ENOTFOUND.
 * Anyone signed in may read contests. *out is new. */
int store_contest_get(struct store *st, const struct actor *a, int64_t id, json_t **out,
                      struct err *err);
/* The latest 200 contests by start, newest first, as above without standings. *items is new. */
int store_contests_list(struct store *st, const struct actor *a, json_t **items, struct err *err);

#endif
