/* SPDX-License-Identifier: MIT */
/* Routes of /api/v1/contacts: the generic record handlers over kind 'contact', and its 360°
 * timeline. */
#include "api/records.h"
#include "api/timeline.h"
#include "core/records.h"

const struct route api_contacts_routes[] = {
    RECORD_ROUTES("/api/v1/contacts", kind_contact, "contact"),
    {"GET", "/api/v1/contacts/:id/timeline", timeline_h, ROUTE_AUTH, &kind_contact,
     "contact.timeline"},
    {NULL, NULL, NULL, 0, NULL, NULL},
};
