/* SPDX-License-Identifier: MIT */
/* Kind-specific side effects of writes: deal stages and their history, task completion, lead
 * status rules, stage ordering. */
#include "store/sqlite/hooks.h"
#include "store/sqlite/internal.h"

#include <string.h>

static int is_set(const json_t *r, const char *key)
{
    json_t *v = json_object_get(r, key);
    return v && !json_is_null(v);
}

static const char SQL_STAGE_FLAGS[] =
    "SELECT is_won, is_lost FROM stages WHERE id = $id AND deleted_at IS NULL";

/* Reads whether stage id is a won or lost stage. */
static int stage_flags(struct store *st, int64_t id, int *won, int *lost, struct err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = stmt_get(st, SQL_STAGE_FLAGS, &s, err);

    *won = *lost = 0;
    if (rc < 0)
        return rc;
    bind_int(s, "$id", id);
    rc = stmt_step(st, s, err);
    if (rc == SQLITE_ROW) {
        *won = sqlite3_column_int(s, 0);
        *lost = sqlite3_column_int(s, 1);
    }
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

static const char SQL_FIRST_OPEN_STAGE[] =
    "SELECT id FROM stages WHERE deleted_at IS NULL AND is_won = 0 AND is_lost = 0"
    " ORDER BY position, id LIMIT 1";
static const char SQL_NEXT_POSITION[] =
    "SELECT coalesce(max(position), 0) + 1 FROM stages WHERE deleted_at IS NULL";

static int single_int(struct store *st, const char *sql, int64_t *out, struct err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = stmt_get(st, sql, &s, err);

    *out = 0;
    if (rc < 0)
        return rc;
    rc = stmt_step(st, s, err);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

static int set_closed(struct store *st, const struct actor *a, json_t *r, struct err *err)
{
    int won, lost, rc;

    if (!is_set(r, "stage_id"))
        return 0;
    rc = stage_flags(st, json_integer_value(json_object_get(r, "stage_id")), &won, &lost, err);
    if (rc < 0)
        return rc;
    json_object_set_new(r, "closed_at", won || lost ? json_integer(a->now) : json_null());
    return 0;
}

/* A lost reason belongs to a lost deal: any other deal drops it (reopening one clears it). */
static int keep_lost_reason_if_lost(struct store *st, json_t *r, struct err *err)
{
    int won, lost = 0, rc;

    if (!is_set(r, "lost_reason"))
        return 0;
    if (is_set(r, "stage_id")) {
        rc = stage_flags(st, json_integer_value(json_object_get(r, "stage_id")), &won, &lost, err);
        if (rc < 0)
            return rc;
    }
    if (!lost)
        json_object_set_new(r, "lost_reason", json_null());
    return 0;
}

/* A disqualification reason belongs to a disqualified lead: any other lead drops it. */
static void keep_reason_if_disqualified(json_t *r)
{
    const char *status = json_string_value(json_object_get(r, "status"));

    if (is_set(r, "disqualified_reason") && (!status || strcmp(status, "disqualified") != 0))
        json_object_set_new(r, "disqualified_reason", json_null());
}

int hooks_before_create(struct store *st, const struct record_kind *k, const struct actor *a,
                        json_t *r, struct err *err)
{
    int64_t v = 0;
    int rc = 0;

    if (k == &kind_activity) {
        if (!is_set(r, "occurred_at"))
            json_object_set_new(r, "occurred_at", json_integer(a->now));
    } else if (k == &kind_task) {
        int done = json_is_true(json_object_get(r, "done"));
        json_object_set_new(r, "done", json_boolean(done));
        json_object_set_new(r, "done_at", done ? json_integer(a->now) : json_null());
    } else if (k == &kind_lead) {
        if (!is_set(r, "status"))
            json_object_set_new(r, "status", json_string("new"));
        if (strcmp(json_string_value(json_object_get(r, "status")), "converted") == 0)
            return err_field(err, UPT_EINVAL, "status",
                             "a lead becomes 'converted' through POST /leads/{id}/convert");
        keep_reason_if_disqualified(r);
    } else if (k == &kind_stage) {
        if (!is_set(r, "position")) {
            rc = single_int(st, SQL_NEXT_POSITION, &v, err);
            json_object_set_new(r, "position", json_integer(v));
        }
        if (!is_set(r, "probability"))
            json_object_set_new(r, "probability", json_integer(0));
        if (!is_set(r, "is_won"))
            json_object_set_new(r, "is_won", json_false());
        if (!is_set(r, "is_lost"))
            json_object_set_new(r, "is_lost", json_false());
    } else if (k == &kind_deal) {
        if (!is_set(r, "stage_id")) {
            rc = single_int(st, SQL_FIRST_OPEN_STAGE, &v, err);
            if (rc < 0)
                return rc;
            if (!v)
                return err_field(err, UPT_EINVAL, "stage_id", "the pipeline has no open stage");
            json_object_set_new(r, "stage_id", json_integer(v));
        }
        rc = set_closed(st, a, r, err);
        if (rc == 0)
            rc = keep_lost_reason_if_lost(st, r, err);
    }
    return rc;
}

int hooks_before_update(struct store *st, const struct record_kind *k, const struct actor *a,
                        const json_t *before, json_t *r, struct err *err)
{
    if (k == &kind_task) {
        int was = json_is_true(json_object_get(before, "done"));
        int now = json_is_true(json_object_get(r, "done"));
        if (!json_is_boolean(json_object_get(r, "done")))
            json_object_set_new(r, "done", json_boolean(now));
        if (was != now)
            json_object_set_new(r, "done_at", now ? json_integer(a->now) : json_null());
    } else if (k == &kind_lead) {
        const char *was = json_string_value(json_object_get(before, "status"));
        const char *now = json_string_value(json_object_get(r, "status"));
        if (!now)
            return err_field(err, UPT_EINVAL, "status", "a lead needs a status");
        if (strcmp(was, now) != 0 && strcmp(was, "converted") == 0)
            return err_field(err, UPT_EINVAL, "status", "a converted lead stays converted");
        if (strcmp(was, now) != 0 && strcmp(now, "converted") == 0)
            return err_field(err, UPT_EINVAL, "status",
                             "a lead becomes 'converted' through POST /leads/{id}/convert");
        keep_reason_if_disqualified(r);
    } else if (k == &kind_stage) {
        if (!is_set(r, "position") || !is_set(r, "probability"))
            return err_field(err, UPT_EINVAL, is_set(r, "position") ? "probability" : "position",
                             "a stage needs a position and a probability");
        if (!json_is_boolean(json_object_get(r, "is_won")))
            json_object_set_new(r, "is_won", json_false());
        if (!json_is_boolean(json_object_get(r, "is_lost")))
            json_object_set_new(r, "is_lost", json_false());
    } else if (k == &kind_deal) {
        if (!is_set(r, "stage_id"))
            return err_field(err, UPT_EINVAL, "stage_id", "a deal needs a stage");
        if (!json_equal(json_object_get(before, "stage_id"), json_object_get(r, "stage_id"))) {
            int rc = set_closed(st, a, r, err);
            if (rc < 0)
                return rc;
        }
        return keep_lost_reason_if_lost(st, r, err);
    }
    return 0;
}

static const char SQL_HISTORY_INSERT[] =
    "INSERT INTO deal_stage_history (deal_id, from_stage_id, to_stage_id, changed_by, changed_at)"
    " VALUES ($deal, $from, $to, $by, $at)";

static int deal_after_write(struct store *st, const struct actor *a, const json_t *before,
                            const json_t *after, struct err *err)
{
    json_t *from = before ? json_object_get(before, "stage_id") : NULL;
    json_t *to = json_object_get(after, "stage_id");
    int64_t id = json_integer_value(json_object_get(after, "id"));
    sqlite3_stmt *s = NULL;
    int won, lost, rc;

    if (before && json_equal(from, to))
        return 0;
    rc = stmt_get(st, SQL_HISTORY_INSERT, &s, err);
    if (rc < 0)
        return rc;
    bind_int(s, "$deal", id);
    bind_json(s, "$from", from);
    bind_json(s, "$to", to);
    bind_int_or_null(s, "$by", a->user_id);
    bind_int(s, "$at", a->now);
    rc = stmt_exec(st, s, err);
    if (rc < 0)
        return rc;
    if (before) {
        json_t *detail = json_pack("{s:O,s:O}", "from_stage_id", from, "to_stage_id", to);
        rc = store_event_add(st, a, EV_DEAL_STAGE_CHANGED, "deal", id, detail, err);
        json_decref(detail);
        if (rc < 0)
            return rc;
    }
    /* A deal created straight into a won or lost stage is won or lost too. */
    rc = stage_flags(st, json_integer_value(to), &won, &lost, err);
    if (rc < 0)
        return rc;
    if (won || lost) {
        json_t *amount =
            json_pack("{s:O,s:O}", "amount_minor", json_object_get(after, "amount_minor"),
                      "currency", json_object_get(after, "currency"));
        rc = store_event_add(st, a, won ? EV_DEAL_WON : EV_DEAL_LOST, "deal", id, amount, err);
        json_decref(amount);
    }
    return rc;
}

/* A new activity on a lead works the lead: its updated_at moves to now, so a lead someone calls
 * is not counted as untouched (freshness, Today) by the rules that read updated_at. */
static const char SQL_LEAD_TOUCH[] =
    "UPDATE leads SET updated_at = max(updated_at, $now) WHERE id = $id AND deleted_at IS NULL";

static int lead_touch(struct store *st, const struct actor *a, const json_t *lead_id,
                      struct err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = stmt_get(st, SQL_LEAD_TOUCH, &s, err);

    if (rc < 0)
        return rc;
    bind_int(s, "$now", a->now);
    bind_json(s, "$id", lead_id);
    return stmt_exec(st, s, err);
}

int hooks_after_write(struct store *st, const struct record_kind *k, const struct actor *a,
                      const json_t *before, const json_t *after, struct err *err)
{
    if (k == &kind_deal)
        return deal_after_write(st, a, before, after, err);
    if (k == &kind_activity && json_is_integer(json_object_get(after, "lead_id")) &&
        (!before ||
         !json_equal(json_object_get(before, "lead_id"), json_object_get(after, "lead_id"))))
        return lead_touch(st, a, json_object_get(after, "lead_id"), err);
    if (k == &kind_task && json_is_true(json_object_get(after, "done")) &&
        (!before || !json_is_true(json_object_get(before, "done")))) {
        int64_t id = json_integer_value(json_object_get(after, "id"));
        json_t *due = json_object_get(after, "due_at");
        json_t *detail = json_pack("{s:b}", "on_time",
                                   !json_is_integer(due) || json_integer_value(due) >= a->now);
        int rc = store_event_add(st, a, EV_TASK_COMPLETED, "task", id, detail, err);
        json_decref(detail);
        return rc;
    }
    return 0;
}

static const char SQL_MEANINGFUL[] =
    "SELECT length(trim(coalesce($body, ''))) >= $chars AND NOT EXISTS (SELECT 1 FROM"
    " (SELECT body FROM activities WHERE owner_id = $owner AND id < $id AND deleted_at IS NULL"
    "  ORDER BY id DESC LIMIT 20) WHERE trim(coalesce(body, '')) = trim($body))";

int hooks_created_detail(struct store *st, const struct record_kind *k, const json_t *stored,
                         json_t **detail, struct err *err)
{
    sqlite3_stmt *s = NULL;
    int rc, meaningful = 0;

    *detail = NULL;
    if (k != &kind_activity)
        return 0;
    rc = stmt_get(st, SQL_MEANINGFUL, &s, err);
    if (rc < 0)
        return rc;
    bind_json(s, "$body", json_object_get(stored, "body"));
    bind_int(s, "$chars", ADOPTION_NOTE_CHARS);
    bind_json(s, "$owner", json_object_get(stored, "owner_id"));
    bind_json(s, "$id", json_object_get(stored, "id"));
    rc = stmt_step(st, s, err);
    if (rc == SQLITE_ROW)
        meaningful = sqlite3_column_int(s, 0);
    stmt_done(s);
    if (rc < 0)
        return rc;
    *detail =
        json_pack("{s:O,s:b}", "kind", json_object_get(stored, "kind"), "meaningful", meaningful);
    return 0;
}
