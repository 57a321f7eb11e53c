/* SPDX-License-Identifier: MIT */
/* Routes of /api/v1/leads: generic record handlers, and conversion into contact,
 * organization and deal in one transaction. */
#include "api/records.h"
#include "api/render.h"
#include "core/records.h"

static void leads_convert(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    json_t *opts = NULL, *out = NULL;
    int64_t id;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0) {
        if (r->body_len)
            rc = req_json(r, &opts, &err);
        else
            opts = json_object();
    }
    if (rc == 0)
        rc = store_lead_convert(r->app->store, &r->actor, id, opts, &out, &err);
    json_decref(opts);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_records(&kind_lead, json_object_get(out, "lead"));
    api_render_records(&kind_contact, json_object_get(out, "contact"));
    api_render_records(&kind_organization, json_object_get(out, "organization"));
    api_render_records(&kind_deal, json_object_get(out, "deal"));
    resp_json(w, 200, out);
}

const struct route api_leads_routes[] = {
    RECORD_ROUTES("/api/v1/leads", kind_lead, LEAD),
    {"POST", "/api/v1/leads/:id/convert", leads_convert, ROUTE_AUTH | ROUTE_CSRF, NULL, EV_NONE},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
