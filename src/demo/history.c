/* SPDX-License-Identifier: MIT */
/* The demo's day-by-day history: each day decides who works, plans their sign-ins, reads and
 * writes at simulated times, sorts the plan by time and carries it out through the store as
 * the acting user, so events, audit and usage rollups are the ones real use would leave. */
#include "demo/history.h"
#include "demo/records.h"

#include "core/buf.h"
#include "core/clock.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

enum act_type {
    ACT_LOGIN,
    ACT_ACTIVITY,
    ACT_JUNK_BURST,
    ACT_CONTACT_NEW,
    ACT_ORG_NEW,
    ACT_DUP_CONTACT,
    ACT_DUP_ORG,
    ACT_DEAL_NEW,
    ACT_DEAL_MOVE,
    ACT_TASK_DONE,
    ACT_LEAD_NEW,
    ACT_LEAD_STEP,
    ACT_RELATION,
};

static void plan(struct gen *g, int user, int type, int arg, int64_t at)
{
    struct action *a = VEC_PUSH(g->acts, g->nacts, g->capacts);

    a->at = at;
    a->seq = g->seq++;
    a->user = user;
    a->type = type;
    a->arg = arg;
}

static int64_t work_time(struct gen *g, const struct duser *u)
{
    return rng_range(&g->rng, u->start + 5 * DEMO_MIN_MS, u->end);
}

static int is_weekend(int64_t day_start)
{
    int dow = (int)((day_start / CLOCK_DAY_MS + 4) % 7); /* 1970-01-01 was a Thursday */
    return dow == 0 || dow == 6;
}

static int pick_contact(struct gen *g, const struct duser *u)
{
    if (u->contacts.n)
        return u->contacts.v[rng_below(&g->rng, (uint64_t)u->contacts.n)];
    return g->ncontacts ? (int)rng_below(&g->rng, (uint64_t)g->ncontacts) : -1;
}

static int pick_org(struct gen *g, const struct duser *u)
{
    if (u->orgs.n)
        return u->orgs.v[rng_below(&g->rng, (uint64_t)u->orgs.n)];
    return g->norgs ? (int)rng_below(&g->rng, (uint64_t)g->norgs) : -1;
}

/* Whether user u works today, and when. */
static void decide_day(struct gen *g, struct duser *u)
{
    const struct habits *h = &demo_habits[u->arch];
    int pct = is_weekend(g->day_start) ? h->weekend_pct : h->weekday_pct;

    if (u->arch == ARCH_INTEGRATION) {
        pct = 0;
    } else if (u->arch == ARCH_INACTIVE && g->day >= 7) {
        /* Gave up after the first week, or drops in now and then until a month before now. */
        int last = g->opts->days - 36;
        pct = u->fades && g->day <= last && !is_weekend(g->day_start) ? 10 : 0;
    }
    u->active = rng_pct(&g->rng, pct);
    if (!u->active)
        return;
    u->start = g->day_start + 7 * DEMO_HOUR_MS + 30 * DEMO_MIN_MS +
               rng_range(&g->rng, 0, 150) * DEMO_MIN_MS;
    u->end = u->start + rng_range(&g->rng, 5 * 60, 9 * 60) * DEMO_MIN_MS;
}

/* A user drawn among today's workers in proportion to create_weight; -1 when none. */
static int pick_creator(struct gen *g, int careless_only)
{
    int total = 0, x;

    for (int i = 0; i < g->nusers; i++)
        if (g->users[i].active && (!careless_only || g->users[i].arch == ARCH_CARELESS))
            total += demo_habits[g->users[i].arch].create_weight;
    if (!total)
        return -1;
    x = (int)rng_below(&g->rng, (uint64_t)total);
    for (int i = 0; i < g->nusers; i++) {
        if (!g->users[i].active || (careless_only && g->users[i].arch != ARCH_CARELESS))
            continue;
        x -= demo_habits[g->users[i].arch].create_weight;
        if (x < 0)
            return i;
    }
    return -1;
}

/* A read of kind read: its entity is the registry's; one of a record (not a list) names a
 * record of that entity the person might open. */
static void add_read(struct gen *g, struct duser *u, enum event_kind read, int64_t at)
{
    const struct event_kind_def *def = event_kind_def(read);
    struct event_row *e = VEC_PUSH(g->reads, g->nreads, g->capreads);
    const char *dot = strchr(def->name, '.');
    int viewing = dot && strcmp(dot, ".list") != 0;

    memset(e, 0, sizeof *e);
    e->at = at;
    e->user_id = u->id;
    snprintf(e->kind, sizeof e->kind, "%s", def->name);
    if (!def->entity) { /* search: mostly people, sometimes companies or deals */
        static const char *const where[] = {"contact", "contact", "contact", "organization",
                                            "deal"};
        snprintf(e->entity, sizeof e->entity, "%s", RNG_PICK(&g->rng, where));
        return;
    }
    snprintf(e->entity, sizeof e->entity, "%s", def->entity);
    if (!viewing)
        return;
    if (strcmp(e->entity, "contact") == 0) {
        int c = pick_contact(g, u);
        e->entity_id = c >= 0 ? g->contacts[c].id : 0;
    } else if (strcmp(e->entity, "organization") == 0) {
        int o = pick_org(g, u);
        e->entity_id = o >= 0 ? g->orgs[o].id : 0;
    } else if (strcmp(e->entity, "deal") == 0) {
        int d = u->deals.n ? u->deals.v[rng_below(&g->rng, (uint64_t)u->deals.n)]
                           : (g->ndeals ? (int)rng_below(&g->rng, (uint64_t)g->ndeals) : -1);
        e->entity_id = d >= 0 ? g->deals[d].id : 0;
    }
}

static void plan_user(struct gen *g, int ui)
{
    struct duser *u = &g->users[ui];
    const struct habits *h = &demo_habits[u->arch];
    int nkinds = 0, n;

    plan(g, ui, ACT_LOGIN, 0, u->start);
    if (rng_pct(&g->rng, h->second_login_pct))
        plan(g, ui, ACT_LOGIN, 0, u->start + rng_range(&g->rng, 4 * 60, 5 * 60) * DEMO_MIN_MS);
    while (h->reads[nkinds] != EV_NONE)
        nkinds++;
    n = (int)rng_range(&g->rng, h->reads_min, h->reads_max);
    for (int i = 0; i < n; i++)
        add_read(g, u, h->reads[rng_below(&g->rng, (uint64_t)nkinds)], work_time(g, u));
    n = (int)rng_range(&g->rng, h->acts_min, h->acts_max);
    for (int i = 0; i < n; i++)
        plan(g, ui, ACT_ACTIVITY, 0, work_time(g, u));
    n = (int)rng_range(&g->rng, h->bursts_min, h->bursts_max);
    for (int i = 0; i < n; i++)
        plan(g, ui, ACT_JUNK_BURST, 0, work_time(g, u));
    if (rng_pct(&g->rng, h->deal_pct))
        plan(g, ui, ACT_DEAL_NEW, 0, work_time(g, u));
    if (rng_pct(&g->rng, h->relation_pct))
        plan(g, ui, ACT_RELATION, 0, work_time(g, u));
}

/* Spreads what users create over the history so the totals land near the options. */
static void plan_quota(struct gen *g, int *done, int total, int type, int careless_only)
{
    int due = (int)((int64_t)total * (g->day + 1) / g->opts->days);

    while (*done < due) {
        int ui = pick_creator(g, careless_only);
        if (ui < 0)
            return;
        plan(g, ui, type, 0, work_time(g, &g->users[ui]));
        (*done)++;
    }
}

static void plan_day(struct gen *g)
{
    g->nacts = 0;
    g->nreads = 0;
    for (int i = 0; i < g->nusers; i++)
        decide_day(g, &g->users[i]);
    for (int i = 0; i < g->nusers; i++)
        if (g->users[i].active)
            plan_user(g, i);
    plan_quota(g, &g->orgs_created, g->orgs_to_create, ACT_ORG_NEW, 0);
    plan_quota(g, &g->contacts_created, g->contacts_to_create - g->orgs_to_create, ACT_CONTACT_NEW,
               0);
    plan_quota(g, &g->dup_contacts_made, g->dup_contacts, ACT_DUP_CONTACT, 1);
    plan_quota(g, &g->dup_orgs_made, g->dup_orgs, ACT_DUP_ORG, 1);
    for (int i = 0; i < g->ndeals; i++) {
        struct ddeal *d = &g->deals[i];
        struct duser *u = &g->users[d->owner];
        if (d->stage < g->nopen && d->stage != d->target && d->next_day <= g->day && u->active)
            plan(g, d->owner, ACT_DEAL_MOVE, i, work_time(g, u));
    }
    for (int i = 0; i < g->ntasks; i++) {
        struct dtask *t = &g->tasks[i];
        if (t->done_day <= g->day && g->users[t->owner].active)
            plan(g, t->owner, ACT_TASK_DONE, i, work_time(g, &g->users[t->owner]));
    }
    for (int i = 0; i < g->nleads; i++) {
        struct dlead *l = &g->leads[i];
        if (l->status < 2 && l->next_day <= g->day && g->users[l->owner].active)
            plan(g, l->owner, ACT_LEAD_STEP, i, work_time(g, &g->users[l->owner]));
    }
    /* Web-form leads arrive through the integration at any hour. */
    if (!is_weekend(g->day_start) || rng_pct(&g->rng, 30)) {
        int n = (int)rng_range(&g->rng, 0, 2 + g->opts->contacts / 2500);
        for (int i = 0; i < n; i++)
            plan(g, g->integration, ACT_LEAD_NEW, 0,
                 g->day_start + rng_range(&g->rng, 0, 24 * 60 - 1) * DEMO_MIN_MS);
    }
}

static int cmp_action(const void *pa, const void *pb)
{
    const struct action *a = pa, *b = pb;

    if (a->at != b->at)
        return a->at < b->at ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* ---- the actions ----------------------------------------------------------------------------- */

static int open_deal_of(struct gen *g, const struct duser *u)
{
    for (int tries = 0; tries < 4 && u->deals.n; tries++) {
        int d = u->deals.v[rng_below(&g->rng, (uint64_t)u->deals.n)];
        if (g->deals[d].stage < g->nopen)
            return d;
    }
    return -1;
}

static int follow_up_task(struct gen *g, struct duser *u, int ui, int c, int deal)
{
    const struct habits *h = &demo_habits[u->arch];
    const struct dcontact *ct = &g->contacts[c];
    struct buf title = BUF_INIT;
    int due_day = g->day + (int)rng_range(&g->rng, 1, 7), roll = (int)rng_below(&g->rng, 100);
    int64_t id = 0;
    json_t *in;
    int rc;

    names_task(&g->rng, &title, ct->first, ct->org >= 0 ? g->orgs[ct->org].base : ct->last);
    in = json_pack("{s:s,s:o,s:I}", "title", title.s, "due_at",
                   demo_iso(g->start + due_day * CLOCK_DAY_MS + 22 * DEMO_HOUR_MS), "contact_id",
                   (json_int_t)ct->id);
    if (ct->org >= 0)
        json_object_set_new(in, "org_id", json_integer(g->orgs[ct->org].id));
    if (deal >= 0)
        json_object_set_new(in, "deal_id", json_integer(g->deals[deal].id));
    buf_release(&title);
    rc = demo_create(g, &kind_task, &u->actor, in, &id);
    if (rc < 0 || roll >= h->ontime_pct + h->late_pct)
        return rc; /* left open: overdue once its day has passed */
    struct dtask *t = VEC_PUSH(g->tasks, g->ntasks, g->captasks);
    t->id = id;
    t->owner = ui;
    t->done_day = roll < h->ontime_pct ? (int)rng_range(&g->rng, g->day + 1, due_day)
                                       : due_day + (int)rng_range(&g->rng, 1, 10);
    return 0;
}

static int do_activity(struct gen *g, int ui)
{
    struct duser *u = &g->users[ui];
    const struct habits *h = &demo_habits[u->arch];
    struct buf subject = BUF_INIT, body = BUF_INIT;
    int c = pick_contact(g, u), deal = open_deal_of(g, u), roll = (int)rng_below(&g->rng, 100);
    const char *kind = roll < 40 ? "call" : roll < 70 ? "email" : roll < 85 ? "meeting" : "note";
    int quality = rng_pct(&g->rng, h->body_pct);
    json_t *in;
    int rc;

    if (deal >= 0 && rng_pct(&g->rng, 40))
        c = g->deals[deal].contact;
    else
        deal = -1;
    if (c < 0)
        return 0;
    const struct dcontact *ct = &g->contacts[c];
    if (quality)
        names_activity(&g->rng, kind, ct->first, ct->last,
                       ct->org >= 0 ? g->orgs[ct->org].base : ct->last, &subject, &body);
    else
        buf_adds(&subject, names_terse_subject(&g->rng, kind));
    in = json_pack("{s:s,s:s,s:I,s:o}", "kind", kind, "subject", subject.s, "contact_id",
                   (json_int_t)ct->id, "occurred_at",
                   demo_iso(u->actor.now - rng_range(&g->rng, 0, 45) * DEMO_MIN_MS));
    if (body.len)
        json_object_set_new(in, "body", json_string(body.s));
    if (ct->org >= 0 && rng_pct(&g->rng, h->fill_pct))
        json_object_set_new(in, "org_id", json_integer(g->orgs[ct->org].id));
    if (deal >= 0)
        json_object_set_new(in, "deal_id", json_integer(g->deals[deal].id));
    if ((strcmp(kind, "call") == 0 || strcmp(kind, "email") == 0) && rng_pct(&g->rng, h->fill_pct))
        json_object_set_new(in, "direction",
                            json_string(rng_pct(&g->rng, 75) ? "outbound" : "inbound"));
    if (strcmp(kind, "call") == 0 && rng_pct(&g->rng, h->fill_pct))
        json_object_set_new(in, "duration_min", json_integer(rng_range(&g->rng, 3, 40)));
    else if (strcmp(kind, "meeting") == 0 && rng_pct(&g->rng, h->fill_pct))
        json_object_set_new(in, "duration_min", json_integer(rng_range(&g->rng, 2, 6) * 15));
    buf_release(&subject);
    buf_release(&body);
    rc = demo_create(g, &kind_activity, &u->actor, in, NULL);
    if (rc == 0 && quality && rng_pct(&g->rng, h->task_pct))
        rc = follow_up_task(g, u, ui, c, deal);
    return rc;
}

/* Many activities within minutes, with one bare subject and no body: points farming. */
static int do_junk_burst(struct gen *g, int ui)
{
    struct duser *u = &g->users[ui];
    int c = pick_contact(g, u), n = (int)rng_range(&g->rng, 5, 12), rc = 0;
    const char *subject = names_junk_subject(&g->rng);
    const char *kind = rng_pct(&g->rng, 60) ? "call" : "note";

    for (int i = 0; i < n && rc == 0 && c >= 0; i++) {
        json_t *in = json_pack("{s:s,s:s,s:I}", "kind", kind, "subject", subject, "contact_id",
                               (json_int_t)g->contacts[c].id);
        if (rng_pct(&g->rng, 30))
            c = pick_contact(g, u);
        rc = demo_create(g, &kind_activity, &u->actor, in, NULL);
        u->actor.now += rng_range(&g->rng, 10, 50) * 1000;
    }
    return rc;
}

static json_t *dup_marker(int64_t id)
{
    char s[64];

    snprintf(s, sizeof s, "demo-dup-of-%lld", (long long)id);
    return json_string(s);
}

/* A careless user enters someone who is already there, a little differently. */
static int do_dup_contact(struct gen *g, int ui)
{
    struct duser *u = &g->users[ui];
    struct buf first = BUF_INIT, last = BUF_INIT, email = BUF_INIT;
    struct dcontact orig, *o = NULL;
    const char *phone = NULL;
    json_t *in = NULL;
    int64_t id = 0;
    int rc, variant = (int)rng_below(&g->rng, 4);

    for (int tries = 0; tries < 10 && g->ncontacts; tries++) {
        o = &g->contacts[rng_below(&g->rng, (uint64_t)g->ncontacts)];
        if (!o->dup)
            break;
    }
    if (!o || o->dup)
        return 0;
    /* A copy: the contacts array may move when the duplicate is added to it. */
    orig = *o;
    o = &orig;
    if (variant == 3 && !o->phone)
        variant = 1;
    if (variant == 0) { /* CAPS LOCK */
        names_recase(&first, o->first, 1);
        names_recase(&last, o->last, 1);
        if (o->email)
            names_recase(&email, o->email, 1);
    } else if (variant == 1) { /* a typo in the surname */
        buf_adds(&first, o->first);
        names_typo(&g->rng, &last, o->last);
        if (o->email)
            buf_adds(&email, o->email);
    } else if (variant == 2) { /* the private address */
        buf_adds(&first, o->first);
        buf_adds(&last, o->last);
        names_personal_email(&g->rng, &email, o->first, o->last);
    } else { /* the short first name, and only the phone */
        const char *nick = names_nickname(o->first);
        if (nick)
            buf_adds(&first, nick);
        else
            names_typo(&g->rng, &first, o->first);
        buf_adds(&last, o->last);
    }
    in = json_pack("{s:s,s:s,s:o}", "first_name", first.s, "last_name", last.s, "external_id",
                   dup_marker(o->id));
    if (email.len)
        json_object_set_new(in, "email", json_string(email.s));
    if (o->phone && (variant == 3 || rng_pct(&g->rng, 40))) {
        phone = o->phone;
        json_object_set_new(in, "phone", json_string(phone));
    }
    if (o->org >= 0 && rng_pct(&g->rng, 50))
        json_object_set_new(in, "org_id", json_integer(g->orgs[o->org].id));
    rc = demo_create(g, &kind_contact, &u->actor, in, &id);
    if (rc == 0) {
        struct dcontact *c = VEC_PUSH(g->contacts, g->ncontacts, g->capcontacts);
        *c = *o;
        c->id = id;
        c->email = email.len ? arena_strdup(&g->arena, email.s) : NULL;
        c->phone = phone;
        c->owner = ui;
        c->dup = 1;
        demo_ivec_push(&u->contacts, g->ncontacts - 1);
    }
    buf_release(&first);
    buf_release(&last);
    buf_release(&email);
    return rc;
}

static int do_dup_org(struct gen *g, int ui)
{
    struct duser *u = &g->users[ui];
    struct buf name = BUF_INIT;
    const struct dorg *o;
    json_t *in;
    int rc, variant = (int)rng_below(&g->rng, 3);

    if (!g->norgs)
        return 0;
    o = &g->orgs[rng_below(&g->rng, (uint64_t)g->norgs)];
    if (variant == 0)
        names_recase(&name, o->base, 1);
    else if (variant == 1 && strcmp(o->name, o->base) != 0)
        buf_adds(&name, o->base);
    else if (variant == 1)
        buf_addf(&name, "%s %s", o->base, o->place->legal[0]);
    else
        names_typo(&g->rng, &name, o->base);
    in = json_pack("{s:s,s:o}", "name", name.s, "external_id", dup_marker(o->id));
    if (rng_pct(&g->rng, 50))
        json_object_set_new(in, "domain", json_string(o->domain));
    if (rng_pct(&g->rng, 30))
        json_object_set_new(in, "phone", json_string(o->phone));
    buf_release(&name);
    rc = demo_create(g, &kind_organization, &u->actor, in, NULL);
    return rc;
}

/* Why a demo deal was lost, picked by its id (no draw from the generator, so the rest of the
 * demo stays what the seed makes it); one in six gives no reason, as reps sometimes do not. */
static const char *const demo_lost_reasons[] = {
    "Price", "Timing", "Went with a competitor", "No budget", "No decision", NULL};

static int do_deal_move(struct gen *g, int ui, int di)
{
    struct duser *u = &g->users[ui];
    const struct habits *h = &demo_habits[u->arch];
    struct ddeal *d = &g->deals[di];
    int next;

    if (d->stage >= g->nopen || d->stage == d->target)
        return 0;
    if (d->target == g->lost && (d->stage == g->nopen - 1 || rng_pct(&g->rng, 35)))
        next = g->lost;
    else if (d->stage == g->nopen - 1)
        next = g->won;
    else
        next = d->stage + 1;
    d->stage = next;
    d->next_day = g->day + (int)rng_range(&g->rng, h->move_min, h->move_max);
    json_t *patch = json_pack("{s:I}", "stage_id", (json_int_t)g->stage_ids[next]);
    const char *why = demo_lost_reasons[d->id % 6];
    if (next == g->lost && why)
        json_object_set_new(patch, "lost_reason", json_string(why));
    return demo_update(g, &kind_deal, &u->actor, d->id, patch);
}

static int do_task_done(struct gen *g, int ui, int ti)
{
    struct dtask *t = &g->tasks[ti];

    t->done_day = DEMO_NEVER;
    return demo_update(g, &kind_task, &g->users[ui].actor, t->id, json_pack("{s:b}", "done", 1));
}

static int do_lead_new(struct gen *g, int ui)
{
    struct duser *u = &g->users[ui];
    struct org_name on;
    struct person p;
    struct buf email = BUF_INIT, phone = BUF_INIT;
    int owner = -1, reps = 0, rc;
    int64_t id = 0;
    json_t *in;

    for (int i = 0; i < g->nusers; i++)
        reps += g->users[i].actor.role == ROLE_REP && g->users[i].book_weight > 0;
    int pick = reps ? (int)(g->nleads % reps) : 0;
    for (int i = 0; i < g->nusers && owner < 0; i++)
        if (g->users[i].actor.role == ROLE_REP && g->users[i].book_weight > 0 && pick-- == 0)
            owner = i;
    if (owner < 0)
        return 0;
    names_person(&g->rng, &p);
    names_org(&g->rng, &g->arena, &g->used, &on);
    names_email(&g->rng, &email, p.first, p.last, on.domain);
    names_pattern(&g->rng, &phone, on.place->phone);
    in = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:I}", "first_name", p.first, "last_name", p.last,
                   "email", email.s, "company", on.name, "source", names_lead_source(&g->rng),
                   "title", p.title, "owner_id", (json_int_t)g->users[owner].id);
    if (rng_pct(&g->rng, 60))
        json_object_set_new(in, "phone", json_string(phone.s));
    rc = demo_create(g, &kind_lead, &u->actor, in, &id);
    if (rc < 0)
        goto out;
    struct dlead *l = VEC_PUSH(g->leads, g->nleads, g->capleads);
    int roll = (int)rng_below(&g->rng, 100);
    l->id = id;
    l->owner = owner;
    l->status = 0;
    l->plan = roll < 40 ? LEAD_CONVERT : roll < 70 ? LEAD_DISQUALIFY : LEAD_LINGER;
    l->next_day = g->day + (int)rng_range(&g->rng, 1, 3);
    l->org = on;
    l->first = p.first;
    l->last = p.last;
    l->title = p.title;
    l->email = arena_strdup(&g->arena, email.s);
    l->phone = arena_strdup(&g->arena, phone.s);
out:
    buf_release(&email);
    buf_release(&phone);
    return rc;
}

static int do_lead_step(struct gen *g, int ui, int li)
{
    struct duser *u = &g->users[ui];
    struct dlead *l = &g->leads[li];
    json_t *opts = NULL, *out = NULL;
    struct buf name = BUF_INIT;
    int rc = 0;

    if (l->status == 0) {
        l->status = 1;
        l->next_day = l->plan == LEAD_LINGER ? DEMO_NEVER : g->day + (int)rng_range(&g->rng, 2, 8);
        return demo_update(g, &kind_lead, &u->actor, l->id,
                           json_pack("{s:s}", "status", "working"));
    }
    l->status = 2;
    if (l->plan == LEAD_DISQUALIFY) {
        static const char *const why[] = {"No budget this year.", "Student project, not a buyer.",
                                          "Already under contract with a competitor.",
                                          "Too small for our offer."};
        return demo_update(
            g, &kind_lead, &u->actor, l->id,
            json_pack("{s:s,s:s}", "status", "disqualified", "notes", RNG_PICK(&g->rng, why)));
    }
    names_deal(&g->rng, &name, l->org.base);
    opts = json_pack("{s:s,s:I,s:s}", "deal_name", name.s, "amount_minor",
                     (json_int_t)demo_deal_amount(g, ui), "currency", "USD");
    buf_release(&name);
    rc = store_lead_convert(g->st, &u->actor, l->id, opts, &out, g->err);
    if (rc < 0)
        goto out;
    /* The new organization, person and deal join the owner's book. */
    struct dorg *o = VEC_PUSH(g->orgs, g->norgs, g->caporgs);
    o->id = json_integer_value(json_object_get(json_object_get(out, "organization"), "id"));
    o->owner = ui;
    o->name = l->org.name;
    o->base = l->org.base;
    o->domain = l->org.domain;
    o->phone = l->phone;
    o->place = l->org.place;
    o->head = g->ncontacts;
    demo_ivec_push(&u->orgs, g->norgs - 1);
    struct dcontact *c = VEC_PUSH(g->contacts, g->ncontacts, g->capcontacts);
    c->id = json_integer_value(json_object_get(json_object_get(out, "contact"), "id"));
    c->org = g->norgs - 1;
    c->owner = ui;
    c->first = l->first;
    c->last = l->last;
    c->title = l->title;
    c->email = l->email;
    c->phone = l->phone;
    c->dup = 0;
    demo_ivec_push(&u->contacts, g->ncontacts - 1);
    struct ddeal *d = VEC_PUSH(g->deals, g->ndeals, g->capdeals);
    d->id = json_integer_value(json_object_get(json_object_get(out, "deal"), "id"));
    d->owner = ui;
    d->org = g->norgs - 1;
    d->contact = g->ncontacts - 1;
    d->stage = 0;
    demo_deal_plan(g, d);
    demo_ivec_push(&u->deals, g->ndeals - 1);
out:
    json_decref(opts);
    json_decref(out);
    return rc;
}

/* Who reports to whom at an account, or who knows whom. */
static int do_relation(struct gen *g, int ui)
{
    struct duser *u = &g->users[ui];
    int c = pick_contact(g, u), other;
    json_t *in;

    if (c < 0)
        return 0;
    other = g->contacts[c].org >= 0 ? g->orgs[g->contacts[c].org].head : -1;
    if (other >= 0 && other != c && rng_pct(&g->rng, 50)) {
        in = json_pack("{s:s,s:I,s:I}", "kind", "reports_to", "contact_id",
                       (json_int_t)g->contacts[c].id, "other_contact_id",
                       (json_int_t)g->contacts[other].id);
    } else {
        other = pick_contact(g, u);
        if (other < 0 || g->contacts[other].id == g->contacts[c].id)
            return 0;
        in =
            json_pack("{s:s,s:I,s:I}", "kind", "knows", "contact_id", (json_int_t)g->contacts[c].id,
                      "other_contact_id", (json_int_t)g->contacts[other].id);
    }
    return demo_create(g, &kind_relationship, &u->actor, in, NULL);
}

static int do_action(struct gen *g, const struct action *a)
{
    struct duser *u = &g->users[a->user];
    const struct habits *h = &demo_habits[u->arch];
    int rc = 0, org;

    u->actor.now = a->at;
    switch (a->type) {
    case ACT_LOGIN:
        return store_event_add(g->st, &u->actor, EV_LOGIN, "user", u->id, NULL, g->err);
    case ACT_ACTIVITY:
        return do_activity(g, a->user);
    case ACT_JUNK_BURST:
        return do_junk_burst(g, a->user);
    case ACT_CONTACT_NEW:
        org = rng_pct(&g->rng, 85) ? pick_org(g, u) : -1;
        rc = demo_contact_new(g, &u->actor, org, a->user, h->fill_pct);
        return rc < 0 ? rc : 0;
    case ACT_ORG_NEW:
        rc = org = demo_org_new(g, &u->actor, a->user, h->fill_pct);
        if (rc >= 0) {
            u->actor.now += rng_range(&g->rng, 30, 300) * 1000;
            rc = demo_contact_new(g, &u->actor, org, a->user, h->fill_pct);
        }
        return rc < 0 ? rc : 0;
    case ACT_DUP_CONTACT:
        return do_dup_contact(g, a->user);
    case ACT_DUP_ORG:
        return do_dup_org(g, a->user);
    case ACT_DEAL_NEW: {
        int c = -1;
        for (int tries = 0; tries < 5 && (c < 0 || g->contacts[c].org < 0); tries++)
            c = pick_contact(g, u);
        if (c < 0)
            return 0;
        rc = demo_deal_new(g, &u->actor, a->user, c, 0);
        return rc < 0 ? rc : 0;
    }
    case ACT_DEAL_MOVE:
        return do_deal_move(g, a->user, a->arg);
    case ACT_TASK_DONE:
        return do_task_done(g, a->user, a->arg);
    case ACT_LEAD_NEW:
        return do_lead_new(g, a->user);
    case ACT_LEAD_STEP:
        return do_lead_step(g, a->user, a->arg);
    case ACT_RELATION:
        return do_relation(g, a->user);
    }
    return 0;
}

/* Drops the tasks that are done, keeping the order of the rest. */
static void prune_tasks(struct gen *g)
{
    int n = 0;

    for (int i = 0; i < g->ntasks; i++)
        if (g->tasks[i].done_day != DEMO_NEVER)
            g->tasks[n++] = g->tasks[i];
    g->ntasks = n;
}

int demo_history_run(struct gen *g)
{
    int rc = 0;

    for (g->day = 0; g->day < g->opts->days && rc == 0; g->day++) {
        g->day_start = g->start + (int64_t)g->day * CLOCK_DAY_MS;
        plan_day(g);
        if (g->nacts) /* a quiet day (a weekend at the start) has none, and no array yet */
            qsort(g->acts, (size_t)g->nacts, sizeof *g->acts, cmp_action);
        rc = store_tx_begin(g->st, g->err);
        if (rc < 0)
            break;
        for (int i = 0; i < g->nacts && rc == 0; i++)
            rc = do_action(g, &g->acts[i]);
        if (rc == 0 && g->nreads)
            rc = store_events_insert(g->st, g->reads, (size_t)g->nreads, g->err);
        if (rc < 0) {
            store_tx_rollback(g->st);
            break;
        }
        rc = store_tx_commit(g->st, g->err);
        prune_tasks(g);
        if (g->opts->progress)
            fprintf(g->opts->progress, "\rdemo: day %d of %d, %d contacts, %d deals     ",
                    g->day + 1, g->opts->days, g->ncontacts, g->ndeals);
    }
    return rc;
}
