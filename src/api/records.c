/* SPDX-License-Identifier: MIT */
/* Generic record handlers: parse and validate, one store call, render, respond. */
#include "api/records.h"
#include "api/render.h"

#include "core/buf.h"
#include "core/records.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

static const char *cursor_encode(struct req *r, const char *plain, size_t n)
{
    size_t size = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = arena_alloc(&r->arena, size);

    sodium_bin2base64(out, size, (const unsigned char *)plain, n,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

const char *api_cursor_encode(struct req *r, int64_t position)
{
    char plain[32];
    int n = snprintf(plain, sizeof plain, "k%lld", (long long)position);

    return cursor_encode(r, plain, (size_t)n);
}

const char *api_cursor_encode_pair(struct req *r, int64_t first, int64_t second)
{
    char plain[64];
    int n = snprintf(plain, sizeof plain, "k%lld.%lld", (long long)first, (long long)second);

    return cursor_encode(r, plain, (size_t)n);
}

/* Decodes cursor into its "k…" text in plain (size bytes); UPT_EMALFORMED. */
static int cursor_decode(const char *cursor, char *plain, size_t size, struct err *err)
{
    size_t n = 0;

    if (strlen(cursor) > 88 ||
        sodium_base642bin((unsigned char *)plain, size - 1, cursor, strlen(cursor), NULL, &n, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        n < 2 || plain[0] != 'k')
        return err_field(err, UPT_EMALFORMED, "cursor", "'cursor' is not a cursor from this API");
    plain[n] = '\0';
    return 0;
}

int api_cursor_decode(const char *cursor, int64_t *position, struct err *err)
{
    char plain[64];
    char *end = NULL;

    *position = 0;
    if (!cursor || !*cursor)
        return 0;
    if (cursor_decode(cursor, plain, sizeof plain, err) < 0)
        return UPT_EMALFORMED;
    errno = 0;
    long long v = strtoll(plain + 1, &end, 10);
    if (errno || end == plain + 1 || *end || v <= 0)
        return err_field(err, UPT_EMALFORMED, "cursor", "'cursor' is not a cursor from this API");
    *position = v;
    return 0;
}

int api_cursor_decode_pair(const char *cursor, int64_t *first, int64_t *second, struct err *err)
{
    char plain[64];
    char *end = NULL, *end2 = NULL;

    *first = *second = 0;
    if (!cursor || !*cursor)
        return 0;
    if (cursor_decode(cursor, plain, sizeof plain, err) < 0)
        return UPT_EMALFORMED;
    errno = 0;
    long long a = strtoll(plain + 1, &end, 10);
    long long b = *end == '.' ? strtoll(end + 1, &end2, 10) : 0;
    if (errno || end == plain + 1 || *end != '.' || end2 == end + 1 || *end2 || b <= 0)
        return err_field(err, UPT_EMALFORMED, "cursor", "'cursor' is not a cursor from this API");
    *first = a;
    *second = b;
    return 0;
}

/* A sorted list's cursor: "s<id>.n" (the row's sort value was NULL), "s<id>.i<integer>" or
 * "s<id>.t<text>", base64url like the others. The text can be long (up to a field's length),
 * so it lives in the arena. */
static const char *sort_cursor_encode(struct req *r, int64_t id, const json_t *value)
{
    char head[48];
    struct buf plain = BUF_INIT;
    const char *out;

    snprintf(head, sizeof head, "s%lld.", (long long)id);
    buf_adds(&plain, head);
    if (json_is_integer(value)) {
        buf_addf(&plain, "i%lld", (long long)json_integer_value(value));
    } else if (json_is_string(value)) {
        buf_addc(&plain, 't');
        buf_add(&plain, json_string_value(value), json_string_length(value));
    } else {
        buf_addc(&plain, 'n');
    }
    out = cursor_encode(r, plain.s, plain.len);
    buf_release(&plain);
    return out;
}

/* Decodes a sorted list's cursor into q (cursor, cursor_null, cursor_text, cursor_int); the
 * value's type must match the sort field's (is_text). UPT_EMALFORMED. */
static int sort_cursor_decode(struct req *r, const char *cursor, int is_text, struct list_query *q,
                              struct err *err)
{
    size_t len = strlen(cursor), n = 0;
    char *plain, *end = NULL;
    long long id;

    if (len > 40000)
        goto bad;
    plain = arena_alloc(&r->arena, len + 1);
    if (sodium_base642bin((unsigned char *)plain, len, cursor, len, NULL, &n, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        n < 4 || plain[0] != 's')
        goto bad;
    plain[n] = '\0';
    errno = 0;
    id = strtoll(plain + 1, &end, 10);
    if (errno || end == plain + 1 || id <= 0 || *end != '.')
        goto bad;
    q->cursor = id;
    end++;
    if (strcmp(end, "n") == 0) {
        q->cursor_null = 1;
    } else if (*end == 't' && is_text && strlen(end) == (size_t)(plain + n - end)) {
        q->cursor_text = end + 1;
    } else if (*end == 'i' && !is_text) {
        char *iend = NULL;
        errno = 0;
        q->cursor_int = strtoll(end + 1, &iend, 10);
        if (errno || iend == end + 1 || *iend)
            goto bad;
    } else {
        goto bad;
    }
    return 0;
bad:
    return err_field(err, UPT_EMALFORMED, "cursor",
                     "'cursor' is not a cursor from this API for this sort");
}

/* Reads sort=<field> or sort=-<field> into q, and the cursor that goes with it. */
static int parse_sort(struct req *r, const struct record_kind *k, struct list_query *q,
                      struct err *err)
{
    const char *sort = req_query(r, "sort"), *cursor = req_query(r, "cursor");
    int is_text = 0;

    if (sort) {
        q->sort_desc = sort[0] == '-';
        q->sort = sort + (sort[0] == '-');
        if (!records_sortable(k, q->sort, &is_text))
            return err_field(err, UPT_EMALFORMED, "sort",
                             "cannot sort %s records by '%.64s'; use a text, date, time, number"
                             " or choice field, created_at, updated_at or id",
                             k->name, q->sort);
    }
    if (!sort || strcmp(q->sort, "id") == 0) {
        if (!sort)
            q->sort_desc = 1;
        return api_cursor_decode(cursor, &q->cursor, err);
    }
    if (!cursor || !*cursor)
        return 0;
    return sort_cursor_decode(r, cursor, is_text, q, err);
}

void api_list_response(struct req *r, struct resp *w, json_t *items, int64_t next)
{
    resp_json(w, 200,
              json_pack("{s:o,s:o}", "items", items, "next_cursor",
                        next ? json_string(api_cursor_encode(r, next)) : json_null()));
}

/* Owners already looked up by api_records_may_change (a page repeats a few owners). */
struct may_seen {
    const struct record_kind *k[32];
    int64_t owner[32];
    int may[32];
    int n;
};

static int mark_one(struct req *r, const struct record_kind *k, json_t *record,
                    const char *owner_key, struct may_seen *seen, struct err *err)
{
    int64_t owner = json_integer_value(json_object_get(record, owner_key));
    int may = -1;

    for (int i = 0; i < seen->n && may < 0; i++)
        if (seen->k[i] == k && seen->owner[i] == owner)
            may = seen->may[i];
    if (may < 0) {
        int rc = store_record_may_change(r->app->store, k, &r->actor, owner, &may, err);
        if (rc < 0)
            return rc;
        if (seen->n < (int)(sizeof seen->owner / sizeof seen->owner[0])) {
            seen->k[seen->n] = k;
            seen->owner[seen->n] = owner;
            seen->may[seen->n++] = may;
        }
    }
    json_object_set_new(record, "may_change", json_boolean(may));
    return 0;
}

int api_records_may_change(struct req *r, const struct record_kind *k, json_t *records,
                           const char *owner_key, struct err *err)
{
    struct may_seen seen = {.n = 0};
    json_t *record;
    size_t i;
    int rc = 0;

    if (json_is_object(records))
        return mark_one(r, k, records, owner_key, &seen, err);
    json_array_foreach(records, i, record)
    {
        rc = mark_one(r, k, record, owner_key, &seen, err);
        if (rc < 0)
            break;
    }
    return rc;
}

/* Query arguments every list accepts besides field filters. */
static int is_list_arg(const char *key)
{
    return strcmp(key, "q") == 0 || strcmp(key, "limit") == 0 || strcmp(key, "cursor") == 0 ||
           strcmp(key, "sort") == 0 || strcmp(key, "deleted") == 0 || strcmp(key, "owner") == 0 ||
           key[0] == '_';
}

/* Reads ids=1,2,3 into q->ids: positive ids, at most STORE_MAX_IDS. */
static int parse_ids(struct req *r, const char *value, struct list_query *q, struct err *err)
{
    int64_t *ids = arena_alloc(&r->arena, STORE_MAX_IDS * sizeof *ids);
    const char *p = value;
    int n = 0;

    for (;;) {
        char *end = NULL;
        long long v;

        if (n == STORE_MAX_IDS)
            return err_field(err, UPT_EMALFORMED, "ids", "'ids' takes at most %d ids",
                             STORE_MAX_IDS);
        errno = 0;
        v = (*p >= '0' && *p <= '9') ? strtoll(p, &end, 10) : 0;
        if (errno || v <= 0 || (*end != ',' && *end != '\0'))
            return err_field(err, UPT_EMALFORMED, "ids",
                             "'ids' must be record ids separated by commas, like 12,40,41");
        ids[n++] = v;
        if (*end == '\0')
            break;
        p = end + 1;
    }
    q->ids = ids;
    q->nids = n;
    return 0;
}

/* Turns query arguments into filters: "org_id=3", "owner=me", "due_at_before=…". */
static int build_filters(struct req *r, const struct record_kind *k, struct list_query *q,
                         struct err *err)
{
    for (int i = 0; i < r->nquery; i++) {
        const char *key = r->query[i].key, *value = r->query[i].value ? r->query[i].value : "";
        char field[64];
        char op = '=';
        size_t n = strlen(key);

        if (strcmp(key, "ids") == 0) {
            if (q->nids)
                return err_field(err, UPT_EMALFORMED, "ids", "give 'ids' once");
            if (parse_ids(r, value, q, err) < 0)
                return -1;
            continue;
        }
        if (strcmp(key, "owner") == 0) {
            snprintf(field, sizeof field, "owner_id");
            if (strcmp(value, "me") == 0)
                value = arena_printf(&r->arena, "%lld", (long long)r->user.user_id);
        } else if (is_list_arg(key)) {
            continue;
        } else if (n > 7 && strcmp(key + n - 7, "_before") == 0 && n - 7 < sizeof field) {
            snprintf(field, sizeof field, "%.*s", (int)(n - 7), key);
            op = '<';
        } else if (n > 6 && strcmp(key + n - 6, "_after") == 0 && n - 6 < sizeof field) {
            snprintf(field, sizeof field, "%.*s", (int)(n - 6), key);
            op = '>';
        } else {
            snprintf(field, sizeof field, "%s", key);
        }
        if (q->nfilters == STORE_MAX_FILTERS)
            return err_set(err, UPT_EMALFORMED, "at most %d filters", STORE_MAX_FILTERS);
        q->filters[q->nfilters].field = arena_strdup(&r->arena, field);
        q->filters[q->nfilters].value = value;
        q->filters[q->nfilters].op = op;
        q->nfilters++;
    }
    return 0;
}

void records_list_h(struct req *r, struct resp *w)
{
    const struct record_kind *k = r->route_data;
    struct list_query q = {0};
    struct err err = ERR_INIT;
    json_t *items = NULL;
    int64_t limit = 0, next = 0;
    const char *deleted = req_query(r, "deleted"), *cursor = NULL;
    int rc;

    rc = req_query_int(r, "limit", 1, 500, 50, &limit, &err);
    if (rc == 0)
        rc = parse_sort(r, k, &q, &err);
    if (rc == 0)
        rc = build_filters(r, k, &q, &err);
    if (rc == 0 && deleted && strcmp(deleted, "true") != 0 && strcmp(deleted, "false") != 0)
        rc = err_field(&err, UPT_EMALFORMED, "deleted", "'deleted' must be true or false");
    if (rc < 0)
        goto out;
    q.limit = (int)limit;
    q.q = req_query(r, "q");
    q.deleted = deleted && strcmp(deleted, "true") == 0;
    if (q.q && strlen(q.q) > 200) {
        rc = err_field(&err, UPT_EMALFORMED, "q", "'q' is longer than 200 characters");
        goto out;
    }
    if (q.q && *q.q)
        r->event_kind = EV_SEARCH;
    rc = store_record_list(r->app->store, k, &r->actor, &q, &items, &next, &err);
    if (rc < 0)
        goto out;
    /* A sorted page's cursor carries the last row's sort value in storage form, so it is read
     * before rendering. */
    if (next && q.sort && strcmp(q.sort, "id") != 0)
        cursor = sort_cursor_encode(
            r, next, json_object_get(json_array_get(items, json_array_size(items) - 1), q.sort));
    rc = api_records_may_change(r, k, items, "owner_id", &err);
    if (rc < 0)
        goto out;
    api_render_records(k, items);
    r->event_entity = k->name;
    if (cursor)
        resp_json(w, 200, json_pack("{s:o,s:s}", "items", items, "next_cursor", cursor));
    else
        api_list_response(r, w, items, next);
    return;
out:
    json_decref(items);
    resp_error(w, &err);
}

static void respond_record(struct req *r, struct resp *w, const struct record_kind *k, int status,
                           json_t *record)
{
    struct err err = ERR_INIT;
    char etag[32];

    if (api_records_may_change(r, k, record, "owner_id", &err) < 0) {
        json_decref(record);
        resp_error(w, &err);
        return;
    }
    snprintf(etag, sizeof etag, "\"%lld\"",
             (long long)json_integer_value(json_object_get(record, "version")));
    records_render(k, record);
    resp_json(w, status, record);
    resp_header(w, r, "ETag", etag);
}

void records_get_h(struct req *r, struct resp *w)
{
    const struct record_kind *k = r->route_data;
    struct err err = ERR_INIT;
    json_t *record = NULL;
    int64_t id;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = store_record_get(r->app->store, k, &r->actor, id, &record, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    r->event_entity = k->name;
    r->event_entity_id = id;
    respond_record(r, w, k, 200, record);
}

void records_create_h(struct req *r, struct resp *w)
{
    const struct record_kind *k = r->route_data;
    struct err err = ERR_INIT;
    json_t *body = NULL, *clean = NULL, *record = NULL;
    int rc = req_json(r, &body, &err);

    if (rc == 0)
        rc = records_input_check(k, body, 1, &clean, &err);
    if (rc == 0)
        rc = store_record_create(r->app->store, k, &r->actor, clean, &record, &err);
    json_decref(body);
    json_decref(clean);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    char location[128];
    snprintf(location, sizeof location, "%s/%lld", r->path,
             (long long)json_integer_value(json_object_get(record, "id")));
    respond_record(r, w, k, 201, record);
    resp_header(w, r, "Location", location);
}

/* Reads If-Match as a version: "3", 3 or W/"3". 0 when absent. */
static int if_match(struct req *r, int64_t *version, struct err *err)
{
    const char *v = req_header(r, "If-Match");
    char *end = NULL;

    *version = 0;
    if (!v)
        return 0;
    if (strncmp(v, "W/", 2) == 0)
        v += 2;
    if (*v == '"')
        v++;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (errno || end == v || n <= 0 || (*end && !(end[0] == '"' && end[1] == '\0')))
        return err_field(err, UPT_EMALFORMED, "If-Match",
                         "If-Match must be the version from the record's ETag, like \"3\"");
    *version = n;
    return 0;
}

void records_update_h(struct req *r, struct resp *w)
{
    const struct record_kind *k = r->route_data;
    struct err err = ERR_INIT;
    json_t *body = NULL, *clean = NULL, *record = NULL;
    int64_t id, version;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = if_match(r, &version, &err);
    if (rc == 0)
        rc = req_json(r, &body, &err);
    if (rc == 0)
        rc = records_input_check(k, body, 0, &clean, &err);
    if (rc == 0)
        rc = store_record_update(r->app->store, k, &r->actor, id, clean, version, &record, &err);
    json_decref(body);
    json_decref(clean);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    respond_record(r, w, k, 200, record);
}

void records_delete_h(struct req *r, struct resp *w)
{
    const struct record_kind *k = r->route_data;
    struct err err = ERR_INIT;
    int64_t id;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = store_record_delete(r->app->store, k, &r->actor, id, &err);
    if (rc < 0)
        resp_error(w, &err);
    else
        resp_empty(w, 204);
}

void records_restore_h(struct req *r, struct resp *w)
{
    const struct record_kind *k = r->route_data;
    struct err err = ERR_INIT;
    json_t *record = NULL;
    int64_t id;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0 && r->body_len) {
        json_t *body = NULL;
        rc = req_json(r, &body, &err);
        if (rc == 0 && (!json_is_object(body) || json_object_size(body)))
            rc = err_set(&err, UPT_EMALFORMED, "restore takes no fields");
        json_decref(body);
    }
    if (rc == 0)
        rc = store_record_restore(r->app->store, k, &r->actor, id, &record, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    respond_record(r, w, k, 200, record);
}

void records_audit_h(struct req *r, struct resp *w)
{
    static const char *const times[] = {"at", NULL};
    const struct record_kind *k = r->route_data;
    struct err err = ERR_INIT;
    json_t *items = NULL, *entry;
    int64_t id;
    size_t i;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = store_record_audit(r->app->store, k, &r->actor, id, &items, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_times(items, times);
    json_array_foreach(items, i, entry)
    {
        api_render_records(k, json_object_get(entry, "before"));
        api_render_records(k, json_object_get(entry, "after"));
    }
    r->event_entity = k->name;
    r->event_entity_id = id;
    resp_json(w, 200, json_pack("{s:o}", "items", items));
}
