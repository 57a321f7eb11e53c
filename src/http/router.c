/* SPDX-License-Identifier: MIT */
/* The list of route tables and the explicit middleware chain every request goes through. */
#include "http/router.h"

#include "core/clock.h"
#include "core/log.h"
#include "http/auth.h"
#include "http/static.h"
#include "http/usage.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* One table per line, so adding one is a one-line change. */
/* clang-format off */
static const struct route *const tables[] = {
    api_session_routes,
    api_users_routes,
    api_tokens_routes,
    api_contacts_routes,
    api_organizations_routes,
    api_relationships_routes,
    api_activities_routes,
    api_tasks_routes,
    api_leads_routes,
    api_stages_routes,
    api_deals_routes,
    api_teams_routes,
    api_events_routes,
    api_meta_routes,
    api_fields_routes,
    api_reports_routes,
    api_adoption_routes,
    api_review_routes,
    api_me_routes,
    api_stream_routes, /* server-sent events: served by http/server.c */
    api_points_routes,
    api_leaderboards_routes,
    api_draws_routes,
    api_consent_routes,
    api_tv_routes,
    api_contests_routes,
    api_targets_routes,
    NULL,
};
/* clang-format on */

/* Matches path against pattern, collecting ":name" segments into r->params. */
static int match(const char *pattern, const char *path, struct req *r)
{
    const char *p = pattern, *s = path;
    int n = 0;

    while (*p && *s) {
        if (*p == ':') {
            size_t len = strcspn(s, "/");
            if (len == 0 || n == REQ_MAX_PARAMS)
                return 0;
            r->params[n++] = arena_strndup(&r->arena, s, len);
            p += strcspn(p, "/");
            s += len;
        } else if (*p == *s) {
            p++;
            s++;
        } else {
            return 0;
        }
    }
    if (*p || (*s && strcmp(s, "/") != 0))
        return 0;
    r->nparams = n;
    return 1;
}

static int is_unsafe(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
           strcmp(method, "OPTIONS") != 0;
}

static const struct route *find_route(struct req *r, int *path_matched)
{
    *path_matched = 0;
    for (int t = 0; tables[t]; t++) {
        for (const struct route *rt = tables[t]; rt->method; rt++) {
            if (!match(rt->pattern, r->path, r))
                continue;
            *path_matched = 1;
            if (strcmp(rt->method, r->method) == 0 ||
                (strcmp(r->method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0))
                return rt;
        }
    }
    return NULL;
}

/* The usage event of an authenticated request: its read event, an event the handler named, or
 * a failure, so adoption figures can show where people run into trouble. Changes write their
 * domain events in their own transactions. */
static void record_usage(struct req *r, const struct route *rt, const struct resp *w)
{
    if (!r->authed || !r->app->usage)
        return;
    if (w->status >= 400) {
        json_t *detail = json_pack("{s:s, s:s, s:i}", "method", r->method, "route", rt->pattern,
                                   "status", w->status);
        char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;

        usage_enqueue(r->app->usage, r->actor.now, r->user.user_id, EV_REQUEST_FAILED, NULL, 0,
                      text);
        free(text);
        json_decref(detail);
    } else if (r->event_kind != EV_NONE) {
        usage_enqueue(r->app->usage, r->actor.now, r->user.user_id, r->event_kind, r->event_entity,
                      r->event_entity_id, NULL);
    }
}

int router_prepare(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    int path_matched = 0;
    const struct route *rt;

    r->route = NULL;
    if (strncmp(r->path, "/api/", 5) != 0)
        return 0; /* static files: no auth, no body */
    rt = find_route(r, &path_matched);
    if (!rt) {
        if (path_matched)
            err_set(&err, UPT_EMALFORMED, "method %s is not allowed here", r->method);
        else
            err_set(&err, UPT_ENOTFOUND, "no such endpoint '%s'", r->path);
        resp_error(w, &err);
        if (path_matched)
            w->status = 405;
        return 1;
    }
    r->route = rt;
    r->route_data = rt->data;
    r->actor.now = clock_now_ms();
    if (auth_authenticate(r, &err) < 0) {
        resp_error(w, &err);
        return 1;
    }
    if (r->display) {
        /* Read-only and never a write, whatever other credentials came along. */
        if ((rt->flags & ROUTE_DISPLAY) && !is_unsafe(r->method))
            return 0;
        err_set(&err, UPT_EPERM, "a display token may only read its TV channel and the stream");
        resp_error(w, &err);
        return 1;
    }
    if ((rt->flags & ROUTE_AUTH) && !r->authed) {
        err_set(&err, UPT_EAUTH, "sign in first");
        resp_error(w, &err);
        return 1;
    }
    if ((rt->flags & ROUTE_CSRF) && r->authed && !r->via_token && is_unsafe(r->method) &&
        auth_check_csrf(r, &err) < 0) {
        resp_error(w, &err);
    } else if ((rt->flags & ROUTE_ADMIN) && r->user.role != ROLE_ADMIN) {
        err_set(&err, UPT_EPERM, "only an admin may do this");
        resp_error(w, &err);
    } else {
        return 0;
    }
    record_usage(r, rt, w);
    return 1;
}

void router_run(struct req *r, struct resp *w)
{
    const struct route *rt = r->route;

    if (!rt) {
        static_serve(r, w);
        return;
    }
    r->event_kind = rt->event;
    rt->handler(r, w);
    record_usage(r, rt, w);
}
