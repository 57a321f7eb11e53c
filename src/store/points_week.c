/* SPDX-License-Identifier: MIT */
/* The weekly points run (docs/POINTS.md): after a week ends, each active person whose every
 * open deal has a close date after the week and a next step earns the "week.end" rules
 * (pipeline_complete), once per person, rule and week. The pipeline is read as it stands when
 * the run is made, so it is meant to run soon after the week ends. */
#include "store/internal.h"

#include "core/clock.h"
#include "core/points_rules.h"
#include "core/streak.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define MAX_WEEK_RULES 16

static const char SQL_WEEK_RULES[] =
    "SELECT id, name, points, cap_day, cap_week FROM points_rules"
    " WHERE active = 1 AND event_kind = $week_end AND condition = 'pipeline_complete'"
    " ORDER BY id";

/* Each active person's open deals, and how many of them have a close date after the week and
 * a next step; people without open deals have nothing to keep clean and are left out. */
static const char SQL_PIPELINES[] =
    "SELECT u.id, count(*), sum(CASE WHEN d.close_date IS NOT NULL AND d.close_date >= $after"
    " AND d.next_step IS NOT NULL AND trim(d.next_step) <> '' THEN 1 ELSE 0 END)"
    " FROM users u JOIN deals d ON d.owner_id = u.id AND d.deleted_at IS NULL"
    " JOIN stages s ON s.id = d.stage_id AND s.is_won = 0 AND s.is_lost = 0"
    " WHERE u.active = 1 AND u.is_integration = 0 GROUP BY u.id ORDER BY u.id";

int points_clean_pipelines(struct store *st, const char *after, int64_t **ids, size_t *n,
                           int64_t *checked, struct err *err)
{
    struct stmt *s = NULL;
    size_t cap = 0;
    int rc = stmt_get(st, SQL_PIPELINES, &s, err);

    *ids = NULL;
    *n = 0;
    *checked = 0;
    if (rc < 0)
        return rc;
    bind_text(s, "$after", after);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        (*checked)++;
        if (column_int(s, 1) != column_int(s, 2))
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 64;
            *ids = xrealloc(*ids, cap * sizeof **ids);
        }
        (*ids)[(*n)++] = column_int(s, 0);
    }
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

static const char SQL_DONE[] =
    "SELECT 1 FROM points_ledger WHERE user_id = $user AND rule_id = $rule AND entity = 'week'"
    " AND entity_id = $week AND points > 0";

static int already(struct store *st, int64_t user, int64_t rule, int64_t week, int *out,
                   struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_DONE, &s, err);

    *out = 0;
    if (rc < 0)
        return rc;
    bind_int(s, "$user", user);
    bind_int(s, "$rule", rule);
    bind_int(s, "$week", week);
    rc = stmt_step(st, s, err);
    *out = rc == STMT_ROW;
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

static int rules_of_week(struct store *st, struct points_rule *v, size_t *n, json_t *names,
                         struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_WEEK_RULES, &s, err);

    *n = 0;
    if (rc < 0)
        return rc;
    bind_text(s, "$week_end", POINTS_KIND_WEEK_END);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW && *n < MAX_WEEK_RULES) {
        json_array_append_new(names, json_string(column_text(s, 1)));
        v[*n] = (struct points_rule){
            .id = column_int(s, 0),
            .name = json_string_value(json_array_get(names, json_array_size(names) - 1)),
            .kind = EV_NONE,
            .condition = POINTS_COND_PIPELINE_COMPLETE,
            .points = (int)column_int(s, 2),
            .cap_day = (int)column_int(s, 3),
            .cap_week = (int)column_int(s, 4),
            .active = 1};
        (*n)++;
    }
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* Awards one person for the week (the rules they have not earned for it yet). */
static int award_person(struct store *st, int64_t user, int64_t monday, int64_t at,
                        const struct points_rule *rules, size_t n, json_t *awarded, struct err *err)
{
    struct points_rule todo[MAX_WEEK_RULES];
    struct points_fact f = {.kind = EV_NONE, .user_id = user, .at = at, .pipeline_complete = 1};
    struct points_outcome out;
    size_t ntodo = 0;
    int rc = 0, done;

    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = already(st, user, rules[i].id, monday, &done, err);
        if (rc == 0 && !done)
            todo[ntodo++] = rules[i];
    }
    if (rc < 0)
        return rc;
    /* The week's caps count only this run's own rows: dedupe above keeps it to one a week. */
    points_evaluate(todo, ntodo, &f, NULL, 0, &out);
    for (size_t i = 0; rc == 0 && i < out.n; i++) {
        struct points_entry e = {.at = at,
                                 .user_id = user,
                                 .rule_id = out.awards[i].rule_id,
                                 .points = out.awards[i].points,
                                 .entity = "week",
                                 .entity_id = monday,
                                 .reason = out.awards[i].capped};
        rc = points_ledger_append(st, &e, NULL, err);
        if (rc == 0)
            json_array_append_new(awarded,
                                  json_pack("{s:I,s:I,s:i}", "user_id", (json_int_t)user, "rule_id",
                                            (json_int_t)e.rule_id, "points", out.awards[i].points));
    }
    return rc;
}

int store_points_week_end(struct store *st, const struct actor *a, int64_t week_day, json_t **out,
                          struct err *err)
{
    struct points_rule rules[MAX_WEEK_RULES];
    json_t *names = json_array(), *awarded = json_array();
    int64_t monday = week_day - streak_weekday(week_day);
    int64_t after = monday + 7, checked = 0, clean = 0;
    int64_t *users = NULL;
    size_t n = 0, nusers = 0;
    char day[16], week[16];
    int rc;

    *out = NULL;
    if (a->role != ROLE_ADMIN) {
        rc = err_set(err, UPT_EPERM, "only an admin may run the week's points");
        goto fail;
    }
    if (after * CLOCK_DAY_MS > a->now) {
        rc = err_field(err, UPT_EINVAL, "week", "the week has not ended yet");
        goto fail;
    }
    clock_format_day(after * CLOCK_DAY_MS, day, sizeof day);
    clock_format_day(monday * CLOCK_DAY_MS, week, sizeof week);
    rc = store_tx_begin(st, err);
    if (rc < 0)
        goto fail;
    rc = rules_of_week(st, rules, &n, names, err);
    if (rc == 0)
        rc = points_clean_pipelines(st, day, &users, &nusers, &checked, err);
    clean = (int64_t)nusers;
    for (size_t i = 0; rc == 0 && i < nusers; i++)
        rc = award_person(st, users[i], monday, after * CLOCK_DAY_MS - 1, rules, n, awarded, err);
    if (rc == 0)
        rc = store_tx_commit(st, err);
    else
        store_tx_rollback(st);
    if (rc == 0)
        *out = json_pack("{s:s,s:I,s:I,s:O}", "week", week, "checked", (json_int_t)checked, "clean",
                         (json_int_t)clean, "awarded", awarded);
fail:
    free(users);
    json_decref(names);
    json_decref(awarded);
    return rc;
}
