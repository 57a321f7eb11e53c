/* SPDX-License-Identifier: MIT */
/* Adoption answers: the ranked scorecard, one person's explained score, teams and the
 * organization (docs/ADOPTION.md). Figures come from adoption_figures.c. */
#include "store/adoption_internal.h"

#include "core/adoption_groups.h"
#include "core/adoption_rank.h"
#include "core/adoption_text.h"
#include "core/clock.h"
#include "core/event_kinds.h"
#include "core/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- who may see whom --------------------------------------------------------------------- */

/* A person's figures are seen by whoever may change their records (access_change_filter):
 * themselves, the managers of their live team, admins. */
static const char SQL_MANAGED[] =
    "SELECT id FROM teams WHERE manager_id = $me AND deleted_at IS NULL";

struct viewer {
    struct access_filter f;
    int64_t managed[64]; /* live teams the actor manages */
    int nmanaged;
};

static int viewer_init(struct store *st, const struct actor *a, struct viewer *v, struct err *err)
{
    struct stmt *s = NULL;
    int rc;

    memset(v, 0, sizeof *v);
    access_change_filter(a, &v->f);
    if (v->f.kind != ACCESS_OWNER_IN_MY_TEAMS)
        return 0;
    rc = stmt_get(st, SQL_MANAGED, &s, err);
    if (rc < 0)
        return rc;
    bind_int(s, "$me", a->user_id);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW)
        if (v->nmanaged < (int)(sizeof v->managed / sizeof v->managed[0]))
            v->managed[v->nmanaged++] = column_int(s, 0);
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* The access facts of a member of team_id (live, or 0), for the viewer. */
static struct access_owner member_facts(const struct viewer *v, int64_t id, int64_t team_id)
{
    struct access_owner o = {id, team_id, 0};

    for (int i = 0; i < v->nmanaged && team_id; i++)
        o.managed_by_actor |= v->managed[i] == team_id;
    return o;
}

/* Whether the viewer sees a team's figures: those of any member, but the actor's own. */
static int sees_team(const struct viewer *v, int64_t team_id)
{
    struct access_owner o = member_facts(v, 0, team_id);

    return team_id && access_filter_matches(&v->f, &o);
}

static int sees(const struct viewer *v, const struct person *x)
{
    struct access_owner o = member_facts(v, x->id, x->team_id);

    return access_filter_matches(&v->f, &o);
}

/* ---- one person as JSON ------------------------------------------------------------------- */

static json_t *pct_or_null(double v)
{
    return v < 0 ? json_null() : json_integer((json_int_t)lround(v * 100.0));
}

static json_t *components(const struct adoption_result *r)
{
    return json_pack("{s:o,s:o,s:o}", "access", pct_or_null(r->component[ADOPTION_ACCESS]),
                     "process", pct_or_null(r->component[ADOPTION_PROCESS]), "quality",
                     pct_or_null(r->component[ADOPTION_QUALITY]));
}

static json_t *metrics(const struct person *x, const struct people *p)
{
    const struct person_usage *u = &x->now;
    const struct adoption_figures *f = &u->fig;
    json_t *features = json_array();
    int decided = u->deals_won + u->deals_lost;
    int64_t idle = -1;

    for (int i = 0; i < ADOPTION_FEATURES; i++)
        if (f->features & (1 << i))
            json_array_append_new(features, json_string(adoption_feature_names[i]));
    if (x->last_active[0]) {
        int64_t last;
        if (clock_parse_iso(x->last_active, &last) == 0)
            idle = (p->win.end - CLOCK_DAY_MS - last) / CLOCK_DAY_MS;
    }
    json_t *ttfv = json_null();
    if (x->first_value[0]) {
        int64_t first;
        if (clock_parse_iso(x->first_value, &first) == 0) {
            int64_t joined = x->created_at - x->created_at % CLOCK_DAY_MS;
            ttfv = json_integer((first - joined) / CLOCK_DAY_MS);
        }
    }
    return json_pack(
        "{s:{s:i,s:i,s:i,s:o,s:o,s:b},"
        "s:{s:i,s:i,s:f,s:i,s:i,s:i,s:i,s:o,s:i,s:i},"
        "s:{s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i},"
        "s:{s:i,s:i,s:i,s:o},"
        "s:{s:o,s:o}}",
        "access", "active_days", f->active_days, "expected_days", f->expected_days, "logins",
        u->logins, "last_active", x->last_active[0] ? json_string(x->last_active) : json_null(),
        "days_since_active", idle < 0 ? json_null() : json_integer(idle), "ever_logged_in",
        x->ever_logged_in, "process", "activities", f->activities, "meaningful_activities",
        f->meaningful, "team_median_meaningful", f->team_median, "tasks_due", f->tasks_due,
        "tasks_on_time", f->tasks_on_time, "deal_updates", u->deal_updates, "stage_changes",
        u->stage_changes, "features_used", features, "records_created", u->records_created,
        "records_updated", u->records_updated, "quality", "fields_expected", f->fields_expected,
        "fields_filled", f->fields_filled, "open_deals", f->open_deals, "deals_past_close_date",
        f->deals_past_close, "deals_without_next_step", f->deals_no_step,
        "deals_without_recent_activity", f->deals_quiet, "open_deals_and_leads", f->in_flight,
        "stale", f->stale, "outcome", "leads_converted", u->leads_converted, "deals_won",
        u->deals_won, "deals_lost", u->deals_lost, "win_rate",
        decided ? json_real((double)u->deals_won / decided) : json_null(), "rollout",
        "first_activity_day", x->first_value[0] ? json_string(x->first_value) : json_null(),
        "days_to_first_activity", ttfv);
}

static json_t *person_item(const struct person *x, const struct people *p, int rank)
{
    const struct adoption_part *told[3];
    json_t *reasons = json_array(), *weekly = json_array();
    int had_before = x->before.fig.expected_days > 0;
    int score = x->now.res.score, prev = x->before.res.score;
    int lagging = adoption_person_lagging(score, x->team_score_median, x->is_new, x->has_left);
    int ntold = adoption_told_parts(&x->now.res, told, 3);
    char text[256];

    for (int i = 0; i < ntold; i++) {
        adoption_part_text(&x->now.fig, told[i], p->stale_days, text, sizeof text);
        json_array_append_new(reasons, json_string(text));
    }
    for (int i = 0; i < ADOPTION_WEEKS; i++)
        json_array_append_new(weekly, json_integer(x->weekly[i]));
    json_t *item = json_pack(
        "{s:I,s:s,s:s,s:s,s:o,s:o,s:o,s:i,s:o,s:o,s:b,s:o,s:o,s:o}", "user_id", (json_int_t)x->id,
        "name", x->name, "email", x->email, "role", access_role_name(x->role), "team_id",
        x->team_id ? json_integer(x->team_id) : json_null(), "team_name",
        x->team_id ? json_string(x->team_name) : json_null(), "rank",
        rank > 0 ? json_integer(rank) : json_null(), "score", score, "previous_score",
        had_before ? json_integer(prev) : json_null(), "trend",
        had_before ? json_integer(score - prev) : json_null(), "lagging", lagging, "components",
        components(&x->now.res), "weekly_active_days", weekly, "reasons", reasons);
    json_object_set_new(item, "new", json_boolean(x->is_new));
    /* a thousand people's metrics are most of a scorecard's bytes: only when asked */
    if (p->with_metrics)
        json_object_set_new(item, "metrics", metrics(x, p));
    return item;
}

static json_t *header(const struct people *p)
{
    return json_pack("{s:s,s:s,s:{s:s,s:s},s:{s:f,s:f,s:f},s:i}", "from", p->win.from, "to",
                     p->win.to, "previous", "from", p->prev.from, "to", p->prev.to, "weights",
                     "access", p->weights.access, "process", p->weights.process, "quality",
                     p->weights.quality, "stale_days", p->stale_days);
}

/* Someone who left before the window's end: off the scorecard, listed apart with the score of
 * the part of the window before they left. */
static json_t *left_item(const struct person *x)
{
    char day[16];

    clock_format_day(x->deactivated_at, day, sizeof day);
    return json_pack("{s:I,s:s,s:o,s:o,s:s,s:i,s:o}", "user_id", (json_int_t)x->id, "name", x->name,
                     "team_id", x->team_id ? json_integer(x->team_id) : json_null(), "team_name",
                     x->team_id ? json_string(x->team_name) : json_null(), "left_on", day, "score",
                     x->now.res.score, "components", components(&x->now.res));
}

/* The people on the scorecard (expected to work in the window, not gone before its end) in
 * rank order (rank_sort: highest score first, ties by name then id). */
static const struct person **ranked(const struct people *p, int *n)
{
    const struct person **v = xcalloc((size_t)p->n + 1, sizeof *v);
    struct rank_item *items = xcalloc((size_t)p->n + 1, sizeof *items);

    *n = 0;
    for (int i = 0; i < p->n; i++)
        if (p->v[i].now.fig.expected_days > 0 && !p->v[i].has_left)
            items[(*n)++] =
                (struct rank_item){p->v[i].now.res.score, p->v[i].name, p->v[i].id, &p->v[i]};
    rank_sort(items, (size_t)*n);
    for (int i = 0; i < *n; i++)
        v[i] = items[i].ref;
    free(items);
    return v;
}

int store_adoption_users(struct store *st, const struct actor *a, const struct adoption_query *q,
                         json_t **out, struct err *err)
{
    struct people p;
    struct viewer v;
    int rc = viewer_init(st, a, &v, err), n = 0;

    *out = NULL;
    if (rc < 0)
        return rc;
    rc = people_load(st, q, 0, a->now, q->with_metrics ? PEOPLE_FIGURES : PEOPLE_SCORES, &p, err);
    if (rc < 0)
        return rc;
    const struct person **order = ranked(&p, &n);
    json_t *items = json_array(), *left = json_array();
    /* ranks count the people shown: a manager's team reads 1, 2, 3, not 4, 9, 17 */
    for (int i = 0; i < n; i++)
        if (sees(&v, order[i]))
            json_array_append_new(items,
                                  person_item(order[i], &p, (int)json_array_size(items) + 1));
    free(order);
    for (int i = 0; i < p.n; i++)
        if (p.v[i].has_left && sees(&v, &p.v[i]))
            json_array_append_new(left, left_item(&p.v[i]));
    *out = header(&p);
    json_object_set_new(*out, "items", items);
    json_object_set_new(*out, "left", left);
    people_free(&p);
    return 0;
}

/* ---- one person explained ----------------------------------------------------------------- */

/* Records that pull a part down: SQL returning id, title for the person ($u), newest first.
 * A puller with missing_of names a kind: its SQL holds one %s, the kind's completion_missing_sql
 * condition, so a field an admin hides is expected neither by the score nor here. */
static const struct {
    enum adoption_part_id part;
    const char *entity;
    const char *sql;
    const char *missing_of;
} pullers[] = {
    /* Read newest first through the owner's index: the activities credited to them, which are
     * the ones they own, whoever logged them. */
    {PART_NOTES, "activity",
     "SELECT id, coalesce(nullif(subject, ''), kind) FROM activities ${hint:activities_owner}"
     " WHERE owner_id = $u AND deleted_at IS NULL AND created_at >= $start"
     " AND created_at < $end AND coalesce(notes_real, 0) = 0"
     " ORDER BY id DESC LIMIT 10",
     NULL},
    {PART_TASKS, "task",
     "SELECT id, title FROM tasks WHERE owner_id = $u AND deleted_at IS NULL AND due_at >= $start"
     " AND due_at < $end AND NOT (done = 1 AND done_at <= due_at) ORDER BY due_at DESC LIMIT 10",
     NULL},
    {PART_COMPLETION, "contact",
     "SELECT id, trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) FROM contacts"
     " WHERE owner_id = $u AND deleted_at IS NULL AND %s" NOT_IN_GRACE(
         "contact", "contacts.owner_id",
         "contacts.id") " ORDER BY updated_at DESC, id DESC LIMIT 10",
     "contact"},
    {PART_HYGIENE, "deal",
     "SELECT d.id, d.name FROM deals d LEFT JOIN stages s ON s.id = d.stage_id WHERE d.owner_id = "
     "$u"
     " AND d.deleted_at IS NULL AND coalesce(s.is_won, 0) = 0 AND coalesce(s.is_lost, 0) = 0"
     " AND (d.close_date < $today OR d.next_step IS NULL OR trim(d.next_step) = ''"
     " OR NOT EXISTS (SELECT 1 FROM activities a WHERE a.deal_id = d.id AND a.deleted_at IS NULL"
     " AND a.occurred_at >= $quiet))" NOT_IN_GRACE(
         "deal", "d.owner_id",
         "d.id") " ORDER BY d.close_date IS NULL, d.close_date, d.id LIMIT 10",
     NULL},
    {PART_FRESHNESS, "deal",
     "SELECT d.id, d.name FROM deals d LEFT JOIN stages s ON s.id = d.stage_id WHERE d.owner_id = "
     "$u"
     " AND d.deleted_at IS NULL AND coalesce(s.is_won, 0) = 0 AND coalesce(s.is_lost, 0) = 0"
     " AND d.updated_at < $stale AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.deal_id = d.id"
     " AND a.deleted_at IS NULL AND a.occurred_at >= $stale)" NOT_IN_GRACE(
         "deal", "d.owner_id", "d.id") " ORDER BY d.updated_at, d.id LIMIT 10",
     NULL},
    {PART_FRESHNESS, "lead",
     "SELECT id, trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' '"
     " || coalesce(company, '')) FROM leads WHERE owner_id = $u AND deleted_at IS NULL"
     " AND status IN ('new', 'working', 'qualified') AND updated_at < $stale" NOT_IN_GRACE(
         "lead", "leads.owner_id", "leads.id") " ORDER BY updated_at, id LIMIT 10",
     NULL},
};

static int part_records(struct store *st, const struct people *p, const struct person *x,
                        enum adoption_part_id part, int64_t now, json_t *list, struct err *err)
{
    char today[16];

    clock_format_day(now, today, sizeof today);
    for (size_t i = 0; i < sizeof pullers / sizeof pullers[0]; i++) {
        struct stmt *s = NULL;
        int rc;
        if (pullers[i].part != part)
            continue;
        if (pullers[i].missing_of) {
            char missing[1024], sql[2048];
            rc = completion_missing_sql(st, pullers[i].missing_of, missing, sizeof missing, err);
            if (rc < 0)
                return rc;
            snprintf(sql, sizeof sql, pullers[i].sql, missing);
            rc = stmt_get(st, sql, &s, err);
        } else {
            rc = stmt_get(st, pullers[i].sql, &s, err);
        }
        if (rc < 0)
            return rc;
#define BIND_IF(name, fn, v)                                                                       \
    if (stmt_has_param(s, name))                                                                   \
    fn(s, name, v)
        BIND_IF("$u", bind_int, x->id);
        BIND_IF("$start", bind_int, p->win.start);
        BIND_IF("$end", bind_int, p->win.end);
        BIND_IF("$today", bind_text, today);
        BIND_IF("$quiet", bind_int, now - 14 * CLOCK_DAY_MS);
        BIND_IF("$stale", bind_int, now - (int64_t)p->stale_days * CLOCK_DAY_MS);
        BIND_IF("$grace", bind_int, now - ADOPTION_GRACE_DAYS * CLOCK_DAY_MS);
#undef BIND_IF
        while ((rc = stmt_step(st, s, err)) == STMT_ROW)
            json_array_append_new(list,
                                  json_pack("{s:s,s:o,s:o}", "entity", pullers[i].entity, "id",
                                            column_json(s, 0), "title", column_json(s, 1)));
        stmt_done(s);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* One person's breakdowns, read only for them: activities by kind (calls, meetings, emails,
 * notes) and records created and updated per kind, into metrics.process. */
static const char SQL_ACTIVITY_KINDS[] =
    "SELECT kind, count(*) FROM activities WHERE owner_id = $u AND deleted_at IS NULL"
    " AND created_at >= $start AND created_at < $end GROUP BY kind";
/* Every kind of the period: which of them create or update records is the registry's. */
static const char SQL_WRITE_KINDS[] =
    "SELECT kind, sum(n) FROM usage_daily WHERE user_id = $u AND day >= $from AND day <= $to"
    " GROUP BY kind";

static int person_details(struct store *st, const struct people *p, const struct person *x,
                          json_t *item, struct err *err)
{
    json_t *process = json_object_get(json_object_get(item, "metrics"), "process");
    json_t *kinds = json_pack("{s:i,s:i,s:i,s:i}", "call", 0, "meeting", 0, "email", 0, "note", 0);
    json_t *records = json_object();
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_ACTIVITY_KINDS, &s, err);

    json_object_set_new(process, "activities_by_kind", kinds);
    json_object_set_new(process, "records", records);
    if (rc < 0)
        return rc;
    bind_int(s, "$u", x->id);
    bind_int(s, "$start", p->win.start);
    bind_int(s, "$end", p->win.end);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW)
        if (column_text(s, 0))
            json_object_set_new(kinds, column_text(s, 0), column_json(s, 1));
    stmt_done(s);
    if (rc < 0)
        return rc;
    rc = stmt_get(st, SQL_WRITE_KINDS, &s, err);
    if (rc < 0)
        return rc;
    bind_int(s, "$u", x->id);
    bind_text(s, "$from", p->win.from);
    bind_text(s, "$to", p->win.to);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        const struct event_kind_def *d = event_kind_def(event_kind_lookup(column_text(s, 0)));
        if (!d || !d->entity || !(d->tallies & (EVT_CREATED | EVT_UPDATED)))
            continue;
        const char *what = d->tallies & EVT_UPDATED ? "updated" : "created";
        json_t *e = json_object_get(records, d->entity);
        if (!e) {
            e = json_pack("{s:i,s:i}", "created", 0, "updated", 0);
            json_object_set_new(records, d->entity, e);
        }
        json_object_set_new(e, what, column_json(s, 1));
    }
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* Where x stands among the people they are compared with (their team, or the organization
 * without one): rank, how many, the quarter, and the peers' median score. No peer's own figures:
 * a rep may read this about themselves. Null off the scorecard (left, or not measured). */
static json_t *standing(const struct person *x, int rank, int of)
{
    struct adoption_standing sd;

    if (!adoption_standing(rank, of, x->team_score_median, &sd))
        return json_null();
    return json_pack("{s:s,s:i,s:i,s:i,s:i}", "compared_with", x->team_id ? "team" : "organization",
                     "rank", sd.rank, "of", sd.of, "quartile", sd.quartile, "median_score",
                     sd.median_score);
}

int store_adoption_user(struct store *st, const struct actor *a, const struct adoption_query *q,
                        int64_t user_id, json_t **out, struct err *err)
{
    struct people p;
    struct viewer v;
    const struct person *x = NULL;
    const struct adoption_part *ordered[ADOPTION_PARTS];
    int rc = viewer_init(st, a, &v, err), n = 0, rank = 0;

    *out = NULL;
    if (rc < 0)
        return rc;
    rc = people_load(st, q, user_id, a->now, PEOPLE_FIGURES, &p, err);
    if (rc < 0)
        return rc;
    const struct person **order = ranked(&p, &n);
    for (int i = 0; i < n; i++)
        if (order[i]->id == user_id) {
            x = order[i];
            rank = i + 1;
        }
    free(order);
    int of = n;
    if (!x) /* also someone not expected to work in the period */
        for (int i = 0; i < p.n; i++)
            if (p.v[i].id == user_id)
                x = &p.v[i];
    if (!x || !sees(&v, x)) {
        rc = err_set(err, UPT_ENOTFOUND, "no adoption figures for user '%lld' from %s to %s",
                     (long long)user_id, p.win.from, p.win.to);
        people_free(&p);
        return rc;
    }
    p.with_metrics = 1;
    json_t *item = person_item(x, &p, rank), *parts = json_array(), *raise = json_array();
    json_object_set_new(item, "standing", standing(x, rank, of));
    if (x->has_left) {
        char day[16];
        clock_format_day(x->deactivated_at, day, sizeof day);
        json_object_set_new(item, "left_on", json_string(day));
    }
    rc = person_details(st, &p, x, item, err);
    if (rc < 0)
        goto fail;
    adoption_rank_parts(&x->now.res, ordered);
    for (int i = 0; i < ADOPTION_PARTS; i++) {
        const struct adoption_part *pt = ordered[i];
        char text[256];
        json_t *records = json_array();
        adoption_part_text(&x->now.fig, pt, p.stale_days, text, sizeof text);
        if (pt->present && pt->lost >= 0.5) {
            rc = part_records(st, &p, x, pt->id, a->now, records, err);
            if (rc < 0) {
                json_decref(records);
                goto fail;
            }
        }
        json_array_append_new(parts, json_pack("{s:s,s:s,s:b,s:o,s:f,s:s,s:o}", "component",
                                               adoption_component_name(pt->component), "part",
                                               pt->name, "measured", pt->present, "value",
                                               pt->present ? json_real(pt->value) : json_null(),
                                               "points_lost", round(pt->lost * 10) / 10, "text",
                                               text, "records", records));
        if (pt->present && pt->lost >= ADOPTION_TELL_POINTS && json_array_size(raise) < 3)
            json_array_append_new(raise, json_pack("{s:s,s:s,s:i,s:s}", "part", pt->name, "advice",
                                                   adoption_part_advice(pt->id), "points",
                                                   (int)lround(pt->lost), "now", text));
    }
    json_object_set_new(item, "parts", parts);
    json_object_set_new(item, "raise", raise);
    *out = header(&p);
    json_object_update(*out, item);
    json_decref(item);
    people_free(&p);
    return 0;
fail:
    json_decref(item);
    json_decref(parts);
    json_decref(raise);
    people_free(&p);
    return rc;
}

static const struct person *person_by_id(const struct people *p, int64_t id)
{
    for (int i = 0; i < p->n; i++)
        if (p->v[i].id == id)
            return &p->v[i];
    return NULL;
}

/* ---- teams and the organization ----------------------------------------------------------- */

/* Adds x to g when on the scorecard (adoption_group_add). */
static void group_add(struct adoption_group *g, const struct person *x, const struct people *p)
{
    struct adoption_member m = {
        .res = &x->now.res,
        .measured = x->now.fig.expected_days > 0,
        .has_left = x->has_left,
        .is_new = x->is_new,
        .peer = person_is_peer(x, p, 0),
        .active_days = x->now.fig.active_days,
        .logins = x->now.logins,
        .peer_median = x->team_score_median,
    };
    adoption_group_add(g, &m);
}

static json_t *int_or_null(int v)
{
    return v < 0 ? json_null() : json_integer(v);
}

static json_t *share_or_null(double v)
{
    return v < 0 ? json_null() : json_real(v);
}

static json_t *group_json(const struct adoption_group *g)
{
    struct adoption_group_summary sm;
    json_t *c = json_object();

    adoption_group_summary(g, &sm);
    for (int i = 0; i < 3; i++)
        json_object_set_new(c, adoption_component_name(i), int_or_null(sm.comp[i]));
    return json_pack("{s:i,s:i,s:o,s:o,s:i,s:i,s:i,s:o}", "users", sm.users, "new_users",
                     sm.new_users, "score", int_or_null(sm.score), "components", c, "active_users",
                     sm.active_users, "logged_in_users", sm.logged_in_users, "lagging_users",
                     sm.lagging_users, "logged_in_share", share_or_null(sm.logged_in_share));
}

/* Weekly series over the window (weeks ending at its last day, oldest first): people active,
 * activities and meaningful activities, for the people of team (0: everyone loaded). */
static const char SQL_TREND_USE[] =
    "SELECT ${days:day,$to} / 7, user_id, sum(activities),"
    " sum(events)"
    " FROM usage_days WHERE " IN_PEOPLE("user_id") " AND day >= $from AND day <= $to"
                                                   " GROUP BY 1, 2";

static int trend(struct store *st, const struct people *p, int64_t team_id, json_t **out,
                 struct err *err)
{
    struct adoption_trend t;
    struct stmt *s = NULL;
    int rc;

    adoption_trend_init(&t, p->win.start, p->win.end);
    for (int i = 0; i < p->n; i++)
        t.members += (!team_id || p->v[i].team_id == team_id) &&
                     p->v[i].now.fig.expected_days > 0 && !p->v[i].has_left;
    rc = stmt_get(st, SQL_TREND_USE, &s, err);
    if (rc < 0)
        goto out;
    bind_text(s, "$ids", p->ids);
    bind_text(s, "$from", p->win.from);
    bind_text(s, "$to", p->win.to);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        const struct person *x = person_by_id(p, column_int(s, 1));
        if (!x || x->has_left || (team_id && x->team_id != team_id))
            continue;
        adoption_trend_add(&t, column_int(s, 0), column_int(s, 2), column_int(s, 3));
    }
    stmt_done(s);
    if (rc < 0)
        goto out;
    rc = 0;
    *out = json_array();
    for (int w = 0; w < t.weeks; w++) {
        char end[16];
        clock_format_day(adoption_trend_week_end(&t, w), end, sizeof end);
        json_array_append_new(*out, json_pack("{s:s,s:i,s:o,s:I}", "week_ending", end,
                                              "active_users", t.active[w], "active_share",
                                              share_or_null(adoption_share(t.active[w], t.members)),
                                              "activities", (json_int_t)t.activities[w]));
    }
out:
    adoption_trend_free(&t);
    return rc;
}

int store_adoption_teams(struct store *st, const struct actor *a, const struct adoption_query *q,
                         json_t **out, struct err *err)
{
    struct people p;
    struct viewer v;
    int rc;

    *out = NULL;
    if (a->role == ROLE_REP)
        return err_set(err, UPT_EPERM, "team figures are for managers and admins");
    rc = viewer_init(st, a, &v, err);
    if (rc < 0)
        return rc;
    rc = people_load(st, q, 0, a->now, PEOPLE_FIGURES, &p, err);
    if (rc < 0)
        return rc;
    json_t *items = json_array();
    for (int i = 0; i < p.n && rc == 0; i++) {
        const struct person *x = &p.v[i];
        int seen = 0;
        if (!x->team_id || !sees_team(&v, x->team_id))
            continue;
        for (int j = 0; j < i; j++)
            seen |= p.v[j].team_id == x->team_id;
        if (seen)
            continue;
        struct adoption_group g = {0};
        for (int j = 0; j < p.n; j++)
            if (p.v[j].team_id == x->team_id)
                group_add(&g, &p.v[j], &p);
        json_t *item = group_json(&g), *weekly = NULL;
        rc = trend(st, &p, x->team_id, &weekly, err);
        json_object_set_new(item, "team_id", json_integer(x->team_id));
        json_object_set_new(item, "name", json_string(x->team_name));
        json_object_set_new(item, "weekly", weekly ? weekly : json_array());
        json_array_append_new(items, item);
    }
    if (rc < 0) {
        json_decref(items);
        people_free(&p);
        return rc;
    }
    *out = header(&p);
    json_object_set_new(*out, "items", items);
    people_free(&p);
    return 0;
}

/* DAU (mean over the last 30 days of the window), WAU (last 7 days), MAU (last 30 days). */
static const char SQL_DAILY_USERS[] = "SELECT day, user_id FROM usage_days WHERE " IN_PEOPLE(
    "user_id") " AND day > $to_less_30 AND day <= $to AND events > 0 ORDER BY day";

static int access_figures(struct store *st, const struct people *p, json_t *access, struct err *err)
{
    struct stmt *s = NULL;
    struct adoption_active act = {0};
    struct adoption_active_users u;
    char month_before[16];
    int rc = stmt_get(st, SQL_DAILY_USERS, &s, err);

    if (rc < 0)
        return rc;
    clock_format_day(p->win.end - 7 * CLOCK_DAY_MS, act.week_start, sizeof act.week_start);
    /* The day 30 days before the window's last day (win.end is the day after it). */
    clock_format_day(p->win.end - 31 * CLOCK_DAY_MS, month_before, sizeof month_before);
    bind_text(s, "$ids", p->ids);
    bind_text(s, "$to", p->win.to);
    bind_text(s, "$to_less_30", month_before);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        const char *day = column_text(s, 0);
        int64_t uid = column_int(s, 1);
        if (day && person_by_id(p, uid))
            adoption_active_add(&act, day, uid);
    }
    stmt_done(s);
    if (rc >= 0) {
        rc = 0;
        adoption_active_users(&act, 30, &u);
        json_object_set_new(access, "dau", json_real(u.dau));
        json_object_set_new(access, "wau", json_integer(u.wau));
        json_object_set_new(access, "mau", json_integer(u.mau));
        json_object_set_new(access, "stickiness", share_or_null(u.stickiness));
    }
    adoption_active_free(&act);
    return rc;
}

/* Cohorts: of the people who were there, the share active on each of the first 45 days after
 * go-live (the first person's account) and after each one's own joining. */
static const char SQL_COHORT[] =
    "SELECT d.user_id, d.day FROM users u JOIN usage_days d ON d.user_id = u.id"
    " WHERE " IN_PEOPLE("u.id") " AND d.day >= $lo AND d.day <= $hi AND d.events > 0"
                                " AND d.day < ${greatest}($live_end, ${day_of_ms:u.created_at,45})";

static int cohorts(struct store *st, const struct people *p, json_t *org, struct err *err)
{
    struct adoption_cohort c;
    int64_t *created = xcalloc((size_t)p->n + 1, sizeof *created);
    struct stmt *s = NULL;
    char lo[16], hi[16], live_end[16];
    int rc;

    for (int i = 0; i < p->n; i++)
        created[i] = p->v[i].created_at;
    rc = adoption_cohort_init(&c, created, p->n, p->win.end - CLOCK_DAY_MS);
    free(created);
    if (!rc) {
        json_object_set_new(org, "cohort", json_null());
        return 0;
    }
    clock_format_day(c.go_live, lo, sizeof lo);
    clock_format_day(c.to_day, hi, sizeof hi);
    clock_format_day(c.go_live + ADOPTION_COHORT_DAYS * CLOCK_DAY_MS, live_end, sizeof live_end);
    rc = stmt_get(st, SQL_COHORT, &s, err);
    if (rc < 0)
        return rc;
    bind_text(s, "$ids", p->ids);
    bind_text(s, "$lo", lo);
    bind_text(s, "$hi", hi);
    bind_text(s, "$live_end", live_end);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        const struct person *x = person_by_id(p, column_int(s, 0));
        int64_t day;
        if (x && clock_parse_iso(column_text(s, 1), &day) == 0)
            adoption_cohort_add(&c, x->created_at, day);
    }
    stmt_done(s);
    if (rc < 0)
        return rc;
    json_t *live = json_array(), *join = json_array();
    for (int d = 0; d < ADOPTION_COHORT_DAYS; d++) {
        json_array_append_new(live,
                              share_or_null(adoption_share(c.live_active[d], c.live_base[d])));
        json_array_append_new(join,
                              share_or_null(adoption_share(c.join_active[d], c.join_base[d])));
    }
    json_object_set_new(
        org, "cohort",
        json_pack("{s:s,s:o,s:o}", "go_live", lo, "since_go_live", live, "since_joining", join));
    return 0;
}

int store_adoption_org(struct store *st, const struct actor *a, const struct adoption_query *q,
                       json_t **out, struct err *err)
{
    struct people p;
    struct adoption_group g = {0};
    int never = 0, idle14 = 0, idle30 = 0, acts = 0, meaningful = 0, won = 0, lost = 0, conv = 0;
    int with_value = 0, n_ttfv = 0;
    double *ttfv;
    int rc;

    *out = NULL;
    if (a->role != ROLE_ADMIN)
        return err_set(err, UPT_EPERM, "organization figures are for admins");
    rc = people_load(st, q, 0, a->now, PEOPLE_FIGURES, &p, err);
    if (rc < 0)
        return rc;
    ttfv = xcalloc((size_t)p.n + 1, sizeof *ttfv);
    for (int i = 0; i < p.n; i++) {
        const struct person *x = &p.v[i];
        int64_t last = 0, first;
        group_add(&g, x, &p);
        never += !x->ever_logged_in;
        if (!x->last_active[0] || clock_parse_iso(x->last_active, &last) < 0 ||
            p.win.end - CLOCK_DAY_MS - last >= 14 * CLOCK_DAY_MS)
            idle14++;
        if (!x->last_active[0] || p.win.end - CLOCK_DAY_MS - last >= 30 * CLOCK_DAY_MS)
            idle30++;
        acts += x->now.fig.activities;
        meaningful += x->now.fig.meaningful;
        won += x->now.deals_won;
        lost += x->now.deals_lost;
        conv += x->now.leads_converted;
        if (x->first_value[0] && clock_parse_iso(x->first_value, &first) == 0) {
            with_value++;
            ttfv[n_ttfv++] =
                (double)(first - (x->created_at - x->created_at % CLOCK_DAY_MS)) / CLOCK_DAY_MS;
        }
    }
    json_t *org = header(&p), *summary = group_json(&g), *weekly = NULL;
    json_t *access =
        json_pack("{s:o,s:i,s:i,s:i}", "logged_in_share",
                  json_incref(json_object_get(summary, "logged_in_share")), "never_logged_in",
                  never, "inactive_14_days", idle14, "inactive_30_days", idle30);
    json_object_update(org, summary);
    json_decref(summary);
    rc = access_figures(st, &p, access, err);
    if (rc == 0)
        rc = trend(st, &p, 0, &weekly, err);
    if (rc == 0)
        rc = cohorts(st, &p, org, err);
    json_object_set_new(org, "access", access);
    json_object_set_new(org, "process",
                        json_pack("{s:i,s:i,s:o}", "activities", acts, "meaningful_activities",
                                  meaningful, "meaningful_share",
                                  acts ? json_real((double)meaningful / acts) : json_null()));
    json_object_set_new(
        org, "outcome",
        json_pack("{s:i,s:i,s:i,s:o}", "leads_converted", conv, "deals_won", won, "deals_lost",
                  lost, "win_rate",
                  won + lost ? json_real((double)won / (won + lost)) : json_null()));
    json_object_set_new(org, "rollout",
                        json_pack("{s:i,s:i,s:o}", "users", p.n, "with_first_activity", with_value,
                                  "median_days_to_first_activity",
                                  n_ttfv ? json_real(adoption_median(ttfv, n_ttfv)) : json_null()));
    json_object_set_new(org, "weekly", weekly ? weekly : json_array());
    free(ttfv);
    people_free(&p);
    if (rc < 0) {
        json_decref(org);
        return rc;
    }
    *out = org;
    return 0;
}
