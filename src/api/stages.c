/* SPDX-License-Identifier: MIT */
/* Routes of /api/v1/stages: the generic record handlers over kind 'stage'. */
#include "api/records.h"
#include "core/records.h"

const struct route api_stages_routes[] = {
    RECORD_ROUTES("/api/v1/stages", kind_stage, STAGE),
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
