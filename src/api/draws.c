/* SPDX-License-Identifier: MIT */
/* Routes of /api/v1/points/draws (docs/POINTS.md, "Draws"): an admin draws a surprise reward
 * among the people who qualify; everyone signed in may list the draws and run one again from
 * its seed and eligible list to check its winner (core/draw.c). Winners are named as they
 * consented to show on public boards (core/consent.h) to everyone but admins; a hidden winner
 * reads "A teammate" with a null id (the eligible ids stay, so the draw can still be checked). */
#include "api/render.h"
#include "http/router.h"

#include "core/consent.h"
#include "core/draw.h"
#include "core/json_keys.h"
#include "core/xalloc.h"

#include <stdlib.h>

static const char *const draw_times[] = {"at", NULL};

/* Sets o's name_key to the name of the person o's id_key names (null without one), in the
 * public form unless the viewer is an admin; a hidden winner's id_key becomes null. */
static int winner_name(struct req *r, const struct consent_settings *cs, json_t *o,
                       const char *id_key, const char *name_key, struct err *err)
{
    int64_t id = json_integer_value(json_object_get(o, id_key));
    json_t *person = NULL;
    struct consent_viewer viewer = {.user_id = r->actor.user_id};
    int rc;

    json_object_set_new(o, name_key, json_null());
    if (!id)
        return 0;
    rc = store_board_person(r->app->store, id, &person, err);
    if (rc < 0)
        return rc;
    if (r->actor.role != ROLE_ADMIN) {
        viewer.manages_owner =
            json_integer_value(json_object_get(person, "team_manager_id")) == r->actor.user_id;
        consent_apply(person, "user_id", "name", cs,
                      json_string_value(json_object_get(person, "board_visibility")), &viewer);
        json_object_set(o, id_key, json_object_get(person, "user_id"));
    }
    json_object_set(o, name_key, json_object_get(person, "name"));
    json_decref(person);
    return 0;
}

/* POST /api/v1/points/draws {"criterion","prize","seed"}: admins. */
static void draws_create(struct req *r, struct resp *w)
{
    static const char *const allowed[] = {"criterion", "prize", "seed", NULL};
    struct err err = ERR_INIT;
    json_t *body = NULL, *out = NULL;
    const char *criterion = NULL;
    int rc = req_json(r, &body, &err);

    if (rc == 0)
        rc = json_check_keys(body, allowed, "sss", &err);
    criterion = json_string_value(json_object_get(body, "criterion"));
    if (rc == 0 && !json_is_string(json_object_get(body, "prize")))
        rc = err_field(&err, UPT_EMALFORMED, "prize", "'prize' is required");
    if (rc == 0)
        rc = store_points_draw(r->app->store, &r->actor,
                               criterion ? criterion : "pipeline_and_meetings",
                               json_string_value(json_object_get(body, "prize")),
                               json_string_value(json_object_get(body, "seed")), &out, &err);
    json_decref(body);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_times(out, draw_times);
    resp_json(w, 201, out);
}

static void draws_list(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    struct consent_settings cs;
    json_t *items = NULL;
    int rc = store_board_settings(r->app->store, &cs, &err);

    if (rc == 0)
        rc = store_points_draws_list(r->app->store, &items, &err);
    for (size_t i = 0; rc == 0 && i < json_array_size(items); i++)
        rc = winner_name(r, &cs, json_array_get(items, i), "winner_id", "winner_name", &err);
    if (rc < 0) {
        json_decref(items);
        resp_error(w, &err);
        return;
    }
    api_render_times(items, draw_times);
    resp_json(w, 200, json_pack("{s:o}", "items", items));
}

/* GET /api/v1/points/draws/:id/check: runs the draw again from its seed and eligible list. */
static void draws_check(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    struct consent_settings cs;
    json_t *d = NULL, *eligible, *out;
    int64_t id = 0, winner = 0, *ids = NULL;
    size_t n = 0, index = 0;
    int rc = req_param_id(r, 0, &id, &err), picked;

    if (rc == 0)
        rc = store_board_settings(r->app->store, &cs, &err);
    if (rc == 0)
        rc = store_points_draw_get(r->app->store, id, &d, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    eligible = json_object_get(d, "eligible");
    n = json_array_size(eligible);
    ids = xmalloc((n ? n : 1) * sizeof *ids);
    for (size_t i = 0; i < n; i++)
        ids[i] = json_integer_value(json_array_get(eligible, i));
    picked = draw_pick(json_string_value(json_object_get(d, "seed")), ids, n, &index, &winner);
    out = json_pack("{s:I,s:O,s:I,s:b}", "id", (json_int_t)id, "recorded_winner_id",
                    json_object_get(d, "winner_id"), "winner_id",
                    (json_int_t)(picked == 0 ? winner : 0), "matches",
                    picked == 0 && json_integer_value(json_object_get(d, "winner_id")) == winner);
    rc = winner_name(r, &cs, out, "recorded_winner_id", "recorded_winner_name", &err);
    if (rc == 0)
        rc = winner_name(r, &cs, out, "winner_id", "winner_name", &err);
    free(ids);
    json_decref(d);
    if (rc < 0) {
        json_decref(out);
        resp_error(w, &err);
        return;
    }
    resp_json(w, 200, out);
}

const struct route api_draws_routes[] = {
    {"GET", "/api/v1/points/draws", draws_list, ROUTE_AUTH, NULL, EV_NONE},
    {"POST", "/api/v1/points/draws", draws_create, ROUTE_AUTH | ROUTE_CSRF | ROUTE_ADMIN, NULL,
     EV_NONE},
    {"GET", "/api/v1/points/draws/:id/check", draws_check, ROUTE_AUTH, NULL, EV_NONE},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
