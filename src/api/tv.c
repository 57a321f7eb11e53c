/* SPDX-License-Identifier: MIT */
/* The live TV board: admins manage channels (an ordered loop of slides with a duration each),
 * display tokens (shown once) and announcements; a TV reads GET /api/v1/tv/{slug} with its
 * display token, the channel with each slide's data. A TV is a public board: every person
 * item goes through tv_person_public() (consent, the public form), so who may appear on a
 * screen, and whether amounts do, is decided in one place. */
#include "api/render.h"
#include "http/auth.h"
#include "http/router.h"

#include "core/json_keys.h"
#include "core/leaderboard.h"
#include "core/validate.h"
#include "core/xalloc.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TV_MAX_SLIDES      20
#define TV_MIN_SECONDS     5
#define TV_MAX_SECONDS     600
#define TV_MAX_SLIDES_TEXT 16384
#define TV_MAX_ANNOUNCE    280

/* The one place a person goes onto a TV: item's id_key/name_key in the public form, amounts
 * null unless peers may see them (consent_apply with no viewer). Returns 0 when the person
 * is hidden (a person board leaves them out; elsewhere they read "A teammate"). */
static int tv_person_public(json_t *item, const char *id_key, const char *name_key,
                            const struct consent_settings *cs)
{
    return consent_apply(item, id_key, name_key, cs,
                         json_string_value(json_object_get(item, "board_visibility")), NULL);
}

/* ---- slides ---------------------------------------------------------------------------- */

static const char *const slide_kinds[] = {"leaderboard", "contest",  "team_goal",
                                          "recent_wins", "adoption", NULL};

static int is_kind(const char *k)
{
    for (int i = 0; slide_kinds[i]; i++)
        if (strcmp(k, slide_kinds[i]) == 0)
            return 1;
    return 0;
}

static int check_choice(const json_t *o, const char *key, const char *const *choices,
                        struct err *err)
{
    const char *v = json_string_value(json_object_get(o, key));

    if (!v)
        return 0;
    for (int i = 0; choices[i]; i++)
        if (strcmp(v, choices[i]) == 0)
            return 0;
    return err_field(err, UPT_EINVAL, "slides", "slide option '%s' has an unknown value", key);
}

static int check_range(const json_t *o, const char *key, int64_t lo, int64_t hi, struct err *err)
{
    const json_t *v = json_object_get(o, key);

    if (!v || json_is_null(v))
        return 0;
    if (json_integer_value(v) < lo || json_integer_value(v) > hi)
        return err_field(err, UPT_EINVAL, "slides", "slide option '%s' must be %lld to %lld", key,
                         (long long)lo, (long long)hi);
    return 0;
}

static int check_options(const char *kind, const json_t *o, struct err *err)
{
    static const char *const periods[] = {"today", "week", "month", "quarter", NULL};
    static const char *const bys[] = {"person", "team", NULL};
    static const char *const metrics[] = {"points", "improved", "percent", NULL};
    static const char *const lb_keys[] = {"period", "by", "metric", "limit", NULL};
    static const char *const contest_keys[] = {"contest_id", NULL};
    static const char *const goal_keys[] = {"period", "team_id", "target", NULL};
    static const char *const wins_keys[] = {"limit", NULL};
    static const char *const none[] = {NULL};
    int rc;

    if (strcmp(kind, "leaderboard") == 0) {
        if ((rc = json_check_keys(o, lb_keys, "sssi", err)) < 0 ||
            (rc = check_choice(o, "period", periods, err)) < 0 ||
            (rc = check_choice(o, "by", bys, err)) < 0 ||
            (rc = check_choice(o, "metric", metrics, err)) < 0)
            return rc;
        return check_range(o, "limit", 1, 10, err);
    }
    if (strcmp(kind, "contest") == 0) {
        if ((rc = json_check_keys(o, contest_keys, "i", err)) < 0)
            return rc;
        return check_range(o, "contest_id", 1, INT64_MAX, err);
    }
    if (strcmp(kind, "team_goal") == 0) {
        if ((rc = json_check_keys(o, goal_keys, "sii", err)) < 0 ||
            (rc = check_choice(o, "period", periods, err)) < 0 ||
            (rc = check_range(o, "team_id", 1, INT64_MAX, err)) < 0)
            return rc;
        return check_range(o, "target", 1, 1000000000, err);
    }
    if (strcmp(kind, "recent_wins") == 0) {
        if ((rc = json_check_keys(o, wins_keys, "i", err)) < 0)
            return rc;
        return check_range(o, "limit", 1, 10, err);
    }
    return json_check_keys(o, none, "", err);
}

/* Checks a slides array and writes its canonical text into *text (new). */
static int slides_check(const json_t *v, char **text, struct err *err)
{
    static const char *const keys[] = {"kind", "seconds", "options", NULL};
    size_t i;
    json_t *slide;
    json_t *out;
    int rc;

    if (!json_is_array(v))
        return err_field(err, UPT_EMALFORMED, "slides", "'slides' must be an array");
    if (json_array_size(v) > TV_MAX_SLIDES)
        return err_field(err, UPT_EINVAL, "slides", "a channel has at most %d slides",
                         TV_MAX_SLIDES);
    out = json_array();
    json_array_foreach(v, i, slide)
    {
        const json_t *kind = json_object_get(slide, "kind"),
                     *secs = json_object_get(slide, "seconds");
        json_t *opts = json_object_get(slide, "options");
        if (!json_is_object(slide)) {
            rc = err_field(err, UPT_EMALFORMED, "slides", "each slide must be an object");
            goto fail;
        }
        if ((rc = json_check_keys(slide, keys, "si?", err)) < 0)
            goto fail;
        if (opts && !json_is_object(opts)) {
            rc = err_field(err, UPT_EMALFORMED, "slides", "a slide's 'options' must be an object");
            goto fail;
        }
        if (!json_is_string(kind) || !is_kind(json_string_value(kind))) {
            rc = err_field(err, UPT_EINVAL, "slides",
                           "slide %zu: 'kind' must be leaderboard, contest, team_goal,"
                           " recent_wins or adoption",
                           i + 1);
            goto fail;
        }
        if (!json_is_integer(secs) || json_integer_value(secs) < TV_MIN_SECONDS ||
            json_integer_value(secs) > TV_MAX_SECONDS) {
            rc = err_field(err, UPT_EINVAL, "slides", "slide %zu: 'seconds' must be %d to %d",
                           i + 1, TV_MIN_SECONDS, TV_MAX_SECONDS);
            goto fail;
        }
        if (opts && (rc = check_options(json_string_value(kind), opts, err)) < 0)
            goto fail;
        json_array_append_new(out, json_pack("{s:O,s:O,s:o}", "kind", kind, "seconds", secs,
                                             "options", opts ? json_copy(opts) : json_object()));
    }
    *text = json_dumps(out, JSON_COMPACT);
    json_decref(out);
    if (*text && strlen(*text) > TV_MAX_SLIDES_TEXT) {
        free(*text);
        *text = NULL;
        return err_field(err, UPT_EINVAL, "slides", "the slides are too long");
    }
    return 0;
fail:
    json_decref(out);
    return rc;
}

/* A slug: 1 to 40 of a-z, 0-9 and '-', not a name the API uses itself. */
static int slug_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;

    if (n == 0 || n > 40 || strcmp(s, "channels") == 0 || strcmp(s, "tokens") == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
            return 0;
    return 1;
}

/* ---- channels (admins) ----------------------------------------------------------------- */

static void channels_list(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    json_t *items = NULL;

    if (store_tv_channel_list(r->app->store, &items, &err) < 0) {
        resp_error(w, &err);
        return;
    }
    resp_json(w, 200, json_pack("{s:o}", "items", items));
}

/* Reads a channel body; create needs slug and name. */
static int channel_body(struct req *r, int create, json_t **body, struct tv_channel *c,
                        char **slides, struct err *err)
{
    static const char *const allowed[] = {"slug", "name", "slides", "ticker", "sound", NULL};
    json_t *v;
    int rc = req_json(r, body, err);

    *c = (struct tv_channel){.ticker = create ? 1 : -1, .sound = create ? 0 : -1};
    *slides = NULL;
    if (rc < 0 || (rc = json_check_keys(*body, allowed, "ss?bb", err)) < 0)
        return rc;
    c->slug = json_string_value(json_object_get(*body, "slug"));
    c->name = json_string_value(json_object_get(*body, "name"));
    if ((create || c->slug) && !slug_ok(c->slug))
        return err_field(err, UPT_EINVAL, "slug",
                         "'slug' must be 1 to 40 of a-z, 0-9 and '-' (not channels or tokens)");
    if ((create || c->name) && validate_name(c->name, 100) < 0)
        return err_field(err, UPT_EINVAL, "name", "'name' must be 1 to 100 characters");
    if ((v = json_object_get(*body, "slides")) != NULL) {
        if ((rc = slides_check(v, slides, err)) < 0)
            return rc;
        c->slides = *slides;
    } else if (create) {
        c->slides = "[]";
    }
    if ((v = json_object_get(*body, "ticker")) != NULL)
        c->ticker = json_is_true(v);
    if ((v = json_object_get(*body, "sound")) != NULL)
        c->sound = json_is_true(v);
    return 0;
}

static void channel_reply(struct req *r, struct resp *w, int64_t id, int status)
{
    struct err err = ERR_INIT;
    json_t *out = NULL;

    if (store_tv_channel_get(r->app->store, id, NULL, &out, &err) < 0)
        resp_error(w, &err);
    else
        resp_json(w, status, out);
}

static void channels_create(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    struct tv_channel c;
    json_t *body = NULL;
    char *slides = NULL;
    int64_t id = 0;
    int rc = channel_body(r, 1, &body, &c, &slides, &err);

    if (rc == 0)
        rc = store_tv_channel_create(r->app->store, &c, r->actor.now, &id, &err);
    free(slides);
    json_decref(body);
    if (rc < 0)
        resp_error(w, &err);
    else
        channel_reply(r, w, id, 201);
}

static void channels_update(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    struct tv_channel c;
    json_t *body = NULL;
    char *slides = NULL;
    int64_t id = 0;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = channel_body(r, 0, &body, &c, &slides, &err);
    if (rc == 0)
        rc = store_tv_channel_update(r->app->store, id, &c, r->actor.now, &err);
    free(slides);
    json_decref(body);
    if (rc < 0)
        resp_error(w, &err);
    else
        channel_reply(r, w, id, 200);
}

static void channels_delete(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    int64_t id = 0;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = store_tv_channel_delete(r->app->store, id, &err);
    if (rc < 0)
        resp_error(w, &err);
    else
        resp_empty(w, 204);
}

static void announce(struct req *r, struct resp *w)
{
    static const char *const keys[] = {"text", NULL};
    const char *text[1] = {NULL};
    struct err err = ERR_INIT;
    json_t *body = NULL;
    int64_t id = 0;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = req_json_strings(r, &body, keys, text, &err);
    if (rc == 0 && (!text[0] || validate_name(text[0], TV_MAX_ANNOUNCE) < 0))
        rc = err_field(&err, UPT_EINVAL, "text", "'text' must be 1 to %d characters",
                       TV_MAX_ANNOUNCE);
    if (rc == 0)
        rc = store_tv_announce(r->app->store, id, text[0], r->actor.now, &err);
    if (rc < 0)
        resp_error(w, &err);
    else
        resp_json(w, 202, json_pack("{s:I,s:s}", "channel_id", (json_int_t)id, "text", text[0]));
    json_decref(body);
}

/* ---- display tokens (admins) ----------------------------------------------------------- */

static void tokens_list(struct req *r, struct resp *w)
{
    static const char *const times[] = {"created_at", "revoked_at", "last_seen_at", NULL};
    struct err err = ERR_INIT;
    json_t *items = NULL;

    if (store_tv_token_list(r->app->store, &items, &err) < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_times(items, times);
    resp_json(w, 200, json_pack("{s:o}", "items", items));
}

static void tokens_create(struct req *r, struct resp *w)
{
    static const char *const allowed[] = {"name", "channel_id", NULL};
    struct err err = ERR_INIT;
    json_t *body = NULL, *channel = NULL;
    char token[AUTH_TOKEN_LEN] = "";
    unsigned char hash[32];
    int64_t id = 0, channel_id = 0;
    const char *name = NULL;
    int rc = auth_check_manage(r, "create display tokens", &err);

    if (rc == 0)
        rc = req_json(r, &body, &err);
    if (rc == 0)
        rc = json_check_keys(body, allowed, "si", &err);
    if (rc < 0)
        goto out;
    name = json_string_value(json_object_get(body, "name"));
    channel_id = json_integer_value(json_object_get(body, "channel_id"));
    if (validate_name(name, 100) < 0) {
        rc = err_field(&err, UPT_EINVAL, "name", "'name' must be 1 to 100 characters");
        goto out;
    }
    auth_token_new(token, hash);
    rc = store_tv_token_create(r->app->store, name, channel_id, hash, r->user.user_id, r->actor.now,
                               &id, &err);
    if (rc == 0)
        rc = store_tv_channel_get(r->app->store, channel_id, NULL, &channel, &err);
    if (rc < 0)
        goto out;
    char url[160];
    snprintf(url, sizeof url, "/tv/%s?token=%s",
             json_string_value(json_object_get(channel, "slug")), token);
    resp_json(w, 201,
              json_pack("{s:I,s:s,s:I,s:s,s:s}", "id", (json_int_t)id, "name", name, "channel_id",
                        (json_int_t)channel_id, "token", token, "url", url));
    resp_header(w, r, "Cache-Control", "no-store");
    sodium_memzero(url, sizeof url);
out:
    sodium_memzero(token, sizeof token);
    json_decref(channel);
    json_decref(body);
    if (rc < 0)
        resp_error(w, &err);
}

static void tokens_revoke(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    int64_t id = 0;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = store_tv_token_revoke(r->app->store, id, r->actor.now, &err);
    if (rc < 0)
        resp_error(w, &err);
    else
        resp_empty(w, 204);
}

/* ---- the board's data ------------------------------------------------------------------ */

static const char *opt_text(const json_t *o, const char *key, const char *fallback)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : fallback;
}

static int64_t opt_int(const json_t *o, const char *key, int64_t fallback)
{
    const json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? json_integer_value(v) : fallback;
}

/* The points of everyone in the period: entries (borrowing totals' names, in their public
 * form), those a person board shows (hidden people still count for their team) and teams. */
struct board_points {
    json_t *totals;
    struct lb_entry *v, *shown;
    struct lb_team *teams;
    size_t n, nshown, nteams;
    struct lb_range range;
    int64_t *holidays; /* in range, day numbers */
    size_t nholidays;
};

static int points_load(struct req *r, const char *period, struct board_points *b, struct err *err)
{
    struct lb_range prev;
    struct consent_settings cs;
    int rc;

    memset(b, 0, sizeof *b);
    if (lb_range_of(lb_period_parse(period), r->actor.now, 0, 0, &b->range) < 0)
        return err_set(err, UPT_EINVAL, "bad period");
    lb_range_previous(&b->range, &prev);
    rc = store_board_settings(r->app->store, &cs, err);
    if (rc == 0)
        rc = store_points_totals(r->app->store, prev.from, b->range.from, b->range.to, &b->totals,
                                 err);
    if (rc == 0)
        rc = store_holidays_days(r->app->store, b->range.from, b->range.to, &b->holidays,
                                 &b->nholidays, err);
    if (rc < 0) {
        json_decref(b->totals);
        b->totals = NULL;
        return rc;
    }
    b->n = json_array_size(b->totals);
    b->v = xmalloc((b->n ? b->n : 1) * sizeof *b->v);
    b->shown = xmalloc((b->n ? b->n : 1) * sizeof *b->shown);
    b->teams = xmalloc((b->n ? b->n : 1) * sizeof *b->teams);
    for (size_t i = 0; i < b->n; i++) {
        json_t *t = json_array_get(b->totals, i);
        int64_t team = json_integer_value(json_object_get(t, "team_id"));
        int shown = tv_person_public(t, "user_id", "name", &cs);
        b->v[i] = (struct lb_entry){
            .user_id = json_integer_value(json_object_get(t, "user_id")),
            .name = json_string_value(json_object_get(t, "name")),
            .team_id = team,
            .points = json_integer_value(json_object_get(t, "points")),
            .previous = json_integer_value(json_object_get(t, "previous")),
            .target = lb_target_of_week(json_integer_value(json_object_get(t, "per_week")),
                                        &b->range, b->holidays, b->nholidays),
            .joined_at = json_integer_value(json_object_get(t, "created_at"))};
        if (shown)
            b->shown[b->nshown++] = b->v[i];
        if (team && json_is_string(json_object_get(t, "team_name"))) {
            size_t k = 0;
            while (k < b->nteams && b->teams[k].team_id != team)
                k++;
            if (k == b->nteams)
                b->teams[b->nteams++] = (struct lb_team){
                    .team_id = team, .name = json_string_value(json_object_get(t, "team_name"))};
        }
    }
    return 0;
}

static void points_free(struct board_points *b)
{
    json_decref(b->totals);
    free(b->v);
    free(b->shown);
    free(b->teams);
    free(b->holidays);
}

/* One row of a leaderboard slide; percent of the prorated target, null without one. */
static json_t *slide_item(int rank, const char *name, int64_t points, int64_t improvement,
                          double percent)
{
    return json_pack("{s:i,s:s,s:I,s:I,s:o}", "rank", rank, "name", name, "points",
                     (json_int_t)points, "improvement", (json_int_t)improvement, "percent",
                     percent < 0 ? json_null()
                                 : json_real((double)(int64_t)(percent * 10 + 0.5) / 10));
}

static int leaderboard_data(struct req *r, const json_t *o, json_t **out, struct err *err)
{
    const char *by = opt_text(o, "by", "person"), *period = opt_text(o, "period", "week");
    const char *metric_name = opt_text(o, "metric", "points");
    int metric = lb_metric_parse(metric_name);
    int64_t limit = opt_int(o, "limit", 5);
    struct board_points b;
    json_t *items = json_array();
    int rc = points_load(r, period, &b, err);

    if (rc < 0) {
        json_decref(items);
        return rc;
    }
    if (strcmp(by, "team") == 0) {
        lb_teams(b.v, b.n, b.teams, b.nteams, metric, &b.range, b.holidays, b.nholidays);
        for (size_t k = 0; k < b.nteams; k++)
            if (b.teams[k].rank <= limit)
                json_array_append_new(items, slide_item(b.teams[k].rank, b.teams[k].name,
                                                        b.teams[k].points, b.teams[k].improvement,
                                                        b.teams[k].percent));
    } else {
        lb_rank(b.shown, b.nshown, metric, &b.range, b.holidays, b.nholidays);
        for (size_t i = 0; i < b.nshown; i++)
            if (b.shown[i].rank <= limit)
                json_array_append_new(items, slide_item(b.shown[i].rank, b.shown[i].name,
                                                        b.shown[i].points, b.shown[i].improvement,
                                                        b.shown[i].percent));
    }
    *out = json_pack("{s:s,s:s,s:s,s:o}", "period", period, "by", by, "metric", metric_name,
                     "items", items);
    points_free(&b);
    return 0;
}

/* A team's goal: the slide's target when it sets one, else the sum of its people's targets
 * for the period (prorated for new joiners, holidays left out); a team without either has no
 * percent (null). */
static int team_goal_data(struct req *r, const json_t *o, json_t **out, struct err *err)
{
    const char *period = opt_text(o, "period", "month");
    int64_t team_id = opt_int(o, "team_id", 0), target = opt_int(o, "target", 0);
    struct board_points b;
    json_t *teams = json_array();
    int rc = points_load(r, period, &b, err);

    if (rc < 0) {
        json_decref(teams);
        return rc;
    }
    lb_teams(b.v, b.n, b.teams, b.nteams, LB_POINTS, &b.range, b.holidays, b.nholidays);
    for (size_t k = 0; k < b.nteams; k++) {
        const struct lb_team *t = &b.teams[k];
        double pct = target > 0 ? (double)t->points * 100.0 / (double)target : t->percent;
        int64_t goal = target > 0 ? target : t->target;
        if (team_id && t->team_id != team_id)
            continue;
        json_array_append_new(
            teams, json_pack("{s:s,s:I,s:o,s:o}", "name", t->name, "points", (json_int_t)t->points,
                             "target", goal > 0 ? json_integer(goal) : json_null(), "percent",
                             pct < 0 ? json_null() : json_real((double)(int64_t)(pct * 10) / 10)));
    }
    *out = json_pack("{s:s,s:o,s:o}", "period", period, "target",
                     target > 0 ? json_integer(target) : json_null(), "teams", teams);
    points_free(&b);
    return 0;
}

static int recent_wins_data(struct req *r, const json_t *o, json_t **out, struct err *err)
{
    json_t *rows = NULL, *items = json_array(), *row;
    struct consent_settings cs;
    size_t i;
    int rc = store_board_settings(r->app->store, &cs, err);

    if (rc == 0)
        rc = store_tv_recent_wins(r->app->store, (int)opt_int(o, "limit", 5), &rows, err);
    if (rc < 0) {
        json_decref(items);
        return rc;
    }
    json_array_foreach(rows, i, row)
    {
        tv_person_public(row, "owner_id", "owner_name", &cs);
        json_object_del(row, "board_visibility");
        json_array_append(items, row);
    }
    json_decref(rows);
    api_render_times(items, (const char *const[]){"closed_at", NULL});
    *out = json_pack("{s:o}", "items", items);
    return 0;
}

/* Team level only: no person's name or score on a public screen. */
static int adoption_data(struct req *r, json_t **out, struct err *err)
{
    struct adoption_query q;
    struct actor system = {.role = ROLE_ADMIN, .now = r->actor.now};
    json_t *all = NULL, *items = json_array(), *t;
    size_t i;
    int rc;

    memset(&q, 0, sizeof q);
    config_adoption(&r->app->cfg, &q.weights, &q.stale_days);
    system.visibility = config_visibility(&r->app->cfg);
    rc = store_adoption_teams(r->app->store, &system, &q, &all, err);
    if (rc < 0) {
        json_decref(items);
        return rc;
    }
    json_array_foreach(json_object_get(all, "items"), i, t)
    {
        int64_t users = json_integer_value(json_object_get(t, "users"));
        int64_t active = json_integer_value(json_object_get(t, "active_users"));
        json_array_append_new(
            items,
            json_pack("{s:O,s:O,s:o}", "name", json_object_get(t, "name"), "score",
                      json_object_get(t, "score"), "active_share",
                      users ? json_real((double)(active * 1000 / users) / 1000) : json_null()));
    }
    json_decref(all);
    *out = json_pack("{s:o}", "teams", items);
    return 0;
}

/* The contest a slide shows: its contest_id, or else the running contest that ends first;
 * 0 when there is none. */
static int contest_pick(struct req *r, const json_t *o, int64_t *id, struct err *err)
{
    json_t *all = NULL, *c;
    int64_t ends = INT64_MAX;
    size_t i;
    int rc;

    *id = opt_int(o, "contest_id", 0);
    if (*id)
        return 0;
    rc = store_contests_list(r->app->store, &r->actor, &all, err);
    json_array_foreach(all, i, c)
    {
        const char *state = json_string_value(json_object_get(c, "state"));
        int64_t end = json_integer_value(json_object_get(c, "ends_at"));
        if (state && strcmp(state, "running") == 0 && end < ends) {
            ends = end;
            *id = json_integer_value(json_object_get(c, "id"));
        }
    }
    json_decref(all);
    return rc;
}

/* Contest standings with the countdown: {"id","name","format","state","seconds_left","target",
 * "prize","standings": the first 8} in the public form, or null when there is no contest to
 * show (none running, or the slide's contest was deleted). */
static int contest_data(struct req *r, const json_t *o, json_t **out, struct err *err)
{
    static const char *const kept[] = {"id",           "name",  "format",       "state", "target",
                                       "seconds_left", "prize", "participants", NULL};
    struct actor display = {.role = ROLE_REP, .now = r->actor.now}; /* no user: public form */
    json_t *c = NULL, *standings;
    int64_t id = 0;
    int rc = contest_pick(r, o, &id, err);

    *out = json_null();
    if (rc < 0 || !id)
        return rc;
    rc = store_contest_get(r->app->store, &display, id, &c, err);
    if (rc == UPT_ENOTFOUND) {
        err_clear(err);
        return 0;
    }
    if (rc < 0)
        return rc;
    json_decref(*out);
    *out = json_object();
    for (size_t k = 0; kept[k]; k++)
        json_object_set(*out, kept[k], json_object_get(c, kept[k]));
    standings = json_object_get(c, "standings");
    while (json_array_size(standings) > 8)
        json_array_remove(standings, 8);
    json_object_set(*out, "standings", standings);
    json_decref(c);
    return 0;
}

static int slide_data(struct req *r, const char *kind, const json_t *o, json_t **out,
                      struct err *err)
{
    if (strcmp(kind, "leaderboard") == 0)
        return leaderboard_data(r, o, out, err);
    if (strcmp(kind, "team_goal") == 0)
        return team_goal_data(r, o, out, err);
    if (strcmp(kind, "recent_wins") == 0)
        return recent_wins_data(r, o, out, err);
    if (strcmp(kind, "adoption") == 0)
        return adoption_data(r, out, err);
    return contest_data(r, o, out, err);
}

static void board_get(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    const char *slug = r->params[0];
    json_t *channel = NULL, *slide;
    size_t i;
    int rc = 0;

    if (!slug_ok(slug))
        rc = err_set(&err, UPT_ENOTFOUND, "no such channel");
    else if (r->display && strcmp(slug, r->tv.slug) != 0)
        rc = err_set(&err, UPT_EPERM, "this display token opens another channel");
    if (rc == 0)
        rc = store_tv_channel_get(r->app->store, 0, slug, &channel, &err);
    json_array_foreach(json_object_get(channel, "slides"), i, slide)
    {
        json_t *data = NULL;
        if (rc < 0)
            break;
        rc = slide_data(r, json_string_value(json_object_get(slide, "kind")),
                        json_object_get(slide, "options"), &data, &err);
        if (rc == 0)
            json_object_set_new(slide, "data", data);
    }
    if (rc < 0) {
        json_decref(channel);
        resp_error(w, &err);
        return;
    }
    json_object_del(channel, "created_at");
    json_object_del(channel, "updated_at");
    resp_json(w, 200, json_pack("{s:o,s:I}", "channel", channel, "now", (json_int_t)r->actor.now));
}

#define ADMIN (ROUTE_AUTH | ROUTE_ADMIN)
#define WRITE (ROUTE_AUTH | ROUTE_ADMIN | ROUTE_CSRF)
const struct route api_tv_routes[] = {
    {"GET", "/api/v1/tv/channels", channels_list, ADMIN, NULL, EV_NONE},
    {"POST", "/api/v1/tv/channels", channels_create, WRITE, NULL, EV_NONE},
    {"PATCH", "/api/v1/tv/channels/:id", channels_update, WRITE, NULL, EV_NONE},
    {"DELETE", "/api/v1/tv/channels/:id", channels_delete, WRITE, NULL, EV_NONE},
    {"POST", "/api/v1/tv/channels/:id/announcements", announce, WRITE, NULL, EV_NONE},
    {"GET", "/api/v1/tv/tokens", tokens_list, ADMIN, NULL, EV_NONE},
    {"POST", "/api/v1/tv/tokens", tokens_create, WRITE, NULL, EV_NONE},
    {"DELETE", "/api/v1/tv/tokens/:id", tokens_revoke, WRITE, NULL, EV_NONE},
    {"GET", "/api/v1/tv/:slug", board_get, ROUTE_AUTH | ROUTE_DISPLAY, NULL, EV_NONE},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
