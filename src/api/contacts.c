/* SPDX-License-Identifier: MIT */
/* Routes of /api/v1/contacts: the generic record handlers over kind 'contact', its 360°
 * timeline, and who here knows the contact. */
#include "api/records.h"
#include "api/render.h"
#include "api/timeline.h"
#include "core/records.h"

static void contacts_colleagues(struct req *r, struct resp *w)
{
    static const char *const times[] = {"last_at", NULL};
    struct err err = ERR_INIT;
    json_t *items = NULL;
    int64_t id;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = store_contact_colleagues(r->app->store, &r->actor, id, &items, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_times(items, times);
    r->event_entity = "contact";
    r->event_entity_id = id;
    resp_json(w, 200, json_pack("{s:o}", "items", items));
}

const struct route api_contacts_routes[] = {
    RECORD_ROUTES("/api/v1/contacts", kind_contact, CONTACT),
    {"GET", "/api/v1/contacts/:id/timeline", timeline_h, ROUTE_AUTH, &kind_contact,
     EV_CONTACT_TIMELINE},
    {"GET", "/api/v1/contacts/:id/colleagues", contacts_colleagues, ROUTE_AUTH, NULL,
     EV_CONTACT_COLLEAGUES},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
