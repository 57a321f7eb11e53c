/* SPDX-License-Identifier: MIT */
/* The demo generator's entry point: the roster of users with their archetypes, the teams and
 * the legacy import of organizations, contacts and open deals on the first day; then the
 * day-by-day history (history.c). Records are written with the helpers of records.c. */
#include "demo/demo.h"
#include "demo/history.h"
#include "demo/records.h"

#include "core/buf.h"
#include "core/clock.h"
#include "core/xalloc.h"
#include "http/auth.h"

#include <stdlib.h>
#include <string.h>

/* The fixed roster: the same people in every demo, so guides can name them. */
struct member {
    const char *name, *email;
    int role;
    int team; /* 0 none, else 1..3 */
    enum archetype arch;
    int book_weight;
    int fades;
};

static const char *const team_names[] = {"North", "South", "West"};

static const struct member roster[] = {
    {"Dana Whitfield", "admin@demo.uptake.test", ROLE_ADMIN, 0, ARCH_STEADY, 0, 0},
    {"Marcus Lindqvist", "manager.north@demo.uptake.test", ROLE_MANAGER, 1, ARCH_CHAMPION, 4, 0},
    {"Grace Okoye", "manager.south@demo.uptake.test", ROLE_MANAGER, 2, ARCH_STEADY, 4, 0},
    {"Jordan Ellis", "manager.west@demo.uptake.test", ROLE_MANAGER, 3, ARCH_STEADY, 4, 0},
    {"Priya Raman", NULL, ROLE_REP, 1, ARCH_CHAMPION, 10, 0},
    {"Tom Becker", NULL, ROLE_REP, 1, ARCH_STEADY, 10, 0},
    {"Elena Varga", NULL, ROLE_REP, 1, ARCH_STEADY, 10, 0},
    {"Victor Hale", NULL, ROLE_REP, 1, ARCH_LONE_WOLF, 10, 0},
    {"Sam Ortiz", NULL, ROLE_REP, 1, ARCH_INACTIVE, 10, 0},
    {"Jenny Cole", NULL, ROLE_REP, 1, ARCH_CARELESS, 10, 0},
    {"Kyle Brandt", NULL, ROLE_REP, 1, ARCH_JUNK, 10, 0},
    {"Luis Moreno", NULL, ROLE_REP, 2, ARCH_CHAMPION, 10, 0},
    {"Hannah Fischer", NULL, ROLE_REP, 2, ARCH_STEADY, 10, 0},
    {"Owen Price", NULL, ROLE_REP, 2, ARCH_STEADY, 10, 0},
    {"Nadia Karim", NULL, ROLE_REP, 2, ARCH_CARELESS, 10, 0},
    {"Ben Carter", NULL, ROLE_REP, 2, ARCH_INACTIVE, 10, 1},
    {"Rita Alves", NULL, ROLE_REP, 2, ARCH_STEADY, 10, 0},
    {"Leo Wright", NULL, ROLE_REP, 2, ARCH_STEADY, 10, 0},
    {"Mei Tanaka", NULL, ROLE_REP, 3, ARCH_CHAMPION, 10, 0},
    {"Chris Dunn", NULL, ROLE_REP, 3, ARCH_LONE_WOLF, 10, 0},
    {"Fiona Walsh", NULL, ROLE_REP, 3, ARCH_STEADY, 10, 0},
    {"Derek Moss", NULL, ROLE_REP, 3, ARCH_CARELESS, 10, 0},
    {"Paula Stein", NULL, ROLE_REP, 3, ARCH_INACTIVE, 10, 1},
    {"Ivan Petrov", NULL, ROLE_REP, 3, ARCH_JUNK, 10, 0},
    {"Amy Brooks", NULL, ROLE_REP, 3, ARCH_STEADY, 10, 0},
    /* A rep: an integration needs no admin rights (its tokens could otherwise manage users). */
    {"Legacy CRM sync", "integration@demo.uptake.test", ROLE_REP, 0, ARCH_INTEGRATION, 0, 0},
};

#define ROSTER_SIZE ((int)(sizeof roster / sizeof roster[0]))

/* ---- set-up -------------------------------------------------------------------------------- */

static int load_stages(struct gen *g, const struct actor *sys)
{
    struct list_query q = {0};
    json_t *items = NULL, *s;
    int64_t next = 0, won = 0, lost = 0;
    size_t i;
    int rc;

    q.limit = 500;
    rc = store_record_list(g->st, &kind_stage, sys, &q, &items, &next, g->err);
    if (rc < 0)
        return rc;
    /* Listed newest first; order the open stages by position. */
    int64_t pos[16];
    g->nopen = 0;
    json_array_foreach(items, i, s)
    {
        int64_t id = json_integer_value(json_object_get(s, "id"));
        if (json_is_true(json_object_get(s, "is_won"))) {
            won = won ? won : id;
        } else if (json_is_true(json_object_get(s, "is_lost"))) {
            lost = lost ? lost : id;
        } else if (g->nopen < 14) {
            int64_t p = json_integer_value(json_object_get(s, "position"));
            int j = g->nopen++;
            while (j > 0 && (pos[j - 1] > p || (pos[j - 1] == p && g->stage_ids[j - 1] > id))) {
                pos[j] = pos[j - 1];
                g->stage_ids[j] = g->stage_ids[j - 1];
                j--;
            }
            pos[j] = p;
            g->stage_ids[j] = id;
        }
    }
    json_decref(items);
    if (!g->nopen || !won || !lost)
        return err_set(g->err, UPT_EINVAL,
                       "the demo needs a pipeline with open, won and lost stages");
    g->won = g->nopen;
    g->lost = g->nopen + 1;
    g->stage_ids[g->won] = won;
    g->stage_ids[g->lost] = lost;
    return 0;
}

static int create_users(struct gen *g)
{
    struct actor sys = {0, ROLE_ADMIN, 0, VIS_ALL, g->start + 6 * DEMO_HOUR_MS};
    char hash[256];
    int64_t team_ids[4] = {0, 0, 0, 0};
    int rc;

    rc = auth_password_hash(DEMO_PASSWORD, hash, sizeof hash);
    if (rc < 0)
        return err_set(g->err, UPT_EIO, "cannot hash the demo password");
    rc = load_stages(g, &sys);
    if (rc < 0)
        return rc;
    for (int i = 0; i < ROSTER_SIZE; i++) {
        const struct member *m = &roster[i];
        struct duser *u = &g->users[g->nusers];
        struct buf email = BUF_INIT;
        struct user_new nu = {0};
        const struct actor *by = i == 0 ? &sys : &g->users[0].actor;

        if (m->email) {
            buf_adds(&email, m->email);
        } else {
            names_recase(&email, m->name, 0);
            for (size_t k = 0; k < email.len; k++)
                if (email.s[k] == ' ')
                    email.s[k] = '.';
            buf_adds(&email, "@demo.uptake.test");
        }
        if (m->team && !team_ids[m->team]) {
            json_t *t = json_pack("{s:s}", "name", team_names[m->team - 1]);
            rc = demo_create(g, &kind_team, by, t, &team_ids[m->team]);
        }
        nu.email = email.s;
        nu.name = m->name;
        nu.role = m->role;
        nu.team_id = team_ids[m->team];
        nu.password_hash = m->arch == ARCH_INTEGRATION ? NULL : hash;
        nu.is_integration = m->arch == ARCH_INTEGRATION;
        nu.demo_archetype = demo_habits[m->arch].name;
        if (rc == 0)
            rc = store_user_create(g->st, by, &nu, &u->id, g->err);
        buf_release(&email);
        if (rc < 0)
            return rc;
        u->arch = m->arch;
        u->book_weight = m->book_weight;
        u->fades = m->fades;
        u->actor = (struct actor){u->id, m->role, team_ids[m->team], VIS_ALL, sys.now};
        /* The legacy import and the routing of web-form leads to reps are the system's work
         * (as `uptake` commands, it may write for anyone), recorded in the integration's name;
         * the stored user stays a rep. */
        if (m->arch == ARCH_INTEGRATION) {
            g->integration = g->nusers;
            u->actor.role = ROLE_ADMIN;
        }
        g->nusers++;
        /* The admin signs in first to set the organization up. */
        if (i == 0) {
            g->admin = 0;
            u->actor.now = sys.now;
            rc = store_event_add(g->st, &u->actor, EV_LOGIN, "user", u->id, NULL, g->err);
            if (rc < 0)
                return rc;
        }
        g->users[0].actor.now += 20 * 1000;
    }
    /* Each team's manager leads it. */
    for (int i = 0; i < ROSTER_SIZE; i++) {
        if (roster[i].role != ROLE_MANAGER)
            continue;
        json_t *p = json_pack("{s:I}", "manager_id", (json_int_t)g->users[i].id);
        rc = demo_update(g, &kind_team, &g->users[0].actor, team_ids[roster[i].team], p);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* A sales user drawn in proportion to their share of accounts. */
static int pick_owner(struct gen *g)
{
    int total = 0, x;

    for (int i = 0; i < g->nusers; i++)
        total += g->users[i].book_weight;
    x = (int)rng_below(&g->rng, (uint64_t)total);
    for (int i = 0; i < g->nusers; i++) {
        x -= g->users[i].book_weight;
        if (x < 0)
            return i;
    }
    return 1;
}

/* The legacy CRM's data arrives through the integration account before the first sign-in. */
static int import_legacy(struct gen *g)
{
    struct duser *sync = &g->users[g->integration];
    struct actor *a = &sync->actor;
    int norgs = g->opts->organizations * 7 / 10, ncontacts = g->opts->contacts * 7 / 10;
    int *per_org = NULL, rc = 0;

    if (norgs < 1)
        norgs = 1;
    per_org = xcalloc((size_t)norgs, sizeof *per_org);
    for (int i = 0; i < ncontacts; i++)
        per_org[i < norgs ? i : (int)rng_below(&g->rng, (uint64_t)norgs)]++;
    a->now = g->start + 6 * DEMO_HOUR_MS + 30 * DEMO_MIN_MS;
    /* About one contact in twenty came without an organization. */
    for (int i = 0; i < norgs && rc >= 0; i++) {
        int owner = pick_owner(g), org;
        a->now += 250;
        rc = org = demo_org_new(g, a, owner, 75);
        for (int k = 0; k < per_org[i] && rc >= 0; k++) {
            a->now += 250;
            rc = demo_contact_new(g, a, rng_pct(&g->rng, 5) ? -1 : org, owner, 75);
        }
        if (g->opts->progress && i % 200 == 0)
            fprintf(g->opts->progress, "\rdemo: importing organizations %d/%d", i, norgs);
    }
    free(per_org);
    if (rc < 0)
        return rc;
    /* Who reports to whom, and who knows whom, as far as the old system knew. */
    for (int i = 0; i < g->ncontacts && rc >= 0; i++) {
        const struct dcontact *c = &g->contacts[i];
        json_t *r = NULL;
        if (c->org >= 0 && g->orgs[c->org].head >= 0 && g->orgs[c->org].head != i &&
            rng_pct(&g->rng, 30)) {
            r = json_pack("{s:s,s:I,s:I}", "kind", "reports_to", "contact_id", (json_int_t)c->id,
                          "other_contact_id", (json_int_t)g->contacts[g->orgs[c->org].head].id);
        } else if (rng_pct(&g->rng, 6)) {
            int other = (int)rng_below(&g->rng, (uint64_t)g->ncontacts);
            if (other == i)
                continue;
            r = json_pack("{s:s,s:I,s:I}", "kind", "knows", "contact_id", (json_int_t)c->id,
                          "other_contact_id", (json_int_t)g->contacts[other].id);
        } else {
            continue;
        }
        json_object_set_new(r, "owner_id", json_integer(g->users[c->owner].id));
        a->now += 100;
        rc = demo_create(g, &kind_relationship, a, r, NULL);
    }
    /* The open pipeline carried over, in every stage. */
    for (int u = 0; u < g->nusers && rc >= 0; u++) {
        struct duser *du = &g->users[u];
        int lone = du->arch == ARCH_LONE_WOLF;
        int n = lone ? 4 : (du->book_weight ? (int)rng_range(&g->rng, 3, 7) : 0);
        for (int k = 0; k < n && rc >= 0 && du->contacts.n; k++) {
            int c = du->contacts.v[rng_below(&g->rng, (uint64_t)du->contacts.n)];
            int stage = lone ? (int)rng_range(&g->rng, g->nopen / 2, g->nopen - 1)
                             : (int)rng_below(&g->rng, (uint64_t)g->nopen);
            a->now += 250;
            rc = demo_deal_new(g, a, u, c, stage);
            if (rc >= 0 && lone) {
                /* The lone wolf closes his big deals early, whatever he logs. */
                g->deals[rc].target = g->won;
                g->deals[rc].next_day = (int)rng_range(&g->rng, 1, 6);
            }
        }
    }
    return rc < 0 ? rc : 0;
}

int demo_generate(struct store *st, const struct demo_options *opts, struct err *err)
{
    struct gen *g = xcalloc(1, sizeof *g);
    struct demo_options o;
    json_t *users = NULL;
    int rc = 0, in_tx = 0;

    rc = store_user_list(st, 1, &users, err);
    if (rc < 0)
        goto out;
    if (json_array_size(users) > 0) {
        rc = err_set(err, UPT_ECONFLICT,
                     "the database already has users; the demo needs a new, empty database");
        goto out;
    }
    if (opts->contacts < 1 || opts->days < 1) {
        rc = err_set(err, UPT_EINVAL, "the demo needs at least one contact and one day");
        goto out;
    }
    /* A tiny demo still gets one organization. */
    o = *opts;
    if (o.organizations < 1)
        o.organizations = 1;
    opts = &o;
    g->st = st;
    g->opts = opts;
    g->err = err;
    g->arena = (struct arena)ARENA_INIT;
    g->used = (struct name_set)NAME_SET_INIT;
    rng_seed(&g->rng, opts->seed, 1);
    /* The history fills whole days up to the last midnight (UTC) before now, so runs on the
     * same day with the same seed give the same rows. */
    g->start = (opts->now / CLOCK_DAY_MS - opts->days) * CLOCK_DAY_MS;
    g->day_start = g->start;
    rc = store_tx_begin(st, err);
    if (rc < 0)
        goto out;
    in_tx = 1;
    rc = create_users(g);
    if (rc == 0)
        rc = import_legacy(g);
    if (rc < 0)
        goto out;
    in_tx = 0;
    rc = store_tx_commit(st, err);
    if (rc < 0)
        goto out;
    g->orgs_to_create = opts->organizations - g->norgs;
    g->contacts_to_create = opts->contacts - g->ncontacts;
    g->dup_contacts = opts->contacts * 3 / 100 + 1;
    g->dup_orgs = opts->organizations / 100 + 1;
    rc = demo_history_run(g);
out:
    if (in_tx)
        store_tx_rollback(st);
    if (opts->progress && g->st)
        fprintf(opts->progress, "\n");
    json_decref(users);
    for (int i = 0; i < g->nusers; i++) {
        free(g->users[i].contacts.v);
        free(g->users[i].orgs.v);
        free(g->users[i].deals.v);
    }
    free(g->orgs);
    free(g->contacts);
    free(g->deals);
    free(g->tasks);
    free(g->leads);
    free(g->reads);
    free(g->acts);
    names_set_release(&g->used);
    arena_release(&g->arena);
    free(g);
    return rc < 0 ? rc : 0;
}
