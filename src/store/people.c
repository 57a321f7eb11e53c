/* SPDX-License-Identifier: MIT */
/* Questions about people: who here knows a contact, and what a user looked at recently. */
#include "store/internal.h"

#include "core/buf.h"
#include "core/records.h"

#include <string.h>

/* Per active user: their live activities on the contact, the latest, and its kind; only the
 * activities the actor may read count (the read rule at %s, twice). */
static const char SQL_COLLEAGUES_FMT[] =
    "SELECT u.id, u.name, u.email, count(*) AS touches,"
    " max(coalesce(a.occurred_at, a.created_at)) AS last_at,"
    " (SELECT a2.kind FROM activities a2 WHERE a2.contact_id = $contact AND a2.owner_id = u.id"
    "  AND a2.deleted_at IS NULL AND %s"
    "  ORDER BY coalesce(a2.occurred_at, a2.created_at) DESC, a2.id DESC LIMIT 1)"
    " FROM activities a JOIN users u ON u.id = a.owner_id AND u.active = 1"
    " WHERE a.contact_id = $contact AND a.deleted_at IS NULL AND %s"
    " GROUP BY u.id ORDER BY last_at DESC, touches DESC, u.id LIMIT 10";

static json_t *colleague_row(struct stmt *s)
{
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}", "user_id", column_json(s, 0), "name",
                     column_json(s, 1), "email", column_json(s, 2), "touches", column_json(s, 3),
                     "last_at", column_json(s, 4), "last_kind", column_json(s, 5));
}

int store_contact_colleagues(struct store *st, const struct actor *a, int64_t contact_id,
                             json_t **items, struct err *err)
{
    json_t *contact = NULL;
    struct buf vis2 = BUF_INIT, vis = BUF_INIT, sql = BUF_INIT;
    struct stmt *s = NULL;
    int rc = store_record_get(st, &kind_contact, a, contact_id, &contact, err);

    *items = NULL;
    if (rc < 0)
        goto out;
    visibility_add(&vis2, a, "a2.owner_id");
    visibility_add(&vis, a, "a.owner_id");
    buf_addf(&sql, SQL_COLLEAGUES_FMT, vis2.s, vis.s);
    rc = stmt_get(st, sql.s, &s, err);
    if (rc < 0)
        goto out;
    visibility_bind(s, a);
    bind_int(s, "$contact", contact_id);
    rc = stmt_collect(st, s, colleague_row, items, err);
out:
    buf_release(&vis2);
    buf_release(&vis);
    buf_release(&sql);
    json_decref(contact);
    return rc;
}

/* The user's viewed records, newest view first, each once. The caller skips those no longer
 * live or visible, so it reads a bounded number of rows more than it needs. */
static const char SQL_RECENT[] =
    "SELECT entity, entity_id, max(at) AS last, max(id) AS last_id FROM events"
    " WHERE user_id = $me AND kind IN ('contact.view', 'organization.view', 'deal.view',"
    " 'lead.view') AND entity_id IS NOT NULL"
    " GROUP BY entity, entity_id ORDER BY last DESC, last_id DESC LIMIT $scan";

int store_recent_views(struct store *st, const struct actor *a, int limit, json_t **items,
                       struct err *err)
{
    struct stmt *s = NULL;
    json_t *seen = json_array(), *list = json_array(), *e;
    size_t i;
    int rc = 0;

    *items = NULL;
    if (limit < 1 || limit > 50)
        limit = 10;
    rc = stmt_get(st, SQL_RECENT, &s, err);
    if (rc < 0)
        goto out;
    bind_int(s, "$me", a->user_id);
    bind_int(s, "$scan", limit * 4 + 50);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW)
        json_array_append_new(seen, json_pack("{s:o,s:o,s:o}", "entity", column_json(s, 0), "id",
                                              column_json(s, 1), "viewed_at", column_json(s, 2)));
    stmt_done(s);
    if (rc < 0)
        goto out;
    rc = 0;
    json_array_foreach(seen, i, e)
    {
        const char *entity = json_string_value(json_object_get(e, "entity"));
        const struct record_kind *k = entity ? records_kind_find(entity) : NULL;
        json_t *record = NULL;
        if (json_array_size(list) == (size_t)limit)
            break;
        if (!k)
            continue;
        rc = store_record_get(st, k, a, json_integer_value(json_object_get(e, "id")), &record, err);
        if (rc == UPT_ENOTFOUND) {
            rc = 0;
            continue;
        }
        if (rc < 0)
            goto out;
        json_object_set_new(e, "title", records_title(k, record));
        json_decref(record);
        json_array_append(list, e);
    }
    *items = list;
    list = NULL;
out:
    json_decref(seen);
    json_decref(list);
    return rc;
}
