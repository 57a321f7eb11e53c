/* SPDX-License-Identifier: MIT */
/* Routes of /api/v1/activities: the generic record handlers over kind 'activity'. */
#include "api/records.h"
#include "core/records.h"

const struct route api_activities_routes[] = {
    RECORD_ROUTES("/api/v1/activities", kind_activity, ACTIVITY),
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
