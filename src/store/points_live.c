/* SPDX-License-Identifier: MIT */
/* The live items of the points step (docs/POINTS.md, "Live events"): after the step appends
 * ledger rows, badge.earned for a badge the person did not hold before them, rank.changed when
 * their place on this week's person leaderboard moved, contest.updated (with the top 5) for
 * each running contest the rows count in. The ledger is append-only, so "before" is the same
 * reads cut at the row before the step's first (whose id the step hands over): no work before
 * the step, and none after when it wrote nothing. Each payload is built in one function. */
#include "store/internal.h"

#include "core/badges.h"
#include "core/leaderboard.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char SQL_NEW[] =
    "SELECT user_id, points FROM points_ledger WHERE id > $mark ORDER BY id";

static int add_json(struct store *st, const char *type, json_t *item, struct err *err)
{
    char *data = json_dumps(item, JSON_COMPACT);
    int rc = data ? store_live_add(st, type, data, err) : 0;

    free(data);
    json_decref(item);
    return rc;
}

/* badge.earned: who (in the public form: the stream is a broadcast) and which badge. */
static json_t *badge_earned_item(int64_t user_id, const char *name, const char *choice,
                                 const struct consent_settings *cs, const struct badge_def *b)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s}", "user_id", (json_int_t)user_id, "name",
                          name ? name : "", "badge", b->key, "badge_name", b->name, "why", b->why);

    board_person_for(o, "user_id", "name", cs, choice, NULL);
    return o;
}

/* rank.changed: the person's place on this week's points leaderboard, before and now. */
static json_t *rank_changed_item(int64_t user_id, const char *name, int before, int now,
                                 int64_t points, int of)
{
    return json_pack("{s:I,s:s,s:s,s:i,s:i,s:I,s:i}", "user_id", (json_int_t)user_id, "name", name,
                     "period", "week", "rank", now, "previous_rank", before, "points",
                     (json_int_t)points, "of", of);
}

/* contest.updated: the contest and its top 5 (standings built by contest_standings, in the
 * public form). */
static json_t *contest_updated_item(const json_t *c, json_t *top)
{
    return json_pack("{s:O,s:O,s:O,s:O,s:o}", "contest_id", json_object_get(c, "id"), "name",
                     json_object_get(c, "name"), "format", json_object_get(c, "format"), "ends_at",
                     json_object_get(c, "ends_at"), "top", top);
}

/* A person's delta in the step's rows. */
struct delta {
    int64_t user_id, points;
};

static int rank_of(struct lb_entry *v, size_t n, int64_t user)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].user_id == user)
            return v[i].rank;
    return 0;
}

/* rank.changed for each person of d whose place on this week's board moved: the public board,
 * so among the people it shows (a hidden person is on no public board, and has no rank there)
 * and by the name it shows. */
static int ranks(struct store *st, const struct consent_settings *cs, int64_t now,
                 const struct delta *d, size_t nd, struct err *err)
{
    struct lb_range week, prev;
    json_t *totals = NULL, *t;
    struct lb_entry *after = NULL, *before = NULL;
    size_t n, i;
    int rc;

    lb_range_of(LB_WEEK, now, 0, 0, &week);
    lb_range_previous(&week, &prev);
    rc = store_points_totals(st, week.from, week.from, week.to, &totals, err);
    if (rc < 0)
        return rc;
    n = json_array_size(totals);
    after = xmalloc((n ? n : 1) * sizeof *after);
    before = xmalloc((n ? n : 1) * sizeof *before);
    n = 0;
    json_array_foreach(totals, i, t)
    {
        if (!board_person_for(t, "user_id", "name", cs,
                              json_string_value(json_object_get(t, "board_visibility")), NULL))
            continue;
        after[n] = (struct lb_entry){.user_id = json_integer_value(json_object_get(t, "user_id")),
                                     .name = json_string_value(json_object_get(t, "name")),
                                     .points = json_integer_value(json_object_get(t, "points"))};
        before[n] = after[n];
        for (size_t k = 0; k < nd; k++)
            if (d[k].user_id == after[n].user_id)
                before[n].points -= d[k].points; /* the step's rows are all at now: this week */
        n++;
    }
    lb_rank(after, n, LB_POINTS, &week, NULL, 0);
    lb_rank(before, n, LB_POINTS, &week, NULL, 0);
    for (size_t k = 0; rc == 0 && k < nd; k++) {
        int r0 = rank_of(before, n, d[k].user_id), r1 = rank_of(after, n, d[k].user_id);
        if (r0 && r1 && r0 != r1)
            for (i = 0; i < n; i++)
                if (after[i].user_id == d[k].user_id)
                    rc = add_json(st, "rank.changed",
                                  rank_changed_item(after[i].user_id, after[i].name, r0, r1,
                                                    after[i].points, (int)n),
                                  err);
    }
    free(after);
    free(before);
    json_decref(totals);
    return rc;
}

static const char SQL_NAME[] = "SELECT name, board_visibility FROM users WHERE id = $id";

static int badges(struct store *st, const struct consent_settings *cs, int64_t mark, int64_t now,
                  int64_t user, struct err *err)
{
    unsigned was = 0, is = 0, fresh;
    struct stmt *s = NULL;
    json_t *name = NULL, *choice = NULL;
    int rc = points_badges_held(st, user, now, mark, &was, err);

    if (rc == 0)
        rc = points_badges_held(st, user, now, INT64_MAX, &is, err);
    fresh = badges_new(was, is);
    if (rc < 0 || !fresh)
        return rc;
    rc = stmt_get(st, SQL_NAME, &s, err);
    if (rc < 0)
        return rc;
    bind_int(s, "$id", user);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW) {
        name = json_string(column_text(s, 0));
        choice = column_is_null(s, 1) ? NULL : json_string(column_text(s, 1));
    }
    stmt_done(s);
    rc = rc < 0 ? rc : 0;
    for (int b = 0; rc == 0 && b < BADGE_COUNT; b++)
        if (fresh & (1u << b))
            rc = add_json(st, "badge.earned",
                          badge_earned_item(user, json_string_value(name),
                                            json_string_value(choice), cs, badge_def(b)),
                          err);
    json_decref(name);
    json_decref(choice);
    return rc;
}

static int contests(struct store *st, int64_t mark, int64_t now, struct err *err)
{
    json_t *running = NULL, *c;
    size_t i;
    int rc = contests_running(st, now, &running, err);

    json_array_foreach(running, i, c)
    {
        json_t *top = NULL;
        int counted = 0;
        if (rc == 0)
            rc = contest_standings(st, c, now, mark, 5, NULL, &counted, &top, err);
        if (rc == 0 && counted)
            rc = add_json(st, "contest.updated", contest_updated_item(c, top), err);
        else
            json_decref(top);
    }
    json_decref(running);
    return rc;
}

int points_live_after(struct store *st, int64_t first, int64_t now, struct err *err)
{
    struct consent_settings cs;
    struct delta *d = NULL;
    size_t n = 0, cap = 0;
    struct stmt *s = NULL;
    int64_t mark = first - 1; /* "before the step": the reads cut at the row before its first */
    int rc;

    if (first <= 0 || !store_live_wanted(st))
        return 0;
    rc = stmt_get(st, SQL_NEW, &s, err);
    if (rc < 0)
        return rc;
    bind_int(s, "$mark", mark);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        int64_t user = column_int(s, 0), points = column_int(s, 1);
        size_t k = 0;
        if (points == 0) /* a refusal of junk changes nothing */
            continue;
        while (k < n && d[k].user_id != user)
            k++;
        if (k == n) {
            if (n == cap) {
                cap = cap ? 2 * cap : 4;
                d = xrealloc(d, cap * sizeof *d);
            }
            d[n++] = (struct delta){user, 0};
        }
        d[k].points += points;
    }
    stmt_done(s);
    rc = rc < 0 ? rc : 0;
    if (rc == 0 && n)
        rc = store_board_settings(st, &cs, err);
    for (size_t k = 0; rc == 0 && k < n; k++)
        rc = badges(st, &cs, mark, now, d[k].user_id, err);
    if (rc == 0 && n)
        rc = ranks(st, &cs, now, d, n, err);
    if (rc == 0 && n)
        rc = contests(st, mark, now, err);
    free(d);
    return rc;
}
