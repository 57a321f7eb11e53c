/* SPDX-License-Identifier: MIT */
/* Routes of /api/v1/review/flags: what a manager is asked to review (junk notes, bursts, quick
 * deletes; docs/ADOPTION.md "Review flags"), and dismissing a flag with a note. */
#include "api/render.h"
#include "http/router.h"

#include <string.h>

#define NOTE_MAX 500

static const char *const flag_times[] = {"first_at", "last_at", "dismissed_at", NULL};

/* GET ?status=open|dismissed|all&user_id=&limit= */
static void flags_list(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    struct review_query q = {0, REVIEW_OPEN, 100};
    const char *status = req_query(r, "status");
    json_t *items = NULL;
    int rc = req_query_int(r, "limit", 1, 500, 100, &q.limit, &err);

    if (rc == 0)
        rc = req_query_int(r, "user_id", 1, INT64_MAX, 0, &q.user_id, &err);
    if (rc == 0 && status) {
        if (strcmp(status, "open") == 0)
            q.status = REVIEW_OPEN;
        else if (strcmp(status, "dismissed") == 0)
            q.status = REVIEW_DISMISSED;
        else if (strcmp(status, "all") == 0)
            q.status = REVIEW_ANY;
        else
            rc = err_field(&err, UPT_EMALFORMED, "status", "'status' is open, dismissed or all");
    }
    if (rc == 0)
        rc = store_review_flags(r->app->store, &r->actor, &q, &items, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    for (size_t i = 0; i < json_array_size(items); i++)
        api_render_times(json_array_get(items, i), flag_times);
    resp_json(w, 200, json_pack("{s:o}", "items", items));
}

/* POST /:id/dismiss {"note"}: the note says why (1 to 500 characters, not only spaces). */
static void flags_dismiss(struct req *r, struct resp *w)
{
    static const char *const keys[] = {"note", NULL};
    struct err err = ERR_INIT;
    const char *note = NULL;
    json_t *body = NULL, *flag = NULL;
    int64_t id = 0;
    int rc = req_param_id(r, 0, &id, &err);

    if (rc == 0)
        rc = req_json_strings(r, &body, keys, &note, &err);
    if (rc == 0 && (!note || !note[strspn(note, " \t\r\n")]))
        rc = err_field(&err, UPT_EINVAL, "note",
                       "'note' is required: say why the flag is dismissed");
    else if (rc == 0 && strlen(note) > NOTE_MAX)
        rc = err_field(&err, UPT_EINVAL, "note", "'note' is at most %d bytes", NOTE_MAX);
    if (rc == 0)
        rc = store_review_dismiss(r->app->store, &r->actor, id, note, &flag, &err);
    json_decref(body);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    api_render_times(flag, flag_times);
    resp_json(w, 200, flag);
}

const struct route api_review_routes[] = {
    {"GET", "/api/v1/review/flags", flags_list, ROUTE_AUTH, NULL, EV_REVIEW_FLAG_LIST},
    {"POST", "/api/v1/review/flags/:id/dismiss", flags_dismiss, ROUTE_AUTH | ROUTE_CSRF, NULL,
     EV_NONE},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
