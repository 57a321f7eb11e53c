/* SPDX-License-Identifier: MIT */
/* Review flags (core/review.h): counted inside the write that causes them, as a step of the
 * write pipeline (store/write.c), and listed and dismissed for managers. A flag is one row per
 * person, day and kind; its reasons are a JSON object of counts, read and written back here
 * under the row's lock (taken by the upsert that counts), so the SQL is the same on both
 * engines. */
#include "store/internal.h"

#include "core/buf.h"
#include "core/clock.h"
#include "core/review.h"

#include <stdlib.h>
#include <string.h>

/* Counts into the row of (user, day, kind), creating it, in one statement that also locks it
 * to the end of the write: set_n replaces the count (a burst's is the day's total), else add
 * adds to it. */
static const char SQL_FLAG_COUNT[] =
    "INSERT INTO review_flags (user_id, day, kind, n, usual, first_at, last_at)"
    " VALUES ($user, $day, $kind, $n, $usual, $at, $at) ON CONFLICT (user_id, day, kind) DO UPDATE"
    " SET n = CASE WHEN $set = 1 THEN excluded.n ELSE review_flags.n + excluded.n END,"
    " usual = excluded.usual, last_at = excluded.last_at RETURNING id, reasons";
static const char SQL_FLAG_REASONS[] = "UPDATE review_flags SET reasons = $reasons WHERE id = $id";

/* Adds add incidents to (or, when set_n > 0, sets to set_n the count of) user's flag of kind on
 * the day of at, reason (may be NULL) counted in its reasons; usual kept for the sentence. */
static int flag_count(struct store *st, int64_t user, int64_t at, enum review_kind kind,
                      int64_t add, int64_t set_n, double usual, const char *reason, struct err *err)
{
    struct stmt *s = NULL;
    char day[16];
    int64_t id = 0;
    json_t *reasons = NULL;
    int rc = stmt_get(st, SQL_FLAG_COUNT, &s, err);

    if (rc < 0)
        return rc;
    clock_format_day(at, day, sizeof day);
    bind_int(s, "$user", user);
    bind_text(s, "$day", day);
    bind_text(s, "$kind", review_kind_name(kind));
    bind_int(s, "$n", set_n > 0 ? set_n : add);
    bind_int(s, "$set", set_n > 0);
    bind_double(s, "$usual", usual);
    bind_int(s, "$at", at);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW) {
        id = column_int(s, 0);
        if (reason)
            reasons = json_loads(column_text(s, 1) ? column_text(s, 1) : "{}", 0, NULL);
    }
    stmt_done(s);
    if (rc < 0 || !reason)
        return rc < 0 ? rc : 0;
    if (!json_is_object(reasons)) {
        json_decref(reasons);
        reasons = json_object();
    }
    json_int_t was = json_integer_value(json_object_get(reasons, reason));
    json_object_set_new(reasons, reason, json_integer(was + add));
    char *text = json_dumps(reasons, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(reasons);
    rc = stmt_get(st, SQL_FLAG_REASONS, &s, err);
    if (rc == 0) {
        bind_text(s, "$reasons", text);
        bind_int(s, "$id", id);
        rc = stmt_exec(st, s, err);
    }
    free(text);
    return rc;
}

/* The person's activities on the day of at and per active day over the REVIEW_USUAL_DAYS days
 * before, from the rollups this write has just updated. */
static const char SQL_DAY_AND_USUAL[] =
    "SELECT coalesce((SELECT activities FROM usage_days WHERE user_id = $user AND day = $day), 0),"
    " coalesce(sum(activities), 0), count(*) FROM usage_days"
    " WHERE user_id = $user AND day >= $from AND day < $day AND events > 0";

static int check_burst(struct store *st, int64_t user, int64_t at, struct err *err)
{
    struct stmt *s = NULL;
    char day[16], from[16];
    int64_t today = 0, usual_n = 0, usual_days = 0;
    int rc = stmt_get(st, SQL_DAY_AND_USUAL, &s, err);

    if (rc < 0)
        return rc;
    clock_format_day(at, day, sizeof day);
    clock_format_day(at - (int64_t)REVIEW_USUAL_DAYS * CLOCK_DAY_MS, from, sizeof from);
    bind_int(s, "$user", user);
    bind_text(s, "$day", day);
    bind_text(s, "$from", from);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW) {
        today = column_int(s, 0);
        usual_n = column_int(s, 1);
        usual_days = column_int(s, 2);
    }
    stmt_done(s);
    if (rc < 0 || !review_is_burst(today, usual_n, usual_days))
        return rc < 0 ? rc : 0;
    return flag_count(st, user, at, REVIEW_BURST, 0, today,
                      usual_days > 0 ? (double)usual_n / (double)usual_days : 0, NULL, err);
}

int review_after_write(struct store *st, const struct record_kind *k, int64_t now,
                       const json_t *before, const json_t *after, int deleted, struct err *err)
{
    const json_t *row = deleted ? before : after;
    int64_t owner = json_integer_value(json_object_get(row, "owner_id"));
    int rc = 0;

    if (!(k->flags & K_OWNED) || owner <= 0)
        return 0;
    if (deleted) {
        int64_t created = json_integer_value(json_object_get(before, "created_at"));
        if (!review_is_quick_delete(created, now))
            return 0;
        return flag_count(st, owner, created, REVIEW_QUICK_DELETES, 1, 0, 0, k->name, err);
    }
    if (k != &kind_activity || before)
        return 0;
    /* Notes typed and judged junk (no notes at all is a short call, not gaming). */
    const char *body = json_string_value(json_object_get(after, "body"));
    const char *reason = json_string_value(json_object_get(after, "notes_reason"));
    if (body && body[strspn(body, " \t\r\n")] &&
        !json_is_true(json_object_get(after, "notes_real")))
        rc = flag_count(st, owner, now, REVIEW_JUNK_NOTES, 1, 0, 0, reason ? reason : "no notes",
                        err);
    return rc < 0 ? rc : check_burst(st, owner, now, err);
}

/* ---- listing and dismissing ------------------------------------------------------------- */

#define FLAG_COLUMNS                                                                               \
    "f.id, f.user_id, u.name, f.day, f.kind, f.n, f.usual, f.reasons, f.first_at, f.last_at,"      \
    " f.dismissed_at, f.dismissed_by, f.note"

static json_t *flag_row(struct stmt *s)
{
    enum review_kind kind = review_kind_of(column_text(s, 4));
    char sentence[160];
    json_t *reasons = json_loads(column_text(s, 7) ? column_text(s, 7) : "{}", 0, NULL);

    review_sentence(kind, column_int(s, 5), column_double(s, 6), sentence, sizeof sentence);
    return json_pack(
        "{s:o,s:o,s:o,s:o,s:o,s:o,s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "id", column_json(s, 0), "user_id",
        column_json(s, 1), "user_name", column_json(s, 2), "day", column_json(s, 3), "kind",
        column_json(s, 4), "n", column_json(s, 5), "sentence", sentence, "reasons",
        json_is_object(reasons) ? reasons : json_object(), "first_at", column_json(s, 8), "last_at",
        column_json(s, 9), "dismissed_at", column_json(s, 10), "dismissed_by", column_json(s, 11),
        "note", column_json(s, 12));
}

int store_review_flags(struct store *st, const struct actor *a, const struct review_query *q,
                       json_t **items, struct err *err)
{
    struct access_filter f;
    struct buf sql = BUF_INIT;
    struct stmt *s = NULL;
    int rc;

    *items = NULL;
    access_change_filter(a, &f);
    buf_adds(&sql, "SELECT " FLAG_COLUMNS " FROM review_flags f JOIN users u ON u.id = f.user_id"
                   " WHERE (f.kind = 'burst' OR (f.kind = 'quick_deletes' AND f.n >= $quick_shown)"
                   " OR (f.kind = 'junk_notes' AND f.n >= $junk_shown)) AND ");
    visibility_render(&sql, &f, "f.user_id");
    if (q->user_id)
        buf_adds(&sql, " AND f.user_id = $user");
    if (q->status == REVIEW_OPEN)
        buf_adds(&sql, " AND f.dismissed_at IS NULL");
    else if (q->status == REVIEW_DISMISSED)
        buf_adds(&sql, " AND f.dismissed_at IS NOT NULL");
    buf_adds(&sql, " ORDER BY f.last_at DESC, f.id DESC LIMIT $limit");
    rc = stmt_get(st, sql.s, &s, err);
    buf_release(&sql);
    if (rc < 0)
        return rc;
    visibility_bind(s, a);
    bind_int(s, "$quick_shown", REVIEW_QUICK_DELETES_SHOWN); /* review_is_shown, in SQL */
    bind_int(s, "$junk_shown", REVIEW_JUNK_NOTES_SHOWN);
    if (q->user_id)
        bind_int(s, "$user", q->user_id);
    bind_int(s, "$limit", q->limit > 0 ? q->limit : 100);
    *items = json_array();
    while ((rc = stmt_step(st, s, err)) == STMT_ROW)
        json_array_append_new(*items, flag_row(s));
    stmt_done(s);
    if (rc < 0) {
        json_decref(*items);
        *items = NULL;
    }
    return rc < 0 ? rc : 0;
}

static const char SQL_FLAG_GET[] =
    "SELECT f.user_id, f.dismissed_at FROM review_flags f WHERE f.id = $id${for_update}";
static const char SQL_FLAG_DISMISS[] = "UPDATE review_flags SET dismissed_at = $at,"
                                       " dismissed_by = $by, note = $note WHERE id = $id";
static const char SQL_FLAG_ONE[] =
    "SELECT " FLAG_COLUMNS " FROM review_flags f JOIN users u ON u.id = f.user_id WHERE f.id = $id";

/* Under the flag's lock: who it is about, and whether a may dismiss it (a manager of theirs or
 * an admin; never the person themselves). A flag a may not see is not found. */
static int dismiss_locked(struct store *st, const struct actor *a, int64_t id, const char *note,
                          struct err *err)
{
    struct stmt *s = NULL;
    int64_t user = 0;
    int dismissed = 0, found = 0, rc = stmt_get(st, SQL_FLAG_GET, &s, err);
    struct access_owner o;

    if (rc < 0)
        return rc;
    bind_int(s, "$id", id);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW) {
        found = 1;
        user = column_int(s, 0);
        dismissed = !column_is_null(s, 1);
    }
    stmt_done(s);
    if (rc < 0)
        return rc;
    rc = found ? access_owner_load(st, a, user, &o, err) : 0;
    if (rc < 0)
        return rc;
    if (!found || !access_may_change(a, &o, K_OWNED))
        return err_set(err, UPT_ENOTFOUND, "no review flag %lld", (long long)id);
    if (user == a->user_id || a->role == ROLE_REP)
        return err_set(err, UPT_EPERM, "a flag is dismissed by the person's manager or an admin");
    if (dismissed)
        return err_set(err, UPT_ECONFLICT, "review flag %lld is already dismissed", (long long)id);
    rc = stmt_get(st, SQL_FLAG_DISMISS, &s, err);
    if (rc < 0)
        return rc;
    bind_int(s, "$at", a->now);
    bind_int(s, "$by", a->user_id);
    bind_text(s, "$note", note);
    bind_int(s, "$id", id);
    return stmt_exec(st, s, err);
}

int store_review_dismiss(struct store *st, const struct actor *a, int64_t id, const char *note,
                         json_t **out, struct err *err)
{
    struct stmt *s = NULL;
    int rc = store_tx_begin(st, err);

    *out = NULL;
    if (rc < 0)
        return rc;
    rc = dismiss_locked(st, a, id, note, err);
    if (rc == 0)
        rc = store_event_add(st, a, EV_REVIEW_FLAG_DISMISSED, "review_flag", id, NULL, err);
    if (rc == 0)
        rc = stmt_get(st, SQL_FLAG_ONE, &s, err);
    if (rc == 0) {
        bind_int(s, "$id", id);
        rc = stmt_step(st, s, err);
        if (rc == STMT_ROW)
            *out = flag_row(s);
        stmt_done(s);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0)
        rc = store_tx_commit(st, err);
    else
        store_tx_rollback(st);
    if (rc < 0) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}
