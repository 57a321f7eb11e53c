/* SPDX-License-Identifier: MIT */
/* Rendering the store's storage form for clients (see render.h). */
#include "api/render.h"

void api_render_times(json_t *v, const char *const keys[])
{
    json_t *item;
    size_t i;

    if (json_is_array(v)) {
        json_array_foreach(v, i, item) api_render_times(item, keys);
        return;
    }
    for (const char *const *k = keys; *k; k++)
        records_render_time(v, *k);
}

void api_render_records(const struct record_kind *k, json_t *v)
{
    json_t *item;
    size_t i;

    if (json_is_array(v)) {
        json_array_foreach(v, i, item) records_render(k, item);
        return;
    }
    if (json_is_object(v))
        records_render(k, v);
}

void api_render_users(json_t *v)
{
    static const char *const keys[] = {"created_at", "deactivated_at", NULL};

    api_render_times(v, keys);
}
