/* SPDX-License-Identifier: MIT */
/* The search index: one row per indexed record (and one of its own text for kinds that carry
 * their organization's name), rewritten from the kind's search-text view after every write.
 * Each engine keeps the rows its own way (the dialect's search_delete and search_insert). */
#include "store/internal.h"

#include "core/buf.h"
#include "core/xalloc.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* Kind codes of the search index (each engine keeps one row per code and record id) for
 * the kinds that are KIND_SEARCH_INDEXED; those that carry their organization's name also have
 * a row of their own text without it (0010_search_own_text.sql). */
static const struct {
    const char *kind;
    int code, own_code;
} search_codes[] = {{"organization", 1, 0}, {"contact", 2, 5}, {"lead", 3, 0}, {"deal", 4, 6}};

int search_code(const struct record_kind *k, int own)
{
    if (!(k->search & KIND_SEARCH_INDEXED) || (own && !(k->search & KIND_SEARCH_ORG_NAME)))
        return 0;
    for (size_t i = 0; i < sizeof search_codes / sizeof search_codes[0]; i++)
        if (strcmp(search_codes[i].kind, k->name) == 0)
            return own ? search_codes[i].own_code : search_codes[i].code;
    assert(!"an indexed kind has a search code");
    return 0;
}

/* Whether kind j's search text carries the name of a record of kind k (its org_id names one). */
static int carries_name_of(const struct record_kind *j, const struct record_kind *k)
{
    const struct field_def *org = records_field_find(j, "org_id");

    return (j->search & KIND_SEARCH_ORG_NAME) && org && org->ref_table &&
           strcmp(org->ref_table, k->table) == 0;
}

/* Rewrites the search row (code, id) from the view's text of record id. */
static int search_row_refresh(struct store *st, const char *view, int code, int64_t id,
                              struct err *err)
{
    const struct dialect *d = store_dialect(st);
    struct buf sql = BUF_INIT;
    struct stmt *s = NULL;
    int rc = stmt_get(st, d->search_delete, &s, err);

    if (rc < 0)
        return rc;
    bind_int(s, "$id", id);
    bind_int(s, "$code", code);
    rc = stmt_exec(st, s, err);
    if (rc < 0)
        return rc;
    d->search_insert(&sql, view);
    rc = stmt_get(st, sql.s, &s, err);
    buf_release(&sql);
    if (rc < 0)
        return rc;
    bind_int(s, "$id", id);
    bind_int(s, "$code", code);
    return stmt_exec(st, s, err);
}

/* The ids the query sql answers ($id bound to id when it has one), into *ids (caller frees). */
static int select_ids(struct store *st, const char *sql, int64_t id, int64_t **ids, size_t *n,
                      struct err *err)
{
    struct stmt *s = NULL;
    size_t cap = 0;
    int rc = stmt_get(st, sql, &s, err);

    *ids = NULL;
    *n = 0;
    if (rc < 0)
        return rc;
    if (id)
        bind_int(s, "$id", id);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            *ids = xrealloc(*ids, cap * sizeof **ids);
        }
        (*ids)[(*n)++] = column_int(s, 0);
    }
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* Refreshes the search text of every record of kind j that carries the name of record id. */
static int search_refresh_carriers(struct store *st, const struct record_kind *j, int64_t id,
                                   struct err *err)
{
    char sql[128];
    int64_t *ids = NULL;
    size_t n = 0;
    int rc;

    snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE org_id = $id", j->table);
    rc = select_ids(st, sql, id, &ids, &n, err);
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = search_refresh(st, j, ids[i], err);
    free(ids);
    return rc;
}

int search_rebuild(struct store *st, struct err *err)
{
    int rc = 0;

    for (int i = 0; records_kinds[i] && rc == 0; i++) {
        const struct record_kind *k = records_kinds[i];
        int code = search_code(k, 0), own = search_code(k, 1);
        char sql[128];
        int64_t *ids = NULL;
        size_t n = 0;

        if (!code)
            continue;
        snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE deleted_at IS NULL ORDER BY id",
                 k->table);
        rc = select_ids(st, sql, 0, &ids, &n, err);
        char view[64], own_view[64];
        snprintf(view, sizeof view, "%s_search_text", k->name);
        snprintf(own_view, sizeof own_view, "%s_own_search_text", k->name);
        for (size_t j = 0; j < n && rc == 0; j++) {
            rc = search_row_refresh(st, view, code, ids[j], err);
            if (rc == 0 && own)
                rc = search_row_refresh(st, own_view, own, ids[j], err);
        }
        free(ids);
    }
    return rc;
}

int search_refresh(struct store *st, const struct record_kind *k, int64_t id, struct err *err)
{
    char view[64];
    int code = search_code(k, 0), own = search_code(k, 1);
    int rc;

    if (!code)
        return 0;
    snprintf(view, sizeof view, "%s_search_text", k->name);
    rc = search_row_refresh(st, view, code, id, err);
    if (rc == 0 && own) {
        snprintf(view, sizeof view, "%s_own_search_text", k->name);
        rc = search_row_refresh(st, view, own, id, err);
    }
    for (int i = 0; records_kinds[i] && rc == 0; i++)
        if (carries_name_of(records_kinds[i], k))
            rc = search_refresh_carriers(st, records_kinds[i], id, err);
    return rc;
}
