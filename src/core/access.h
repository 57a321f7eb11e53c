/* SPDX-License-Identifier: MIT */
/* The access rule, written once: who may read and who may change whose records, as pure
 * predicates over plain facts and as a neutral filter each store backend renders in its own
 * SQL. No I/O here: the backend looks the facts up (docs/DECISIONS.md, "One access rule"). */
#ifndef UPTAKE_CORE_ACCESS_H
#define UPTAKE_CORE_ACCESS_H

#include <stdint.h>

enum role { ROLE_REP = 0, ROLE_MANAGER = 1, ROLE_ADMIN = 2 };
enum visibility { VIS_OWN = 0, VIS_TEAM = 1, VIS_ALL = 2 };

/* The one role-name mapping the API, the CLI and the store use: "rep", "manager", "admin". */
const char *access_role_name(int role);
/* The enum role for name, or -1 when name (NULL allowed) is none of them. */
int access_role_parse(const char *name);

/* Who acts, and when. The system (CLI, migrations) acts as an admin with user_id 0. */
struct actor {
    int64_t user_id;
    int role;        /* enum role */
    int64_t team_id; /* 0 when none; may name a deleted team (facts decide, see below) */
    int visibility;  /* enum visibility: what reps may read of others' records */
    int64_t now;     /* unix ms of the action; the demo generator back-dates it */
};

/* What the rule needs to know about a record's owner, relative to the actor. A deleted team
 * has no members and no manager: the backend gives team_id 0 and managed_by_actor 0 for an
 * owner whose team is deleted, so its former manager and team-mates lose access at once. */
struct access_owner {
    int64_t id;           /* the owner's user id; 0 for a record without owner */
    int64_t team_id;      /* the owner's team when it is live, else 0 */
    int managed_by_actor; /* that live team's manager is the actor */
};

enum access_filter_kind {
    ACCESS_ALL,              /* every owner */
    ACCESS_OWNER_IS_ME,      /* owner = user_id */
    ACCESS_OWNER_IN_MY_TEAMS /* owner = user_id, or a member of live team team_id, or of a
                                live team whose manager is user_id */
};

/* A set of owners, described for a backend to turn into a condition on an owner column. */
struct access_filter {
    enum access_filter_kind kind;
    int64_t user_id; /* the actor */
    int64_t team_id; /* OWNER_IN_MY_TEAMS: the actor's own team (0: none); counts only if live */
};

/* Whose records a may read: everyone's for admins and under "all"; their own for a rep under
 * "own"; otherwise their own, their team's and those of the teams they manage. */
void access_read_filter(const struct actor *a, struct access_filter *out);
/* Whose records a may change (and whose adoption figures a may see): everyone's for admins;
 * their own for reps; their own, their team's and their managed teams' for managers. */
void access_change_filter(const struct actor *a, struct access_filter *out);

/* Whether owner o is in the set f describes. */
int access_filter_matches(const struct access_filter *f, const struct access_owner *o);

/* Whether a may read a record owned as o describes (o->id 0: a kind without owner). */
int access_may_read(const struct actor *a, const struct access_owner *o);

/* Whether a may change a record owned as o describes, for a kind with flags (enum kind_flag of
 * core/records.h): K_ADMIN_WRITE kinds only admins change; kinds without K_OWNED anyone who
 * reads them; owned kinds those access_change_filter() names. */
int access_may_change(const struct actor *a, const struct access_owner *o, unsigned flags);

#endif
