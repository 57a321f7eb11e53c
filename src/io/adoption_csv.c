/* SPDX-License-Identifier: MIT */
/* Column tables that turn adoption answers into CSV. */
#include "io/adoption_csv.h"

#include <stdio.h>
#include <string.h>

/* The columns of a person's row: header name and JSON path (object keys separated by '/'). */
static const char *const user_columns[][2] = {
    {"rank", "rank"},
    {"user_id", "user_id"},
    {"name", "name"},
    {"email", "email"},
    {"role", "role"},
    {"team", "team_name"},
    {"score", "score"},
    {"access", "components/access"},
    {"process", "components/process"},
    {"quality", "components/quality"},
    {"previous_score", "previous_score"},
    {"trend", "trend"},
    {"lagging", "lagging"},
    {"active_days", "metrics/access/active_days"},
    {"expected_days", "metrics/access/expected_days"},
    {"last_active", "metrics/access/last_active"},
    {"activities", "metrics/process/activities"},
    {"meaningful_activities", "metrics/process/meaningful_activities"},
    {"tasks_due", "metrics/process/tasks_due"},
    {"tasks_on_time", "metrics/process/tasks_on_time"},
    {"fields_expected", "metrics/quality/fields_expected"},
    {"fields_filled", "metrics/quality/fields_filled"},
    {"open_deals", "metrics/quality/open_deals"},
    {"deals_past_close_date", "metrics/quality/deals_past_close_date"},
    {"deals_without_next_step", "metrics/quality/deals_without_next_step"},
    {"stale", "metrics/quality/stale"},
    {"leads_converted", "metrics/outcome/leads_converted"},
    {"deals_won", "metrics/outcome/deals_won"},
    {"deals_lost", "metrics/outcome/deals_lost"},
    {"days_to_first_activity", "metrics/rollout/days_to_first_activity"},
};

static const char *const team_columns[][2] = {
    {"team_id", "team_id"},
    {"name", "name"},
    {"users", "users"},
    {"score", "score"},
    {"access", "components/access"},
    {"process", "components/process"},
    {"quality", "components/quality"},
    {"active_users", "active_users"},
    {"logged_in_users", "logged_in_users"},
    {"lagging_users", "lagging_users"},
};

static const json_t *at_path(const json_t *v, const char *path)
{
    char key[64];

    while (v && *path) {
        const char *slash = strchr(path, '/');
        size_t n = slash ? (size_t)(slash - path) : strlen(path);
        if (n >= sizeof key)
            return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        v = json_object_get(v, key);
        path += n + (slash ? 1 : 0);
    }
    return v;
}

static void csv_table(struct csv_out *c, const json_t *items, const char *const (*cols)[2],
                      size_t ncols)
{
    const json_t *item;
    size_t i;

    for (size_t k = 0; k < ncols; k++)
        csv_cell(c, cols[k][0]);
    csv_row_end(c);
    json_array_foreach(items, i, item)
    {
        for (size_t k = 0; k < ncols; k++)
            csv_cell_json(c, at_path(item, cols[k][1]));
        csv_row_end(c);
    }
}

/* Every scalar of obj as "path,value" rows (the organization and one user's summary). */
static void flat_rows(struct csv_out *c, const json_t *obj, const char *prefix)
{
    const char *key;
    const json_t *v;

    json_object_foreach((json_t *)obj, key, v)
    {
        char path[256];
        snprintf(path, sizeof path, "%s%s%s", prefix, prefix[0] ? "." : "", key);
        if (json_is_object(v)) {
            flat_rows(c, v, path);
        } else if (!json_is_array(v)) {
            csv_cell(c, path);
            csv_cell_json(c, v);
            csv_row_end(c);
        }
    }
}

static const char *const part_columns[][2] = {
    {"component", "component"},     {"part", "part"}, {"measured", "measured"}, {"value", "value"},
    {"points_lost", "points_lost"}, {"text", "text"},
};

#define NCOLS(t) (sizeof t / sizeof t[0])

void adoption_csv_users(struct csv_out *c, const json_t *answer)
{
    csv_table(c, json_object_get(answer, "items"), user_columns, NCOLS(user_columns));
}

void adoption_csv_teams(struct csv_out *c, const json_t *answer)
{
    csv_table(c, json_object_get(answer, "items"), team_columns, NCOLS(team_columns));
}

void adoption_csv_flat(struct csv_out *c, const json_t *answer)
{
    csv_cell(c, "figure");
    csv_cell(c, "value");
    csv_row_end(c);
    flat_rows(c, answer, "");
}

void adoption_csv_user(struct csv_out *c, const json_t *answer)
{
    adoption_csv_flat(c, answer);
    csv_row_end(c);
    csv_table(c, json_object_get(answer, "parts"), part_columns, NCOLS(part_columns));
}
