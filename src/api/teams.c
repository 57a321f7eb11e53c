/* SPDX-License-Identifier: MIT */
/* Routes of /api/v1/teams: the generic record handlers over kind 'team'. */
#include "api/records.h"
#include "core/records.h"

const struct route api_teams_routes[] = {
    RECORD_ROUTES("/api/v1/teams", kind_team, TEAM),
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
