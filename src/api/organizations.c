/* SPDX-License-Identifier: MIT */
/* Routes of /api/v1/organizations: the generic record handlers over kind 'organization', and its
 * 360° timeline. */
#include "api/records.h"
#include "api/timeline.h"
#include "core/records.h"

const struct route api_organizations_routes[] = {
    RECORD_ROUTES("/api/v1/organizations", kind_organization, ORGANIZATION),
    {"GET", "/api/v1/organizations/:id/timeline", timeline_h, ROUTE_AUTH, &kind_organization,
     EV_ORGANIZATION_TIMELINE},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
