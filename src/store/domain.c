/* SPDX-License-Identifier: MIT */
/* Operations beyond single records: deal stage history, lead conversion, 360° timelines. */
#include "store/internal.h"

#include "core/buf.h"
#include "core/json_keys.h"
#include "core/records.h"

#include <string.h>

static const char SQL_DEAL_HISTORY[] =
    "SELECT h.id, h.from_stage_id, f.name, h.to_stage_id, t.name, h.changed_by, u.name,"
    " h.changed_at FROM deal_stage_history h"
    " LEFT JOIN stages f ON f.id = h.from_stage_id LEFT JOIN stages t ON t.id = h.to_stage_id"
    " LEFT JOIN users u ON u.id = h.changed_by WHERE h.deal_id = $deal ORDER BY h.id";

static json_t *history_row(struct stmt *s)
{
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id", column_json(s, 0), "from_stage_id",
                     column_json(s, 1), "from_stage", column_json(s, 2), "to_stage_id",
                     column_json(s, 3), "to_stage", column_json(s, 4), "changed_by",
                     column_json(s, 5), "changed_by_name", column_json(s, 6), "changed_at",
                     column_json(s, 7));
}

int store_deal_history(struct store *st, const struct actor *a, int64_t deal_id, json_t **items,
                       struct err *err)
{
    json_t *deal = NULL;
    struct stmt *s = NULL;
    int rc = store_record_get(st, &kind_deal, a, deal_id, &deal, err);

    *items = NULL;
    json_decref(deal);
    if (rc < 0)
        return rc;
    rc = stmt_get(st, SQL_DEAL_HISTORY, &s, err);
    if (rc < 0)
        return rc;
    bind_int(s, "$deal", deal_id);
    return stmt_collect(st, s, history_row, items, err);
}

static json_t *str_or_null(const json_t *v)
{
    return json_is_string(v) ? json_incref((json_t *)v) : json_null();
}

/* Copies known keys of opts into a new input object, checking their types. */
static int opt_int(const json_t *opts, const char *key, int64_t *out, struct err *err)
{
    json_t *v = json_object_get(opts, key);

    *out = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
        return err_field(err, UPT_EMALFORMED, key, "'%s' must be a positive id", key);
    *out = json_integer_value(v);
    return 0;
}

/* The activities logged on a converted lead, filed under what it became where they name nothing
 * of their own. */
static const char SQL_LEAD_ACTIVITIES_MOVE[] =
    "UPDATE activities SET contact_id = coalesce(contact_id, $c), org_id = coalesce(org_id, $o),"
    " deal_id = coalesce(deal_id, $d) WHERE lead_id = $lead";

/* What a lead becomes belongs to the lead's owner, whoever converts it. */
static void set_owner(json_t *input, const json_t *lead)
{
    json_t *owner = json_object_get(lead, "owner_id");

    if (json_is_integer(owner))
        json_object_set(input, "owner_id", owner);
}

int store_lead_convert(struct store *st, const struct actor *a, int64_t lead_id, const json_t *opts,
                       json_t **out, struct err *err)
{
    static const char *const allowed[] = {"contact_id",   "org_id",   "create_deal", "deal_name",
                                          "amount_minor", "currency", "stage_id",    NULL};
    static const char types[] = "??b"; /* the rest are checked below */
    json_t *lead = NULL, *contact = NULL, *org = NULL, *deal = NULL, *input = NULL, *clean = NULL;
    json_t *patch = NULL, *updated = NULL;
    int64_t contact_id = 0, org_id = 0;
    int rc = 0, in_tx = 0;
    json_t *v;

    *out = NULL;
    if ((rc = json_check_keys(opts, allowed, types, err)) < 0)
        return rc;
    v = json_object_get(opts, "deal_name");
    if (v && !json_is_string(v) && !json_is_null(v))
        return err_field(err, UPT_EMALFORMED, "deal_name", "'deal_name' must be a string");
    if ((rc = opt_int(opts, "contact_id", &contact_id, err)) < 0 ||
        (rc = opt_int(opts, "org_id", &org_id, err)) < 0)
        return rc;
    rc = store_tx_begin(st, err);
    if (rc < 0)
        return rc;
    in_tx = 1;
    rc = record_lock(st, &kind_lead, lead_id, err); /* two conversions: the second sees the first */
    if (rc == 0)
        rc = store_record_get(st, &kind_lead, a, lead_id, &lead, err);
    if (rc < 0)
        goto out;
    rc = may_write(st, a, json_integer_value(json_object_get(lead, "owner_id")), err);
    if (rc < 0)
        goto out;
    const char *status = json_string_value(json_object_get(lead, "status"));
    if (strcmp(status, "converted") == 0 || strcmp(status, "disqualified") == 0) {
        rc = err_set(err, UPT_ECONFLICT, "lead '%lld' is %s and cannot be converted",
                     (long long)lead_id, status);
        goto out;
    }
    /* The organization: the one named, or a new one from the lead's company. */
    if (org_id) {
        rc = store_record_get(st, &kind_organization, a, org_id, &org, err);
        if (rc == UPT_ENOTFOUND)
            rc = err_field(err, UPT_EINVAL, "org_id", "'org_id' %lld not found", (long long)org_id);
        if (rc < 0)
            goto out;
    } else if (json_is_string(json_object_get(lead, "company"))) {
        input = json_pack("{s:O}", "name", json_object_get(lead, "company"));
        set_owner(input, lead);
        rc = store_record_create(st, &kind_organization, a, input, &org, err);
        json_decref(input);
        input = NULL;
        if (rc < 0)
            goto out;
        org_id = json_integer_value(json_object_get(org, "id"));
    }
    /* The contact: the one named, or a new one from the lead's person. */
    if (contact_id) {
        rc = store_record_get(st, &kind_contact, a, contact_id, &contact, err);
        if (rc == UPT_ENOTFOUND)
            rc = err_field(err, UPT_EINVAL, "contact_id", "'contact_id' %lld not found",
                           (long long)contact_id);
        if (rc < 0)
            goto out;
    } else {
        input = json_pack("{s:o,s:o,s:o,s:o,s:o}", "first_name",
                          str_or_null(json_object_get(lead, "first_name")), "last_name",
                          str_or_null(json_object_get(lead, "last_name")), "email",
                          str_or_null(json_object_get(lead, "email")), "phone",
                          str_or_null(json_object_get(lead, "phone")), "title",
                          str_or_null(json_object_get(lead, "title")));
        if (org_id)
            json_object_set_new(input, "org_id", json_integer(org_id));
        set_owner(input, lead);
        rc = store_record_create(st, &kind_contact, a, input, &contact, err);
        json_decref(input);
        input = NULL;
        if (rc == UPT_EINVAL && !json_is_string(json_object_get(lead, "first_name")) &&
            !json_is_string(json_object_get(lead, "last_name")) &&
            !json_is_string(json_object_get(lead, "email")))
            rc = err_set(err, UPT_EINVAL,
                         "the lead has no person to make a contact of;"
                         " name a contact_id");
        if (rc < 0)
            goto out;
        contact_id = json_integer_value(json_object_get(contact, "id"));
    }
    if (!json_is_false(json_object_get(opts, "create_deal"))) {
        const char *name = json_string_value(json_object_get(opts, "deal_name"));
        char fallback[256];
        if (!name) {
            const char *company = json_string_value(json_object_get(lead, "company"));
            const char *last = json_string_value(json_object_get(lead, "last_name"));
            snprintf(fallback, sizeof fallback, "%s deal", company ? company : last ? last : "New");
            name = fallback;
        }
        input = json_pack("{s:s,s:I}", "name", name, "contact_id", (json_int_t)contact_id);
        if (org_id)
            json_object_set_new(input, "org_id", json_integer(org_id));
        static const char *const deal_keys[] = {"amount_minor", "currency", "stage_id", NULL};
        for (int i = 0; deal_keys[i]; i++)
            if (json_object_get(opts, deal_keys[i]))
                json_object_set(input, deal_keys[i], json_object_get(opts, deal_keys[i]));
        set_owner(input, lead);
        rc = records_input_check(&kind_deal, input, 1, &clean, err);
        if (rc == 0)
            rc = store_record_create(st, &kind_deal, a, clean, &deal, err);
        if (rc < 0)
            goto out;
    }
    /* The lead's status is set here, not through the record engine, which refuses it. */
    struct stmt *s = NULL;
    rc = stmt_get(st,
                  "UPDATE leads SET status = 'converted', converted_contact_id = $c,"
                  " converted_org_id = $o, converted_deal_id = $d, converted_at = $at,"
                  " updated_at = $at, version = version + 1 WHERE id = $id",
                  &s, err);
    if (rc < 0)
        goto out;
    bind_int(s, "$c", contact_id);
    bind_int_or_null(s, "$o", org_id);
    bind_json(s, "$d", deal ? json_object_get(deal, "id") : NULL);
    bind_int(s, "$at", a->now);
    bind_int(s, "$id", lead_id);
    rc = stmt_exec(st, s, err);
    if (rc < 0)
        goto out;
    /* What was logged on the lead is about the contact (and deal) it became, so their pages
     * and the deal's at-risk check see it; lead_id keeps where it was logged. */
    rc = stmt_get(st, SQL_LEAD_ACTIVITIES_MOVE, &s, err);
    if (rc < 0)
        goto out;
    bind_int(s, "$c", contact_id);
    bind_int_or_null(s, "$o", org_id);
    bind_json(s, "$d", deal ? json_object_get(deal, "id") : NULL);
    bind_int(s, "$lead", lead_id);
    rc = stmt_exec(st, s, err);
    if (rc < 0)
        goto out;
    rc = store_record_get(st, &kind_lead, a, lead_id, &updated, err);
    if (rc == 0)
        rc = audit_add(st, a, "lead", lead_id, "convert", lead, updated, err);
    if (rc == 0) {
        json_t *detail = json_pack("{s:I,s:o,s:o}", "contact_id", (json_int_t)contact_id, "org_id",
                                   org_id ? json_integer(org_id) : json_null(), "deal_id",
                                   deal ? json_incref(json_object_get(deal, "id")) : json_null());
        rc = store_event_add(st, a, EV_LEAD_CONVERTED, "lead", lead_id, detail, err);
        json_decref(detail);
    }
    if (rc < 0)
        goto out;
    rc = store_tx_commit(st, err);
    in_tx = 0;
    if (rc < 0)
        goto out;
    *out = json_pack("{s:O,s:O,s:O,s:O}", "lead", updated, "contact", contact, "organization",
                     org ? org : json_null(), "deal", deal ? deal : json_null());
out:
    if (in_tx)
        store_tx_rollback(st);
    json_decref(lead);
    json_decref(contact);
    json_decref(org);
    json_decref(deal);
    json_decref(input);
    json_decref(clean);
    json_decref(patch);
    json_decref(updated);
    return rc;
}

/* One query per entity: the touch points of a contact ($c set) or an organization ($o set,
 * which includes the touch points of its people). Columns: type, id, at, user, summary, kind,
 * detail ids, k = id * 4 + a type code, unique across the union, which breaks ties of at for
 * keyset pages, then an activity's notes and duration (so a timeline shows them inline). Each
 * part carries the read rule of its own kind at %s (activities, tasks, deals, relationships, in
 * that order): a timeline shows only what the touch point's own route would. */
static const char SQL_TIMELINE_FMT[] =
    "SELECT * FROM ("
    " SELECT 'activity' AS type, a.id, a.occurred_at AS at, a.owner_id AS user_id,"
    "  coalesce(a.subject, '') AS summary, a.kind AS kind, a.contact_id, a.deal_id, a.id * 4 AS k,"
    "  a.body AS body, a.duration_min AS duration_min"
    "  FROM activities a WHERE a.deleted_at IS NULL AND (a.contact_id = $c OR a.org_id = $o OR"
    "  a.contact_id IN (SELECT id FROM contacts WHERE org_id = $o)) AND %s"
    " UNION ALL"
    " SELECT 'task', t.id, coalesce(t.done_at, t.created_at), t.owner_id, t.title,"
    "  CASE WHEN t.done = 1 THEN 'done' ELSE 'open' END, t.contact_id, t.deal_id, t.id * 4 + 1,"
    "  NULL, NULL"
    "  FROM tasks t WHERE t.deleted_at IS NULL AND (t.contact_id = $c OR t.org_id = $o OR"
    "  t.contact_id IN (SELECT id FROM contacts WHERE org_id = $o)) AND %s"
    " UNION ALL"
    " SELECT 'deal_stage', h.id, h.changed_at, h.changed_by, d.name || ': ' ||"
    "  coalesce(f.name || ' → ', '') || coalesce(s.name, ''),"
    "  CASE WHEN s.is_won = 1 THEN 'won' WHEN s.is_lost = 1 THEN 'lost' WHEN h.from_stage_id IS "
    "NULL"
    "  THEN 'created' ELSE 'moved' END, d.contact_id, d.id, h.id * 4 + 2, NULL, NULL"
    "  FROM deal_stage_history h JOIN deals d ON d.id = h.deal_id"
    "  LEFT JOIN stages f ON f.id = h.from_stage_id LEFT JOIN stages s ON s.id = h.to_stage_id"
    "  WHERE d.deleted_at IS NULL AND (d.contact_id = $c OR d.org_id = $o) AND %s"
    " UNION ALL"
    " SELECT 'relationship', au.id, au.at, au.user_id,"
    "  %s, au.action, %s, NULL, au.id * 4 + 3,"
    "  NULL, NULL"
    "  FROM audit au WHERE au.entity = 'relationship' AND au.entity_id IN"
    "  (SELECT r.id FROM relationships r WHERE (r.contact_id = $c OR r.other_contact_id = $c"
    "   OR r.org_id = $o) AND %s)"
    ") AS touch WHERE ($key = 0 OR at < $before OR (at = $before AND k < $key))"
    " ORDER BY at DESC, k DESC LIMIT $limit";

/* The timeline's SQL for actor a in sql (each part with its kind's read rule). */
static void timeline_sql(struct store *st, struct buf *sql, const struct actor *a)
{
    static const char *const owners[] = {"a.owner_id", "t.owner_id", "d.owner_id", "r.owner_id"};
    static const char audited[] = "coalesce(au.after, au.before)";
    const struct dialect *d = store_dialect(st);
    struct buf vis[4] = {BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT};
    struct buf kind = BUF_INIT, contact = BUF_INIT;

    for (int i = 0; i < 4; i++)
        visibility_add(&vis[i], a, owners[i]);
    d->json_text(&kind, audited, "kind");
    d->json_int(&contact, audited, "contact_id");
    buf_addf(sql, SQL_TIMELINE_FMT, vis[0].s, vis[1].s, vis[2].s, kind.s, contact.s, vis[3].s);
    for (int i = 0; i < 4; i++)
        buf_release(&vis[i]);
    buf_release(&kind);
    buf_release(&contact);
}

int store_timeline(struct store *st, const struct actor *a, const struct record_kind *k, int64_t id,
                   const struct timeline_pos *before, int limit, json_t **items,
                   struct timeline_pos *next, struct err *err)
{
    json_t *record = NULL, *list = NULL;
    struct buf sql = BUF_INIT;
    struct stmt *s = NULL;
    int rc, n = 0;

    *items = NULL;
    next->at = next->key = 0;
    if (k != &kind_contact && k != &kind_organization)
        return err_set(err, UPT_ENOTFOUND, "no timeline for %s", k->name);
    rc = store_record_get(st, k, a, id, &record, err);
    json_decref(record);
    if (rc < 0)
        return rc;
    if (limit <= 0 || limit > 500)
        limit = 100;
    timeline_sql(st, &sql, a);
    rc = stmt_get(st, sql.s, &s, err);
    buf_release(&sql);
    if (rc < 0)
        return rc;
    visibility_bind(s, a);
    bind_int(s, "$c", k == &kind_contact ? id : -1);
    bind_int(s, "$o", k == &kind_organization ? id : -1);
    bind_int(s, "$before", before->at);
    bind_int(s, "$key", before->key);
    bind_int(s, "$limit", limit + 1);
    list = json_array();
    struct timeline_pos last = {0, 0};
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        if (n++ == limit) {
            *next = last;
            break;
        }
        last.at = column_int(s, 2);
        last.key = column_int(s, 8);
        json_t *e =
            json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "type", column_json(s, 0), "id",
                      column_json(s, 1), "at", column_json(s, 2), "user_id", column_json(s, 3),
                      "summary", column_json(s, 4), "kind", column_json(s, 5), "contact_id",
                      column_json(s, 6), "deal_id", column_json(s, 7));
        if (column_text(s, 0) && strcmp(column_text(s, 0), "activity") == 0) {
            json_object_set_new(e, "body", column_json(s, 9));
            json_object_set_new(e, "duration_min", column_json(s, 10));
        }
        json_array_append_new(list, e);
    }
    stmt_done(s);
    if (rc < 0) {
        json_decref(list);
        return rc;
    }
    *items = list;
    return 0;
}
