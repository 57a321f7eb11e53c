/* SPDX-License-Identifier: MIT */
/* The access rule (access.h): the filters say whose records, the predicates apply them to the
 * facts of one owner, so the C check and every backend's SQL cannot drift apart. */
#include "core/access.h"

#include "core/records.h"

#include <string.h>

static const char *const role_names[] = {"rep", "manager", "admin"};

const char *access_role_name(int role)
{
    return role >= ROLE_REP && role <= ROLE_ADMIN ? role_names[role] : "rep";
}

int access_role_parse(const char *name)
{
    for (int i = ROLE_REP; i <= ROLE_ADMIN; i++)
        if (name && strcmp(name, role_names[i]) == 0)
            return i;
    return -1;
}

void access_read_filter(const struct actor *a, struct access_filter *out)
{
    out->user_id = a->user_id;
    out->team_id = a->team_id;
    if (a->role == ROLE_ADMIN || a->visibility == VIS_ALL)
        out->kind = ACCESS_ALL;
    else if (a->role == ROLE_REP && a->visibility == VIS_OWN)
        out->kind = ACCESS_OWNER_IS_ME;
    else
        out->kind = ACCESS_OWNER_IN_MY_TEAMS;
}

void access_change_filter(const struct actor *a, struct access_filter *out)
{
    out->user_id = a->user_id;
    out->team_id = a->team_id;
    out->kind = a->role == ROLE_ADMIN     ? ACCESS_ALL
                : a->role == ROLE_MANAGER ? ACCESS_OWNER_IN_MY_TEAMS
                                          : ACCESS_OWNER_IS_ME;
}

int access_filter_matches(const struct access_filter *f, const struct access_owner *o)
{
    if (f->kind == ACCESS_ALL)
        return 1;
    if (o->id && o->id == f->user_id)
        return 1;
    if (f->kind == ACCESS_OWNER_IS_ME)
        return 0;
    /* Only a live team counts: the facts carry team_id 0 for a deleted one. */
    return (o->team_id && o->team_id == f->team_id) || (o->team_id && o->managed_by_actor);
}

int access_may_read(const struct actor *a, const struct access_owner *o)
{
    struct access_filter f;

    if (!o->id)
        return 1;
    access_read_filter(a, &f);
    return access_filter_matches(&f, o);
}

int access_may_change(const struct actor *a, const struct access_owner *o, unsigned flags)
{
    struct access_filter f;

    if (flags & K_ADMIN_WRITE)
        return a->role == ROLE_ADMIN;
    if (!(flags & K_OWNED))
        return 1;
    if (a->role == ROLE_ADMIN)
        return 1; /* also a record left without owner */
    if (!o->id)
        return 0;
    access_change_filter(a, &f);
    return access_filter_matches(&f, o);
}
