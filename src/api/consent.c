/* SPDX-License-Identifier: MIT */
/* Routes of consent on public boards (docs/POINTS.md, "Consent on public boards"):
 * GET/PATCH /api/v1/me/board, the signed-in user's own choice to show on boards by name, by
 * initials or not at all (null: the admin's default); GET (everyone) and PATCH (admins)
 * /api/v1/settings/boards, the org's default, whether hiding is allowed and whether peers see
 * amounts. */
#include "api/render.h"
#include "http/router.h"

#include "core/consent.h"
#include "core/json_keys.h"

#include <stdlib.h>

static json_t *settings_json(const struct consent_settings *cs)
{
    return json_pack("{s:s,s:b,s:b}", "default_visibility", consent_choice_name(cs->default_choice),
                     "allow_hiding", cs->allow_hiding, "peers_see_amounts", cs->peers_see_amounts);
}

/* {"visibility" (own choice or null),"effective","shown_as" (null when hidden),"settings"}. */
static void me_board_render(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    struct consent_settings cs;
    json_t *person = NULL;
    const char *choice;
    char *shown = NULL;
    int rc = store_board_settings(r->app->store, &cs, &err), effective;

    if (rc == 0)
        rc = store_board_person(r->app->store, r->actor.user_id, &person, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    choice = json_string_value(json_object_get(person, "board_visibility"));
    effective = consent_effective(&cs, choice);
    shown = consent_display_name(json_string_value(json_object_get(person, "name")), effective);
    resp_json(w, 200,
              json_pack("{s:O,s:s,s:o,s:o}", "visibility",
                        json_object_get(person, "board_visibility"), "effective",
                        consent_choice_name(effective), "shown_as",
                        shown ? json_string(shown) : json_null(), "settings", settings_json(&cs)));
    free(shown);
    json_decref(person);
}

static void me_board_get(struct req *r, struct resp *w)
{
    me_board_render(r, w);
}

/* PATCH /api/v1/me/board {"visibility": "name"|"initials"|"hidden"|null}. */
static void me_board_patch(struct req *r, struct resp *w)
{
    static const char *const allowed[] = {"visibility", NULL};
    struct err err = ERR_INIT;
    json_t *body = NULL, *v;
    int rc = req_json(r, &body, &err), choice = -1;

    if (rc == 0)
        rc = json_check_keys(body, allowed, "?", &err);
    v = json_object_get(body, "visibility");
    if (rc == 0 && !v)
        rc = err_field(&err, UPT_EINVAL, "visibility",
                       "'visibility' is required: name, initials, hidden or null");
    if (rc == 0 && !json_is_null(v) && !json_is_string(v))
        rc = err_field(&err, UPT_EMALFORMED, "visibility", "'visibility' must be a string or null");
    if (rc == 0 && json_is_string(v) && (choice = consent_parse(json_string_value(v))) < 0)
        rc = err_field(&err, UPT_EINVAL, "visibility",
                       "'visibility' must be name, initials, hidden or null");
    if (rc == 0)
        rc = store_board_visibility_set(r->app->store, &r->actor, choice, &err);
    json_decref(body);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    me_board_render(r, w);
}

static void settings_get(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    struct consent_settings cs;

    if (store_board_settings(r->app->store, &cs, &err) < 0) {
        resp_error(w, &err);
        return;
    }
    resp_json(w, 200, settings_json(&cs));
}

/* PATCH /api/v1/settings/boards {"default_visibility","allow_hiding","peers_see_amounts"},
 * each optional. Turning hiding off leaves the users' choices as they are: a stored "hidden"
 * then shows initials (core/consent.h) until hiding is allowed again. */
static void settings_patch(struct req *r, struct resp *w)
{
    static const char *const allowed[] = {"default_visibility", "allow_hiding", "peers_see_amounts",
                                          NULL};
    struct err err = ERR_INIT;
    struct consent_settings cs;
    json_t *body = NULL, *d, *h, *p;
    int rc = req_json(r, &body, &err);

    if (rc == 0)
        rc = json_check_keys(body, allowed, "sbb", &err);
    if (rc == 0)
        rc = store_board_settings(r->app->store, &cs, &err);
    d = json_object_get(body, "default_visibility");
    h = json_object_get(body, "allow_hiding");
    p = json_object_get(body, "peers_see_amounts");
    if (rc == 0 && d && (cs.default_choice = consent_parse(json_string_value(d))) < 0)
        rc = err_field(&err, UPT_EINVAL, "default_visibility",
                       "'default_visibility' must be name, initials or hidden");
    if (rc == 0) {
        if (h)
            cs.allow_hiding = json_is_true(h);
        if (p)
            cs.peers_see_amounts = json_is_true(p);
        rc = store_board_settings_set(r->app->store, &r->actor, &cs, &err);
    }
    json_decref(body);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    resp_json(w, 200, settings_json(&cs));
}

const struct route api_consent_routes[] = {
    {"GET", "/api/v1/me/board", me_board_get, ROUTE_AUTH, NULL, EV_NONE},
    {"PATCH", "/api/v1/me/board", me_board_patch, ROUTE_AUTH | ROUTE_CSRF, NULL, EV_NONE},
    {"GET", "/api/v1/settings/boards", settings_get, ROUTE_AUTH, NULL, EV_NONE},
    {"PATCH", "/api/v1/settings/boards", settings_patch, ROUTE_AUTH | ROUTE_CSRF | ROUTE_ADMIN,
     NULL, EV_NONE},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
