/* SPDX-License-Identifier: MIT */
/* Generic handlers for record kinds: each route names its kind in route data. Resource files
 * (contacts.c, deals.c, …) list these in their route tables beside their own handlers. */
#ifndef UPTAKE_API_RECORDS_H
#define UPTAKE_API_RECORDS_H

#include "http/router.h"

void records_list_h(struct req *r, struct resp *w);
void records_get_h(struct req *r, struct resp *w);
void records_create_h(struct req *r, struct resp *w);
void records_update_h(struct req *r, struct resp *w);
void records_delete_h(struct req *r, struct resp *w);
void records_restore_h(struct req *r, struct resp *w);
void records_audit_h(struct req *r, struct resp *w);

/* The usual seven routes of a kind, for a route table; base is "/api/v1/contacts", K the
 * kind's prefix in the event-kind registry (CONTACT: EV_CONTACT_LIST, _VIEW, _AUDIT). */
#define RECORD_ROUTES(base, kind, K)                                                               \
    {"GET", base, records_list_h, ROUTE_AUTH, &kind, EV_##K##_LIST},                               \
        {"POST", base, records_create_h, ROUTE_AUTH | ROUTE_CSRF, &kind, EV_NONE},                 \
        {"GET", base "/:id", records_get_h, ROUTE_AUTH, &kind, EV_##K##_VIEW},                     \
        {"PATCH", base "/:id", records_update_h, ROUTE_AUTH | ROUTE_CSRF, &kind, EV_NONE},         \
        {"DELETE", base "/:id", records_delete_h, ROUTE_AUTH | ROUTE_CSRF, &kind, EV_NONE},        \
        {"POST", base "/:id/restore", records_restore_h, ROUTE_AUTH | ROUTE_CSRF, &kind, EV_NONE}, \
    {                                                                                              \
        "GET", base "/:id/audit", records_audit_h, ROUTE_AUTH, &kind, EV_##K##_AUDIT               \
    }

/* Encodes and decodes the opaque keyset cursor (valid until the arena is released). decode
 * returns 0 (position 0 when cursor is NULL or empty), or UPT_EMALFORMED. */
const char *api_cursor_encode(struct req *r, int64_t position);
int api_cursor_decode(const char *cursor, int64_t *position, struct err *err);
/* The same for a two-part position (a time and a tie-breaker); second is positive. */
const char *api_cursor_encode_pair(struct req *r, int64_t first, int64_t second);
int api_cursor_decode_pair(const char *cursor, int64_t *first, int64_t *second, struct err *err);

/* Sets "may_change" (boolean) on a record (an object) or on each record of an array: whether
 * the caller may change it, by access_may_change() over the owner named at owner_key
 * ("owner_id"; "user_id" in timelines). Each owner is looked up once per call. Borrowed. */
int api_records_may_change(struct req *r, const struct record_kind *k, json_t *records,
                           const char *owner_key, struct err *err);

/* {"items": items, "next_cursor": …}; steals items. */
void api_list_response(struct req *r, struct resp *w, json_t *items, int64_t next);

#endif
