/* SPDX-License-Identifier: MIT */
/* The event-kind registry: every kind of event uptake writes (its name in events.kind, the
 * entity it is about, whether it records a change or a read, the adoption features and
 * usage_days tallies it counts towards). Emitters name kinds by enum, so a typo is a compile
 * error; the rollups read a kind's features and tallies from here and nowhere else. Events
 * store the name: the enum ids are for the running process only and never written down. */
#ifndef UPTAKE_CORE_EVENT_KINDS_H
#define UPTAKE_CORE_EVENT_KINDS_H

#include "core/adoption.h"

enum event_access {
    EVENT_READ,   /* looked at something (queued, written in batches by http/usage) */
    EVENT_CHANGE, /* something changed: a record, a session, a token, a setting */
};

/* Adoption features (docs/ADOPTION.md, breadth), as bits of usage_days.features. */
#define EVF_SEARCH   (1u << ADOPTION_FEATURE_SEARCH)
#define EVF_TIMELINE (1u << ADOPTION_FEATURE_TIMELINE)
#define EVF_LOG      (1u << ADOPTION_FEATURE_LOG_ACTIVITY)
#define EVF_TASKS    (1u << ADOPTION_FEATURE_TASKS)
#define EVF_PIPELINE (1u << ADOPTION_FEATURE_PIPELINE)
#define EVF_REPORTS  (1u << ADOPTION_FEATURE_REPORTS)

/* What else a kind adds to a person's day in usage_days besides its event (rollup.c). */
enum event_tally {
    EVT_LOGIN = 1 << 0,        /* logins */
    EVT_ACTIVITY = 1 << 1,     /* activities (and meaningful, when its detail says so) */
    EVT_CONVERTED = 1 << 2,    /* leads_converted */
    EVT_WON = 1 << 3,          /* deals_won */
    EVT_LOST = 1 << 4,         /* deals_lost */
    EVT_DEAL_UPDATE = 1 << 5,  /* deal_updates */
    EVT_STAGE_CHANGE = 1 << 6, /* stage_changes */
    EVT_CREATED = 1 << 7,      /* records_created */
    EVT_UPDATED = 1 << 8,      /* records_updated */
};

/* The registry: X(ID, name, entity, access, features, tallies). entity is the events.entity a
 * kind is written with, NULL when it has none or when it varies (search: the kind searched).
 * New kinds go at the end of their group; the order is not the lookup order (a sorted index is
 * built once). A record kind has the four changes RECORD_EVENTS() names (core/records.h) and
 * the three reads RECORD_ROUTES() names (api/records.h). */
#define EVENT_KINDS(X)                                                                             \
    /* record changes, from the generic record engine (store/record.c) */                          \
    X(TEAM_CREATED, "team.created", "team", EVENT_CHANGE, 0, EVT_CREATED)                          \
    X(TEAM_UPDATED, "team.updated", "team", EVENT_CHANGE, 0, EVT_UPDATED)                          \
    X(TEAM_DELETED, "team.deleted", "team", EVENT_CHANGE, 0, 0)                                    \
    X(TEAM_RESTORED, "team.restored", "team", EVENT_CHANGE, 0, 0)                                  \
    X(ORGANIZATION_CREATED, "organization.created", "organization", EVENT_CHANGE, 0, EVT_CREATED)  \
    X(ORGANIZATION_UPDATED, "organization.updated", "organization", EVENT_CHANGE, 0, EVT_UPDATED)  \
    X(ORGANIZATION_DELETED, "organization.deleted", "organization", EVENT_CHANGE, 0, 0)            \
    X(ORGANIZATION_RESTORED, "organization.restored", "organization", EVENT_CHANGE, 0, 0)          \
    X(CONTACT_CREATED, "contact.created", "contact", EVENT_CHANGE, 0, EVT_CREATED)                 \
    X(CONTACT_UPDATED, "contact.updated", "contact", EVENT_CHANGE, 0, EVT_UPDATED)                 \
    X(CONTACT_DELETED, "contact.deleted", "contact", EVENT_CHANGE, 0, 0)                           \
    X(CONTACT_RESTORED, "contact.restored", "contact", EVENT_CHANGE, 0, 0)                         \
    X(RELATIONSHIP_CREATED, "relationship.created", "relationship", EVENT_CHANGE, 0, EVT_CREATED)  \
    X(RELATIONSHIP_UPDATED, "relationship.updated", "relationship", EVENT_CHANGE, 0, EVT_UPDATED)  \
    X(RELATIONSHIP_DELETED, "relationship.deleted", "relationship", EVENT_CHANGE, 0, 0)            \
    X(RELATIONSHIP_RESTORED, "relationship.restored", "relationship", EVENT_CHANGE, 0, 0)          \
    X(ACTIVITY_LOGGED, "activity.logged", "activity", EVENT_CHANGE, EVF_LOG,                       \
      EVT_ACTIVITY | EVT_CREATED)                                                                  \
    X(ACTIVITY_UPDATED, "activity.updated", "activity", EVENT_CHANGE, 0, EVT_UPDATED)              \
    X(ACTIVITY_DELETED, "activity.deleted", "activity", EVENT_CHANGE, 0, 0)                        \
    X(ACTIVITY_RESTORED, "activity.restored", "activity", EVENT_CHANGE, 0, 0)                      \
    X(TASK_CREATED, "task.created", "task", EVENT_CHANGE, EVF_TASKS, EVT_CREATED)                  \
    X(TASK_UPDATED, "task.updated", "task", EVENT_CHANGE, 0, EVT_UPDATED)                          \
    X(TASK_DELETED, "task.deleted", "task", EVENT_CHANGE, 0, 0)                                    \
    X(TASK_RESTORED, "task.restored", "task", EVENT_CHANGE, 0, 0)                                  \
    X(LEAD_CREATED, "lead.created", "lead", EVENT_CHANGE, 0, EVT_CREATED)                          \
    X(LEAD_UPDATED, "lead.updated", "lead", EVENT_CHANGE, 0, EVT_UPDATED)                          \
    X(LEAD_DELETED, "lead.deleted", "lead", EVENT_CHANGE, 0, 0)                                    \
    X(LEAD_RESTORED, "lead.restored", "lead", EVENT_CHANGE, 0, 0)                                  \
    X(STAGE_CREATED, "stage.created", "stage", EVENT_CHANGE, 0, EVT_CREATED)                       \
    X(STAGE_UPDATED, "stage.updated", "stage", EVENT_CHANGE, 0, EVT_UPDATED)                       \
    X(STAGE_DELETED, "stage.deleted", "stage", EVENT_CHANGE, 0, 0)                                 \
    X(STAGE_RESTORED, "stage.restored", "stage", EVENT_CHANGE, 0, 0)                               \
    X(DEAL_CREATED, "deal.created", "deal", EVENT_CHANGE, EVF_PIPELINE, EVT_CREATED)               \
    X(DEAL_UPDATED, "deal.updated", "deal", EVENT_CHANGE, EVF_PIPELINE,                            \
      EVT_DEAL_UPDATE | EVT_UPDATED)                                                               \
    X(DEAL_DELETED, "deal.deleted", "deal", EVENT_CHANGE, 0, 0)                                    \
    X(DEAL_RESTORED, "deal.restored", "deal", EVENT_CHANGE, 0, 0)                                  \
    /* domain changes (store/hooks.c, domain.c) */                                                 \
    X(DEAL_STAGE_CHANGED, "deal.stage_changed", "deal", EVENT_CHANGE, EVF_PIPELINE,                \
      EVT_STAGE_CHANGE)                                                                            \
    X(DEAL_WON, "deal.won", "deal", EVENT_CHANGE, 0, EVT_WON)                                      \
    X(DEAL_LOST, "deal.lost", "deal", EVENT_CHANGE, 0, EVT_LOST)                                   \
    X(TASK_COMPLETED, "task.completed", "task", EVENT_CHANGE, EVF_TASKS, 0)                        \
    X(LEAD_CONVERTED, "lead.converted", "lead", EVENT_CHANGE, 0, EVT_CONVERTED)                    \
    /* people, settings, sign-in (store/users.c, fields.c, api/session.c, me.c, tokens.c)          \
     */                                                                                            \
    X(USER_CREATED, "user.created", "user", EVENT_CHANGE, 0, EVT_CREATED)                          \
    X(USER_UPDATED, "user.updated", "user", EVENT_CHANGE, 0, EVT_UPDATED)                          \
    X(USER_DEACTIVATED, "user.deactivated", "user", EVENT_CHANGE, 0, 0)                            \
    X(USER_REACTIVATED, "user.reactivated", "user", EVENT_CHANGE, 0, 0)                            \
    X(FIELD_SETTING_UPDATED, "field_setting.updated", "field_setting", EVENT_CHANGE, 0,            \
      EVT_UPDATED)                                                                                 \
    X(LOGIN, "login", "user", EVENT_CHANGE, 0, EVT_LOGIN)                                          \
    X(LOGIN_FAILED, "login.failed", "user", EVENT_CHANGE, 0, 0)                                    \
    X(LOGOUT, "logout", NULL, EVENT_CHANGE, 0, 0)                                                  \
    X(PASSWORD_CHANGED, "password.changed", "user", EVENT_CHANGE, 0, 0)                            \
    X(TOKEN_CREATED, "token.created", "token", EVENT_CHANGE, 0, EVT_CREATED)                       \
    X(TOKEN_REVOKED, "token.revoked", "token", EVENT_CHANGE, 0, 0)                                 \
    X(REVIEW_FLAG_DISMISSED, "review_flag.dismissed", "review_flag", EVENT_CHANGE, 0, 0)           \
    /* a request that failed (http/router.c): it changed nothing */                                \
    X(REQUEST_FAILED, "request.failed", NULL, EVENT_READ, 0, 0)                                    \
    /* reads of record kinds (api/records.h RECORD_ROUTES, api/records.c) */                       \
    X(TEAM_LIST, "team.list", "team", EVENT_READ, 0, 0)                                            \
    X(TEAM_VIEW, "team.view", "team", EVENT_READ, 0, 0)                                            \
    X(TEAM_AUDIT, "team.audit", "team", EVENT_READ, 0, 0)                                          \
    X(ORGANIZATION_LIST, "organization.list", "organization", EVENT_READ, 0, 0)                    \
    X(ORGANIZATION_VIEW, "organization.view", "organization", EVENT_READ, 0, 0)                    \
    X(ORGANIZATION_AUDIT, "organization.audit", "organization", EVENT_READ, 0, 0)                  \
    X(CONTACT_LIST, "contact.list", "contact", EVENT_READ, 0, 0)                                   \
    X(CONTACT_VIEW, "contact.view", "contact", EVENT_READ, 0, 0)                                   \
    X(CONTACT_AUDIT, "contact.audit", "contact", EVENT_READ, 0, 0)                                 \
    X(RELATIONSHIP_LIST, "relationship.list", "relationship", EVENT_READ, 0, 0)                    \
    X(RELATIONSHIP_VIEW, "relationship.view", "relationship", EVENT_READ, 0, 0)                    \
    X(RELATIONSHIP_AUDIT, "relationship.audit", "relationship", EVENT_READ, 0, 0)                  \
    X(ACTIVITY_LIST, "activity.list", "activity", EVENT_READ, 0, 0)                                \
    X(ACTIVITY_VIEW, "activity.view", "activity", EVENT_READ, 0, 0)                                \
    X(ACTIVITY_AUDIT, "activity.audit", "activity", EVENT_READ, 0, 0)                              \
    X(TASK_LIST, "task.list", "task", EVENT_READ, 0, 0)                                            \
    X(TASK_VIEW, "task.view", "task", EVENT_READ, 0, 0)                                            \
    X(TASK_AUDIT, "task.audit", "task", EVENT_READ, 0, 0)                                          \
    X(LEAD_LIST, "lead.list", "lead", EVENT_READ, 0, 0)                                            \
    X(LEAD_VIEW, "lead.view", "lead", EVENT_READ, 0, 0)                                            \
    X(LEAD_AUDIT, "lead.audit", "lead", EVENT_READ, 0, 0)                                          \
    X(STAGE_LIST, "stage.list", "stage", EVENT_READ, 0, 0)                                         \
    X(STAGE_VIEW, "stage.view", "stage", EVENT_READ, 0, 0)                                         \
    X(STAGE_AUDIT, "stage.audit", "stage", EVENT_READ, 0, 0)                                       \
    X(DEAL_LIST, "deal.list", "deal", EVENT_READ, 0, 0)                                            \
    X(DEAL_VIEW, "deal.view", "deal", EVENT_READ, 0, 0)                                            \
    X(DEAL_AUDIT, "deal.audit", "deal", EVENT_READ, 0, 0)                                          \
    X(SEARCH, "search", NULL, EVENT_READ, EVF_SEARCH, 0)                                           \
    /* other reads, named in the route tables of src/api/ */                                       \
    X(CONTACT_TIMELINE, "contact.timeline", "contact", EVENT_READ, EVF_TIMELINE, 0)                \
    X(CONTACT_COLLEAGUES, "contact.colleagues", "contact", EVENT_READ, 0, 0)                       \
    X(ORGANIZATION_TIMELINE, "organization.timeline", "organization", EVENT_READ, EVF_TIMELINE, 0) \
    X(DEAL_HISTORY, "deal.history", "deal", EVENT_READ, 0, 0)                                      \
    X(USER_LIST, "user.list", "user", EVENT_READ, 0, 0)                                            \
    X(USER_VIEW, "user.view", "user", EVENT_READ, 0, 0)                                            \
    X(TOKEN_LIST, "token.list", "token", EVENT_READ, 0, 0)                                         \
    X(SESSION_VIEW, "session.view", NULL, EVENT_READ, 0, 0)                                        \
    X(ME_RECENT, "me.recent", NULL, EVENT_READ, 0, 0)                                              \
    X(ME_ATTENTION, "me.attention", NULL, EVENT_READ, 0, 0)                                        \
    X(FIELD_LIST, "field.list", NULL, EVENT_READ, 0, 0)                                            \
    X(FIELD_USAGE, "field.usage", NULL, EVENT_READ, 0, 0)                                          \
    X(EVENT_LIST, "event.list", NULL, EVENT_READ, 0, 0)                                            \
    X(REPORT_PIPELINE, "report.pipeline", NULL, EVENT_READ, EVF_REPORTS, 0)                        \
    X(REPORT_TEAM, "report.team", "team", EVENT_READ, EVF_REPORTS, 0)                              \
    X(REPORT_AT_RISK, "report.at_risk", "team", EVENT_READ, EVF_REPORTS, 0)                        \
    X(REVIEW_FLAG_LIST, "review_flag.list", "review_flag", EVENT_READ, 0, 0)                       \
    X(ADOPTION_USERS, "adoption.users", NULL, EVENT_READ, EVF_REPORTS, 0)                          \
    X(ADOPTION_USER, "adoption.user", "user", EVENT_READ, EVF_REPORTS, 0)                          \
    X(ADOPTION_TEAMS, "adoption.teams", NULL, EVENT_READ, EVF_REPORTS, 0)                          \
    X(ADOPTION_ORG, "adoption.org", NULL, EVENT_READ, EVF_REPORTS, 0)

/* EV_NONE (0) is no kind: a route without a read event, an unknown name. */
enum event_kind {
    EV_NONE,
#define EVENT_KIND_ENUM(id, name, entity, access, features, tallies) EV_##id,
    EVENT_KINDS(EVENT_KIND_ENUM)
#undef EVENT_KIND_ENUM
        EV_COUNT
};

struct event_kind_def {
    const char *name;   /* "lead.converted": events.kind */
    const char *entity; /* "lead": events.entity, or NULL (none, or it varies) */
    enum event_access access;
    unsigned features; /* EVF_* bits */
    unsigned tallies;  /* EVT_* bits */
};

/* The definition of k; NULL for EV_NONE or out of range. */
const struct event_kind_def *event_kind_def(enum event_kind k);
/* k's name ("lead.converted"); "" for EV_NONE or out of range. */
const char *event_kind_name(enum event_kind k);
/* The kind named name (a binary search; thread-safe), or EV_NONE when none is registered under
 * it: an imported event from another CRM may carry any kind, and counts then as an event only. */
enum event_kind event_kind_lookup(const char *name);

#endif
