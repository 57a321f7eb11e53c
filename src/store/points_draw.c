/* SPDX-License-Identifier: MIT */
/* Surprise-reward draws (docs/POINTS.md, "Draws"): an admin draws a winner among the people who
 * qualify now (a clean pipeline, every meeting of this week with notes of real content, or
 * both); the draw keeps its seed and the eligible ids, so anyone can run it again with
 * core/draw.c and check the winner. */
#include "store/internal.h"

#include "core/clock.h"
#include "core/draw.h"
#include "core/streak.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const criteria[] = {"pipeline_and_meetings", "pipeline", "meetings", NULL};

/* Of the people ids (ascending), those whose every meeting since the week's Monday has notes of
 * real content, kept in place; *n shrinks. */
static const char SQL_MEETINGS[] =
    "SELECT owner_id, coalesce(notes_real, 0) FROM activities WHERE kind = 'meeting'"
    " AND deleted_at IS NULL"
    " AND coalesce(occurred_at, created_at) >= $monday AND coalesce(occurred_at, created_at) <= "
    "$now"
    " AND owner_id IS NOT NULL ORDER BY owner_id";

static int keep_noted(struct store *st, int64_t now, int64_t *ids, size_t *n, struct err *err)
{
    int64_t today = streak_day_of(now), monday = today - streak_weekday(today);
    struct stmt *s = NULL;
    int64_t *bad = NULL;
    size_t nbad = 0, cap = 0, k = 0;
    int rc = stmt_get(st, SQL_MEETINGS, &s, err);

    if (rc < 0)
        return rc;
    bind_int(s, "$monday", monday * CLOCK_DAY_MS);
    bind_int(s, "$now", now);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        if (column_int(s, 1)) /* the notes' verdict, as stored by the activity's writes */
            continue;
        if (nbad == cap) {
            cap = cap ? 2 * cap : 16;
            bad = xrealloc(bad, cap * sizeof *bad);
        }
        bad[nbad++] = column_int(s, 0);
    }
    stmt_done(s);
    for (size_t i = 0; rc >= 0 && i < *n; i++) {
        int skip = 0;
        for (size_t j = 0; j < nbad && !skip; j++)
            skip = bad[j] == ids[i];
        if (!skip)
            ids[k++] = ids[i];
    }
    if (rc >= 0)
        *n = k;
    free(bad);
    return rc < 0 ? rc : 0;
}

static const char SQL_ACTIVE[] =
    "SELECT id FROM users WHERE active = 1 AND is_integration = 0 ORDER BY id";

static int active_people(struct store *st, int64_t **ids, size_t *n, struct err *err)
{
    struct stmt *s = NULL;
    size_t cap = 0;
    int rc = stmt_get(st, SQL_ACTIVE, &s, err);

    *ids = NULL;
    *n = 0;
    if (rc < 0)
        return rc;
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 64;
            *ids = xrealloc(*ids, cap * sizeof **ids);
        }
        (*ids)[(*n)++] = column_int(s, 0);
    }
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

static const char SQL_DRAW_INSERT[] =
    "INSERT INTO points_draws (at, drawn_by, criterion, prize, seed, eligible, winner_id)"
    " VALUES ($at, $by, $criterion, $prize, $seed, $eligible, $winner) RETURNING id";

#define DRAW_COLUMNS "id, at, drawn_by, criterion, prize, seed, eligible, winner_id"

static json_t *draw_row(struct stmt *s)
{
    json_t *eligible = json_loads(column_text(s, 6), 0, NULL);

    return json_pack("{s:I,s:I,s:o,s:s,s:s,s:s,s:o,s:o}", "id", (json_int_t)column_int(s, 0), "at",
                     (json_int_t)column_int(s, 1), "drawn_by", column_json(s, 2), "criterion",
                     column_text(s, 3), "prize", column_text(s, 4), "seed", column_text(s, 5),
                     "eligible", eligible ? eligible : json_array(), "winner_id",
                     column_json(s, 7));
}

static const char SQL_DRAW_GET[] = "SELECT " DRAW_COLUMNS " FROM points_draws WHERE id = $id";

int store_points_draw_get(struct store *st, int64_t id, json_t **out, struct err *err)
{
    char what[48];
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_DRAW_GET, &s, err);

    *out = NULL;
    if (rc < 0)
        return rc;
    bind_int(s, "$id", id);
    snprintf(what, sizeof what, "draw '%lld'", (long long)id);
    return stmt_one(st, s, draw_row, what, out, err);
}

static const char SQL_DRAW_LIST[] =
    "SELECT " DRAW_COLUMNS " FROM points_draws ORDER BY id DESC LIMIT 100";

int store_points_draws_list(struct store *st, json_t **items, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_DRAW_LIST, &s, err);

    *items = NULL;
    return rc < 0 ? rc : stmt_collect(st, s, draw_row, items, err);
}

int store_points_draw(struct store *st, const struct actor *a, const char *criterion,
                      const char *prize, const char *seed, json_t **out, struct err *err)
{
    char fresh[DRAW_SEED_HEX], tomorrow[16];
    int64_t *ids = NULL, checked = 0, winner = 0, id = 0;
    size_t n = 0, index = 0;
    json_t *eligible = NULL;
    char *eligible_text = NULL;
    struct stmt *s = NULL;
    int which = -1, rc = 0;

    *out = NULL;
    for (int i = 0; criterion && criteria[i]; i++)
        if (strcmp(criterion, criteria[i]) == 0)
            which = i;
    if (a->role != ROLE_ADMIN)
        return err_set(err, UPT_EPERM, "only an admin may draw");
    if (which < 0)
        return err_field(err, UPT_EINVAL, "criterion",
                         "criterion must be pipeline_and_meetings, pipeline or meetings");
    if (!prize || !prize[0] || strlen(prize) > 200)
        return err_field(err, UPT_EINVAL, "prize", "prize must be 1 to 200 characters");
    if (seed && draw_pick(seed, (int64_t[]){1}, 1, &index, &winner) < 0)
        return err_field(err, UPT_EINVAL, "seed", "seed must be 64 hex digits");
    if (!seed) {
        draw_seed_new(fresh);
        seed = fresh;
    }
    clock_format_day((streak_day_of(a->now) + 1) * CLOCK_DAY_MS, tomorrow, sizeof tomorrow);
    rc = store_tx_begin(st, err);
    if (rc < 0)
        return rc;
    rc = which == 2 ? active_people(st, &ids, &n, err)
                    : points_clean_pipelines(st, tomorrow, &ids, &n, &checked, err);
    if (rc == 0 && which != 1)
        rc = keep_noted(st, a->now, ids, &n, err);
    if (rc == 0 && n == 0)
        rc = err_set(err, UPT_ECONFLICT, "nobody qualifies for the draw");
    if (rc == 0 && draw_pick(seed, ids, n, &index, &winner) < 0)
        rc = err_set(err, UPT_EINVAL, "the draw could not pick a winner");
    if (rc < 0)
        goto out;
    eligible = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(eligible, json_integer(ids[i]));
    eligible_text = json_dumps(eligible, JSON_COMPACT);
    rc = stmt_get(st, SQL_DRAW_INSERT, &s, err);
    if (rc < 0)
        goto out;
    bind_int(s, "$at", a->now);
    bind_int_or_null(s, "$by", a->user_id);
    bind_text(s, "$criterion", criteria[which]);
    bind_text(s, "$prize", prize);
    bind_text(s, "$seed", seed);
    bind_text(s, "$eligible", eligible_text);
    bind_int(s, "$winner", winner);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW)
        id = column_int(s, 0);
    stmt_done(s);
    if (rc >= 0)
        rc = store_points_draw_get(st, id, out, err);
    if (rc == 0)
        rc = audit_add(st, a, "points_draw", id, "create", NULL, *out, err);
out:
    if (rc == 0)
        rc = store_tx_commit(st, err);
    else
        store_tx_rollback(st);
    if (rc < 0) {
        json_decref(*out);
        *out = NULL;
    }
    free(ids);
    free(eligible_text);
    json_decref(eligible);
    return rc;
}
