/* SPDX-License-Identifier: MIT */
/* The database work of the kinds' rules (core/kind_rules.c): looking up the facts they read
 * (stage flags, the first open stage, the next stage position, the owner's recent notes) and
 * carrying out the effects they decide (stage history rows, domain events, a touched lead). */
#include "store/hooks.h"
#include "store/internal.h"

#include "core/xalloc.h"

#include <stdlib.h>

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
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_STAGE_FLAGS, &s, err);

    *won = *lost = 0;
    if (rc < 0)
        return rc;
    bind_int(s, "$id", id);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW) {
        *won = column_int(s, 0);
        *lost = column_int(s, 1);
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
    struct stmt *s = NULL;
    int rc = stmt_get(st, sql, &s, err);

    *out = 0;
    if (rc < 0)
        return rc;
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW)
        *out = column_int(s, 0);
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* The owner's latest live activities but this one (0 for a new one), newest first: what new
 * notes are judged against. Through the owner's index, as the credit is the owner's. */
static const char SQL_RECENT_NOTES[] =
    "SELECT body FROM activities ${hint:activities_owner} WHERE owner_id = $owner AND id <> $id"
    " AND deleted_at IS NULL AND body IS NOT NULL ORDER BY id DESC LIMIT $n";

static int recent_notes(struct store *st, const json_t *before, const json_t *r,
                        struct kind_facts *f, struct err *err)
{
    struct stmt *s = NULL;
    json_t *owner = json_object_get(r, "owner_id");
    int rc;

    if (!json_is_integer(owner))
        return 0;
    rc = stmt_get(st, SQL_RECENT_NOTES, &s, err);
    if (rc < 0)
        return rc;
    bind_json(s, "$owner", owner);
    bind_int(s, "$id", before ? json_integer_value(json_object_get(before, "id")) : 0);
    bind_int(s, "$n", NOTE_RECENT_MAX);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW && f->nrecent < NOTE_RECENT_MAX) {
        const char *body = column_text(s, 0);
        if (body)
            f->recent_notes[f->nrecent++] = xstrdup(body);
    }
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* Looks up the facts k's before-write rule needs (k->rules.needs) for r. */
static int facts_fill(struct store *st, const struct record_kind *k, const json_t *before,
                      const json_t *r, struct kind_facts *f, struct err *err)
{
    int64_t stage = 0;
    int rc = 0;

    if (k->rules.needs & KIND_NEEDS_STAGE) {
        if (is_set(r, "stage_id"))
            stage = json_integer_value(json_object_get(r, "stage_id"));
        else if (!before)
            rc = single_int(st, SQL_FIRST_OPEN_STAGE, &f->first_open_stage, err);
        if (rc == 0 && !stage)
            stage = f->first_open_stage;
        if (rc == 0 && stage)
            rc = stage_flags(st, stage, &f->stage_won, &f->stage_lost, err);
    }
    if (rc == 0 && (k->rules.needs & KIND_NEEDS_POSITION) && !before && !is_set(r, "position"))
        rc = single_int(st, SQL_NEXT_POSITION, &f->next_position, err);
    if (rc == 0 && (k->rules.needs & KIND_NEEDS_NOTE_HISTORY) && kind_notes_to_judge(before, r))
        rc = recent_notes(st, before, r, f, err);
    return rc;
}

void hooks_facts_release(struct kind_facts *f)
{
    for (size_t i = 0; i < f->nrecent; i++)
        free(f->recent_notes[i]);
    f->nrecent = 0;
}

int hooks_before_write(struct store *st, const struct record_kind *k, const struct actor *a,
                       const json_t *before, json_t *r, struct kind_facts *facts, struct err *err)
{
    int rc = facts_fill(st, k, before, r, facts, err);

    if (rc < 0 || !k->rules.before_write)
        return rc;
    return k->rules.before_write(before, r, facts, a->now, err);
}

static const char SQL_HISTORY_INSERT[] =
    "INSERT INTO deal_stage_history (deal_id, from_stage_id, to_stage_id, changed_by, changed_at)"
    " VALUES ($deal, $from, $to, $by, $at)";

/* Writes the stage history row of a deal that got or changed its stage. */
static int stage_history_add(struct store *st, const struct actor *a, const json_t *before,
                             const json_t *after, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_HISTORY_INSERT, &s, err);

    if (rc < 0)
        return rc;
    bind_json(s, "$deal", json_object_get(after, "id"));
    bind_json(s, "$from", before ? json_object_get(before, "stage_id") : NULL);
    bind_json(s, "$to", json_object_get(after, "stage_id"));
    bind_int_or_null(s, "$by", a->user_id);
    bind_int(s, "$at", a->now);
    return stmt_exec(st, s, err);
}

/* A new activity on a lead works the lead: its updated_at moves to now, so a lead someone calls
 * is not counted as untouched (freshness, Today) by the rules that read updated_at. */
static const char SQL_LEAD_TOUCH[] = "UPDATE leads SET updated_at = ${greatest}(updated_at, $now) "
                                     "WHERE id = $id AND deleted_at IS NULL";

static int lead_touch(struct store *st, const struct actor *a, int64_t lead_id, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_LEAD_TOUCH, &s, err);

    if (rc < 0)
        return rc;
    bind_int(s, "$now", a->now);
    bind_int(s, "$id", lead_id);
    return stmt_exec(st, s, err);
}

int hooks_after_write(struct store *st, const struct record_kind *k, const struct actor *a,
                      const json_t *before, const json_t *after, const struct kind_facts *facts,
                      struct err *err)
{
    struct kind_effects e = {0};
    int64_t id = json_integer_value(json_object_get(after, "id"));
    int rc = 0;

    if (!k->rules.after_write)
        return 0;
    k->rules.after_write(before, after, facts, a->now, &e);
    if (e.stage_moved)
        rc = stage_history_add(st, a, before, after, err);
    for (size_t i = 0; i < e.nevents && rc == 0; i++)
        rc = store_event_add(st, a, e.events[i].kind, k->name, id, e.events[i].detail, err);
    if (rc == 0 && e.touch_lead)
        rc = lead_touch(st, a, e.touch_lead, err);
    kind_effects_release(&e);
    return rc;
}
int hooks_created_detail(struct store *st, const struct record_kind *k, const json_t *stored,
                         struct kind_facts *facts, json_t **detail, struct err *err)
{
    (void)st;
    (void)err;
    *detail = k->rules.created_detail ? k->rules.created_detail(stored, facts) : NULL;
    return 0;
}
