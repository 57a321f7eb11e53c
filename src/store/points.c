/* SPDX-License-Identifier: MIT */
/* Points from writes (docs/POINTS.md): the write pipeline's "points" step turns a write's
 * events into facts about the record, credits its owner with what the rules award
 * (core/points_rules.c), refuses junk with a zero row saying why, and appends reversals when
 * the record is deleted or an activity edited into junk (given back on restore). The ledger is
 * only ever appended to. */
#include "store/internal.h"

#include "core/clock.h"
#include "core/note_content.h"
#include "core/points_rules.h"
#include "core/streak.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define MAX_RULES 256 /* rules read per write; an admin table this long is a mistake */

/* The active rules, their names kept in rows (strings owned by the json array). */
struct rules {
    struct points_rule v[MAX_RULES];
    size_t n;
    json_t *names;
};

static const char SQL_RULES[] =
    "SELECT id, name, event_kind, condition, amount_min, amount_max, points, cap_day, cap_week"
    " FROM points_rules WHERE active = 1 ORDER BY id";

static int rules_load(struct store *st, struct rules *r, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_RULES, &s, err);

    r->n = 0;
    r->names = json_array();
    if (rc < 0)
        return rc;
    while ((rc = stmt_step(st, s, err)) == STMT_ROW && r->n < MAX_RULES) {
        struct points_rule *p = &r->v[r->n];
        const char *kind = column_text(s, 2);
        int cond = points_condition_parse(column_text(s, 3));
        if (cond < 0)
            continue;
        json_array_append_new(r->names, json_string(column_text(s, 1)));
        *p = (struct points_rule){
            .id = column_int(s, 0),
            .name = json_string_value(json_array_get(r->names, json_array_size(r->names) - 1)),
            .kind = kind ? event_kind_lookup(kind) : EV_NONE,
            .condition = cond,
            .amount_min = column_int(s, 4),
            .amount_max = column_int(s, 5),
            .points = (int)column_int(s, 6),
            .cap_day = (int)column_int(s, 7),
            .cap_week = (int)column_int(s, 8),
            .active = 1};
        if (p->kind != EV_NONE) /* week.end rules are the weekly run's */
            r->n++;
    }
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

static int is_notes_condition(int c)
{
    return c == POINTS_COND_CALL_NOTES || c == POINTS_COND_ACTIVITY_NOTES ||
           c == POINTS_COND_MEETING_NOTES_24H;
}

/* One ledger row of a record, as the step reads them. */
struct row {
    int64_t id, user_id, rule_id, points, reverses_id;
    char reason[32];
    int notes; /* its rule asks for notes of real content */
};

struct rows {
    struct row *v;
    size_t n;
};

static const char SQL_ROWS[] =
    "SELECT l.id, l.user_id, l.rule_id, l.points, l.reverses_id, l.reason, r.condition"
    " FROM points_ledger l LEFT JOIN points_rules r ON r.id = l.rule_id"
    " WHERE l.entity = $entity AND l.entity_id = $id ORDER BY l.id";

static int rows_load(struct store *st, const char *entity, int64_t id, struct rows *out,
                     struct err *err)
{
    struct stmt *s = NULL;
    size_t cap = 0;
    int rc = stmt_get(st, SQL_ROWS, &s, err);

    out->v = NULL;
    out->n = 0;
    if (rc < 0)
        return rc;
    bind_text(s, "$entity", entity);
    bind_int(s, "$id", id);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        struct row *w;
        const char *reason = column_text(s, 5);
        if (out->n == cap) {
            cap = cap ? 2 * cap : 8;
            out->v = xrealloc(out->v, cap * sizeof *out->v);
        }
        w = &out->v[out->n++];
        w->id = column_int(s, 0);
        w->user_id = column_int(s, 1);
        w->rule_id = column_int(s, 2);
        w->points = column_int(s, 3);
        w->reverses_id = column_int(s, 4);
        snprintf(w->reason, sizeof w->reason, "%s", reason ? reason : "");
        w->notes = is_notes_condition(points_condition_parse(column_text(s, 6)));
    }
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* Whether award row i has been taken back by a later row. */
static int reversed(const struct rows *r, size_t i)
{
    for (size_t j = i + 1; j < r->n; j++)
        if (r->v[j].reverses_id == r->v[i].id)
            return 1;
    return 0;
}

/* Whether rule earned on this record and still holds it. */
static int holds(const struct rows *r, int64_t rule_id)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->v[i].rule_id == rule_id && r->v[i].points > 0 && !reversed(r, i))
            return 1;
    return 0;
}

static const char SQL_INSERT[] =
    "INSERT INTO points_ledger (at, user_id, rule_id, points, event_id, entity, entity_id, reason,"
    " reverses_id, adjusted_by, note) VALUES ($at, $user, $rule, $points, $event, $entity, $id,"
    " $reason, $reverses, $by, $note) RETURNING id";

/* The ledger's sums per person and day, and per person and week (migration 0022), for the
 * leaderboards (points_admin.c store_points_totals). */
static const char SQL_DAY_SUM[] =
    "INSERT INTO points_days (day, user_id, points) VALUES ($day, $user, $points)"
    " ON CONFLICT (day, user_id) DO UPDATE SET points = points_days.points + excluded.points";
static const char SQL_WEEK_SUM[] =
    "INSERT INTO points_weeks (week, user_id, points) VALUES ($week, $user, $points)"
    " ON CONFLICT (week, user_id) DO UPDATE SET points = points_weeks.points + excluded.points";

static int sum_add(struct store *st, const char *sql, int64_t start, const struct points_entry *e,
                   struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, sql, &s, err);

    if (rc < 0)
        return rc;
    bind_int(s, sql == SQL_DAY_SUM ? "$day" : "$week", start);
    bind_int(s, "$user", e->user_id);
    bind_int(s, "$points", e->points);
    return stmt_exec(st, s, err);
}

/* Adds e to its day's and week's sums; a row of no points (a junk or capped verdict) moves
 * neither. */
static int sums_add(struct store *st, const struct points_entry *e, struct err *err)
{
    int64_t day = streak_day_of(e->at);
    int rc;

    if (e->points == 0)
        return 0;
    rc = sum_add(st, SQL_DAY_SUM, day, e, err);
    return rc < 0 ? rc : sum_add(st, SQL_WEEK_SUM, day - streak_weekday(day), e, err);
}

int points_ledger_append(struct store *st, const struct points_entry *e, int64_t *id,
                         struct err *err)
{
    struct stmt *s = NULL;
    int rc = sums_add(st, e, err);

    if (rc == 0)
        rc = stmt_get(st, SQL_INSERT, &s, err);
    if (rc < 0)
        return rc;
    bind_int(s, "$at", e->at);
    bind_int(s, "$user", e->user_id);
    bind_int_or_null(s, "$rule", e->rule_id);
    bind_int(s, "$points", e->points);
    bind_int_or_null(s, "$event", e->event_id);
    bind_text(s, "$entity", e->entity);
    bind_int_or_null(s, "$id", e->entity_id);
    bind_text(s, "$reason", e->reason);
    bind_int_or_null(s, "$reverses", e->reverses_id);
    bind_int_or_null(s, "$by", e->adjusted_by);
    bind_text(s, "$note", e->note);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW && id)
        *id = column_int(s, 0);
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* Appends e, keeping in *first the id of the step's first row. */
static int append(struct store *st, const struct points_entry *e, int64_t *first, struct err *err)
{
    int64_t id = 0;
    int rc = points_ledger_append(st, e, &id, err);

    if (rc == 0 && *first == 0)
        *first = id;
    return rc;
}

/* Takes back every award of the record still held, for why; only those of notes rules when
 * notes_only (an activity edited into junk keeps what else it earned). */
static int reverse_all(struct store *st, const struct actor *a, const char *entity, int64_t id,
                       int notes_only, const char *why, int64_t *first, struct err *err)
{
    struct rows r;
    int rc = rows_load(st, entity, id, &r, err);

    for (size_t i = 0; rc == 0 && i < r.n; i++) {
        const struct row *w = &r.v[i];
        if (w->points > 0 && w->rule_id && !reversed(&r, i) && (!notes_only || w->notes)) {
            struct points_entry e = {.at = a->now,
                                     .user_id = w->user_id,
                                     .rule_id = w->rule_id,
                                     .points = -w->points,
                                     .entity = entity,
                                     .entity_id = id,
                                     .reason = why,
                                     .reverses_id = w->id};
            rc = append(st, &e, first, err);
        }
    }
    free(r.v);
    return rc;
}

/* Gives back, on restore, what the delete took: each rule's latest award whose reversal said
 * "record deleted", once. */
static int give_back(struct store *st, const struct actor *a, const char *entity, int64_t id,
                     int64_t *first, struct err *err)
{
    struct rows r;
    int rc = rows_load(st, entity, id, &r, err);

    for (size_t i = 0; rc == 0 && i < r.n; i++) {
        const struct row *w = &r.v[i];
        int latest = 1;
        if (w->points <= 0 || !w->rule_id || holds(&r, w->rule_id))
            continue;
        for (size_t j = i + 1; j < r.n; j++)
            if (r.v[j].rule_id == w->rule_id && r.v[j].points > 0)
                latest = 0;
        for (size_t j = i + 1; latest && j < r.n; j++)
            if (r.v[j].reverses_id == w->id && strcmp(r.v[j].reason, "record deleted") == 0) {
                struct points_entry e = {.at = a->now,
                                         .user_id = w->user_id,
                                         .rule_id = w->rule_id,
                                         .points = w->points,
                                         .entity = entity,
                                         .entity_id = id,
                                         .reason = "record restored"};
                rc = append(st, &e, first, err);
                break;
            }
    }
    free(r.v);
    return rc;
}

/* What the user earned per rule in the day and the week (Monday) of at, net of reversals. */
static const char SQL_USED[] =
    "SELECT rule_id, sum(CASE WHEN at >= $day THEN points ELSE 0 END), sum(points)"
    " FROM points_ledger WHERE user_id = $user AND at >= $week AND at < $end"
    " AND rule_id IS NOT NULL AND points <> 0 GROUP BY rule_id"; /* points_ledger_awards */

static int used_load(struct store *st, int64_t user, int64_t at, struct points_used *used,
                     size_t *n, struct err *err)
{
    int64_t day = streak_day_of(at), week = day - streak_weekday(day);
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_USED, &s, err);

    *n = 0;
    if (rc < 0)
        return rc;
    bind_int(s, "$user", user);
    bind_int(s, "$day", day * CLOCK_DAY_MS);
    bind_int(s, "$week", week * CLOCK_DAY_MS);
    bind_int(s, "$end", (week + 7) * CLOCK_DAY_MS);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW && *n < MAX_RULES) {
        used[*n].rule_id = column_int(s, 0);
        used[*n].day = column_int(s, 1);
        used[*n].week = column_int(s, 2);
        (*n)++;
    }
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* The verdict on an activity's notes, as the write stored it (notes_real, notes_reason: judged
 * by core/kind_rules.c when the notes are new or change), so points and the adoption score
 * never disagree about a note. */
static void stored_verdict(const json_t *r, struct note_verdict *v)
{
    memset(v, 0, sizeof *v);
    v->real = json_is_true(json_object_get(r, "notes_real"));
    v->reason = v->real ? NULL : json_string_value(json_object_get(r, "notes_reason"));
    if (!v->real && !v->reason)
        v->reason = "no notes";
}

static int64_t int_or(const json_t *r, const char *key, int64_t dflt)
{
    json_t *v = json_object_get(r, key);
    return json_is_integer(v) ? json_integer_value(v) : dflt;
}

static int text_set(const json_t *r, const char *key)
{
    json_t *v = json_object_get(r, key);
    return json_is_string(v) && json_string_length(v) > 0;
}

static const char SQL_EVENT_ID[] =
    "SELECT max(id) FROM events WHERE at = $at AND kind = $kind AND entity = $entity"
    " AND entity_id = $id";

static int event_id_of(struct store *st, int64_t at, enum event_kind kind, const char *entity,
                       int64_t id, int64_t *out, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_EVENT_ID, &s, err);

    *out = 0;
    if (rc < 0)
        return rc;
    bind_int(s, "$at", at);
    bind_text(s, "$kind", event_kind_name(kind));
    bind_text(s, "$entity", entity);
    bind_int(s, "$id", id);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW)
        *out = column_int(s, 0);
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* Evaluates the rules of kind for the record: awards its owner, or writes the junk flag. A
 * record created by this write (fresh) holds no award yet but those of this step, which are
 * for other kinds' rules. */
static int award(struct store *st, const struct record_kind *k, const struct actor *a,
                 const json_t *after, enum event_kind kind, struct rules *rules,
                 const struct note_verdict *verdict, int fresh, int64_t *first, struct err *err)
{
    struct points_fact f = {0};
    struct points_used used[MAX_RULES];
    struct points_rule *pending = NULL;
    struct points_outcome out;
    struct rows rows = {NULL, 0};
    size_t nused = 0, npending = 0;
    int64_t id = int_or(after, "id", 0), event_id = 0;
    int rc = 0;

    for (size_t i = 0; i < rules->n; i++)
        npending += rules->v[i].kind == kind;
    if (npending == 0)
        return 0;
    f.kind = kind;
    f.user_id = int_or(after, "owner_id", int_or(after, "created_by", 0));
    f.at = a->now;
    f.amount_minor = -1;
    if (!f.user_id)
        return 0;
    if (strcmp(k->name, "activity") == 0) {
        f.activity_kind = json_string_value(json_object_get(after, "kind"));
        f.occurred_at = int_or(after, "occurred_at", 0);
        f.notes_judged = verdict != NULL;
        f.notes_real = verdict && verdict->real;
        f.notes_reason = verdict ? verdict->reason : NULL;
    } else if (strcmp(k->name, "deal") == 0) {
        f.amount_minor = int_or(after, "amount_minor", -1);
    } else if (strcmp(k->name, "contact") == 0) {
        f.reachable = text_set(after, "email") || text_set(after, "phone");
    }
    /* Each rule earns once per record: leave out the rules it still holds. */
    if (!fresh)
        rc = rows_load(st, k->name, id, &rows, err);
    if (rc == 0)
        rc = used_load(st, f.user_id, f.at, used, &nused, err);
    if (rc < 0)
        goto out;
    pending = xmalloc(npending * sizeof *pending);
    npending = 0;
    for (size_t i = 0; i < rules->n; i++)
        if (rules->v[i].kind == kind && !holds(&rows, rules->v[i].id))
            pending[npending++] = rules->v[i];
    points_evaluate(pending, npending, &f, used, nused, &out);
    if (out.n || out.flag) /* the event the rows point to */
        rc = event_id_of(st, a->now, kind, k->name, id, &event_id, err);
    for (size_t i = 0; rc == 0 && i < out.n; i++) {
        struct points_entry e = {.at = a->now,
                                 .user_id = f.user_id,
                                 .rule_id = out.awards[i].rule_id,
                                 .points = out.awards[i].points,
                                 .event_id = event_id,
                                 .entity = k->name,
                                 .entity_id = id,
                                 .reason = out.awards[i].capped};
        rc = append(st, &e, first, err);
    }
    if (rc == 0 && out.flag) {
        struct points_entry e = {.at = a->now,
                                 .user_id = f.user_id,
                                 .rule_id = out.flag_rule,
                                 .points = 0,
                                 .event_id = event_id,
                                 .entity = k->name,
                                 .entity_id = id,
                                 .reason = "junk",
                                 .note = out.flag};
        rc = append(st, &e, first, err);
    }
out:
    free(pending);
    free(rows.v);
    return rc;
}

static int notes_changed(const json_t *before, const json_t *after)
{
    static const char *const keys[] = {"body", "kind", "occurred_at"};

    for (size_t i = 0; i < 3; i++)
        if (!json_equal(json_object_get(before, keys[i]), json_object_get(after, keys[i])))
            return 1;
    return 0;
}

int points_after_write(struct store *st, const struct record_kind *k, const struct actor *a,
                       enum points_op op, const json_t *before, const json_t *after,
                       const struct kind_facts *facts, int64_t *first, struct err *err)
{
    struct rules rules;
    struct kind_effects fx = {0};
    struct note_verdict verdict;
    int activity = strcmp(k->name, "activity") == 0;
    int64_t id = int_or(after, "id", 0);
    int fresh = op == POINTS_CREATE;
    int rc = rules_load(st, &rules, err);

    *first = 0;
    if (rc < 0)
        goto out;
    if (op == POINTS_DELETE) {
        rc = reverse_all(st, a, k->name, id, 0, "record deleted", first, err);
        goto out;
    }
    if (op == POINTS_RESTORE) {
        rc = give_back(st, a, k->name, id, first, err);
        goto out;
    }
    if (rules.n == 0)
        goto out;
    if (activity)
        stored_verdict(after, &verdict);
    if (op == POINTS_CREATE) {
        rc = award(st, k, a, after, k->events.created, &rules, activity ? &verdict : NULL, 1, first,
                   err);
    } else {
        rc = award(st, k, a, after, k->events.updated, &rules, activity ? &verdict : NULL, 0, first,
                   err);
        /* Notes rewritten: junk now takes back what the notes earned; real content now earns
         * what the logging would have (once per rule and record). */
        if (rc == 0 && activity && notes_changed(before, after)) {
            if (!verdict.real)
                rc = reverse_all(st, a, k->name, id, 1, "notes edited into junk", first, err);
            if (rc == 0)
                rc = award(st, k, a, after, k->events.created, &rules, &verdict, 0, first, err);
        }
    }
    /* The domain events this write caused (a deal won...), by the kind's pure rule. */
    if (rc == 0 && k->rules.after_write) {
        k->rules.after_write(before, after, facts, a->now, &fx);
        for (size_t i = 0; rc == 0 && i < fx.nevents; i++)
            rc = award(st, k, a, after, fx.events[i].kind, &rules, NULL, fresh, first, err);
        kind_effects_release(&fx);
    }
out:
    json_decref(rules.names);
    return rc;
}
