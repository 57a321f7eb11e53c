/* SPDX-License-Identifier: MIT */
/* Routes and the middleware chain: request id, auth, CSRF, handler, usage event, access log. */
#ifndef UPTAKE_HTTP_ROUTER_H
#define UPTAKE_HTTP_ROUTER_H

#include "http/req.h"
#include "http/resp.h"

typedef void (*route_handler)(struct req *r, struct resp *w);

enum route_flag {
    ROUTE_AUTH = 1 << 0,    /* needs a session or an API token */
    ROUTE_CSRF = 1 << 1,    /* with a session cookie, needs X-CSRF-Token */
    ROUTE_ADMIN = 1 << 2,   /* admins only */
    ROUTE_DISPLAY = 1 << 3, /* a TV's display token may GET it (http/auth.c) */
};

struct route {
    const char *method;
    const char *pattern; /* "/api/v1/contacts/:id" */
    route_handler handler;
    unsigned flags;
    const void *data;      /* handed to the handler as r->route_data */
    enum event_kind event; /* read event queued after a successful GET, or EV_NONE */
};

/* The chain's first half, on the request line and headers only (before any body is read):
 * finds the route and runs auth, CSRF and admin checks. Returns 1 when w holds the answer (an
 * error), 0 when router_run() should follow once the body is in. Sets r->route. */
int router_prepare(struct req *r, struct resp *w);
/* The chain's second half after router_prepare() returned 0: the handler (or a static file)
 * and the usage event. */
void router_run(struct req *r, struct resp *w);

/* Route tables, one per file in src/api/, each ending with {NULL}. */
extern const struct route api_session_routes[], api_users_routes[], api_tokens_routes[],
    api_contacts_routes[], api_organizations_routes[], api_relationships_routes[],
    api_activities_routes[], api_tasks_routes[], api_leads_routes[], api_stages_routes[],
    api_deals_routes[], api_teams_routes[], api_events_routes[], api_meta_routes[],
    api_fields_routes[], api_reports_routes[], api_me_routes[], api_adoption_routes[],
    api_review_routes[], api_stream_routes[], api_points_routes[], api_leaderboards_routes[],
    api_draws_routes[], api_consent_routes[], api_tv_routes[], api_contests_routes[],
    api_targets_routes[];

#endif
