/* SPDX-License-Identifier: MIT */
/* The access rule of core/access.h in SQLite: its read filter rendered as a condition on an
 * owner column (GET /{kind}/{id}, lists and search, timelines, "who knows" and reports all add
 * it, so no route shows what the record's own route would answer 404 for), and the owner facts
 * its predicates need, looked up with the same notion of a live team. */
#include "store/internal.h"

#include "core/buf.h"

int visibility_all(const struct actor *a)
{
    struct access_filter f;

    access_read_filter(a, &f);
    return f.kind == ACCESS_ALL;
}

void visibility_render(struct buf *b, const struct access_filter *f, const char *owner)
{
    if (!owner || f->kind == ACCESS_ALL) {
        buf_adds(b, "1 = 1");
        return;
    }
    if (f->kind == ACCESS_OWNER_IS_ME) {
        buf_addf(b, "(%s = $vis_me)", owner);
        return;
    }
    /* Members of a deleted team are nobody's team-mates and have no manager. */
    buf_addf(b,
             "(%s = $vis_me OR %s IN (SELECT vu.id FROM teams vt JOIN users vu ON vu.team_id ="
             " vt.id WHERE vt.deleted_at IS NULL AND (vt.id = $vis_team OR vt.manager_id ="
             " $vis_me)))",
             owner, owner);
}

void visibility_add(struct buf *b, const struct actor *a, const char *owner)
{
    struct access_filter f;

    access_read_filter(a, &f);
    visibility_render(b, &f, owner);
}

void visibility_bind(struct stmt *s, const struct actor *a)
{
    bind_int(s, "$vis_me", a->user_id);
    bind_int(s, "$vis_team", a->team_id);
}

static const char SQL_OWNER_FACTS[] =
    "SELECT t.id, CASE WHEN t.manager_id = $me THEN 1 ELSE 0 END FROM users u"
    " LEFT JOIN teams t ON t.id = u.team_id AND t.deleted_at IS NULL WHERE u.id = $owner";

int access_owner_load(struct store *st, const struct actor *a, int64_t owner_id,
                      struct access_owner *out, struct err *err)
{
    struct stmt *s = NULL;
    int rc;

    out->id = owner_id;
    out->team_id = 0;
    out->managed_by_actor = 0;
    /* Admins, owners and reps decide without the team: spare the query. */
    if (!owner_id || owner_id == a->user_id || a->role == ROLE_ADMIN ||
        (a->role == ROLE_REP && a->visibility == VIS_OWN))
        return 0;
    rc = stmt_get(st, SQL_OWNER_FACTS, &s, err);
    if (rc < 0)
        return rc;
    bind_int(s, "$me", a->user_id);
    bind_int(s, "$owner", owner_id);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW) {
        out->team_id = column_int(s, 0);
        out->managed_by_actor = column_int(s, 1);
    }
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

int store_record_may_change(struct store *st, const struct record_kind *k, const struct actor *a,
                            int64_t owner_id, int *out, struct err *err)
{
    struct access_owner o;
    int rc = 0;

    *out = 0;
    if (k->flags & K_OWNED)
        rc = access_owner_load(st, a, owner_id, &o, err);
    else
        o = (struct access_owner){0};
    if (rc == 0)
        *out = access_may_change(a, &o, k->flags);
    return rc;
}
