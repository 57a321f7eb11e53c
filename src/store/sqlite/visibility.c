/* SPDX-License-Identifier: MIT */
/* The read rule in SQL, written once: which owners' rows an actor may read. GET /{kind}/{id},
 * lists and search, timelines, "who knows" and reports all add this condition, so no route
 * shows what the record's own route would answer 404 for. */
#include "store/sqlite/internal.h"

#include "core/buf.h"

int visibility_all(const struct actor *a)
{
    return a->role == ROLE_ADMIN || a->visibility == VIS_ALL;
}

void visibility_add(struct buf *b, const struct actor *a, const char *owner)
{
    if (!owner || visibility_all(a)) {
        buf_adds(b, "1");
        return;
    }
    /* A rep under "own" sees their own records; otherwise (a rep under "team", or a manager,
     * who always sees their teams) also those of their team and of the teams they manage. */
    if (a->role == ROLE_REP && a->visibility == VIS_OWN) {
        buf_addf(b, "(%s = $vis_me)", owner);
        return;
    }
    buf_addf(b,
             "(%s = $vis_me OR %s IN (SELECT vu.id FROM users vu WHERE vu.team_id = $vis_team"
             " OR vu.team_id IN (SELECT vt.id FROM teams vt WHERE vt.manager_id = $vis_me)))",
             owner, owner);
}

void visibility_bind(sqlite3_stmt *s, const struct actor *a)
{
    bind_int(s, "$vis_me", a->user_id);
    bind_int(s, "$vis_team", a->team_id);
}
