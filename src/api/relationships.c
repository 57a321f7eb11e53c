/* SPDX-License-Identifier: MIT */
/* Routes of /api/v1/relationships: the generic record handlers over kind 'relationship'. */
#include "api/records.h"
#include "core/records.h"

const struct route api_relationships_routes[] = {
    RECORD_ROUTES("/api/v1/relationships", kind_relationship, RELATIONSHIP),
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
