/* SPDX-License-Identifier: MIT */
/* Routes of /api/v1/tasks: the generic record handlers over kind 'task'. */
#include "api/records.h"
#include "core/records.h"

const struct route api_tasks_routes[] = {
    RECORD_ROUTES("/api/v1/tasks", kind_task, TASK),
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
