/* SPDX-License-Identifier: MIT */
/* Routes of /api/v1/points/draws (docs/POINTS.md, "Draws"): an admin draws a surprise reward
 * among the people who qualify; everyone signed in may list the draws and run one again from
 * its seed and eligible list to check its winner (core/draw.c). */
#include "api/render.h"
#include "http/router.h"

#include "core/draw.h"
#include "core/json_keys.h"
#include "core/xalloc.h"

#include <stdlib.h>

static const char *const draw_times[] = {"at", NULL};

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
    json_t *items = NULL;

    if (store_points_draws_list(r->app->store, &items, &err) < 0) {
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
    json_t *d = NULL, *eligible;
    int64_t id = 0, winner = 0, *ids = NULL;
    size_t n = 0, index = 0;
    int rc = req_param_id(r, 0, &id, &err);

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
    rc = draw_pick(json_string_value(json_object_get(d, "seed")), ids, n, &index, &winner);
    resp_json(w, 200,
              json_pack("{s:I,s:o,s:I,s:b}", "id", (json_int_t)id, "recorded_winner_id",
                        json_incref(json_object_get(d, "winner_id")), "winner_id",
                        (json_int_t)(rc == 0 ? winner : 0), "matches",
                        rc == 0 && json_integer_value(json_object_get(d, "winner_id")) == winner));
    free(ids);
    json_decref(d);
}

const struct route api_draws_routes[] = {
    {"GET", "/api/v1/points/draws", draws_list, ROUTE_AUTH, NULL, EV_NONE},
    {"POST", "/api/v1/points/draws", draws_create, ROUTE_AUTH | ROUTE_CSRF | ROUTE_ADMIN, NULL,
     EV_NONE},
    {"GET", "/api/v1/points/draws/:id/check", draws_check, ROUTE_AUTH, NULL, EV_NONE},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
