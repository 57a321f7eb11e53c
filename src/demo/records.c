/* SPDX-License-Identifier: MIT */
/* The demo's building blocks, used by both the set-up (demo.c) and the day-by-day history
 * (history.c): the archetypes' habits, and writing organizations, contacts and deals through
 * the same store functions the API uses. Calls neither of them. */
#include "demo/records.h"

#include "core/buf.h"
#include "core/clock.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const enum event_kind reads_champion[] = {EV_CONTACT_VIEW,
                                                 EV_CONTACT_VIEW,
                                                 EV_CONTACT_VIEW,
                                                 EV_CONTACT_TIMELINE,
                                                 EV_CONTACT_TIMELINE,
                                                 EV_SEARCH,
                                                 EV_SEARCH,
                                                 EV_DEAL_LIST,
                                                 EV_DEAL_VIEW,
                                                 EV_DEAL_VIEW,
                                                 EV_DEAL_HISTORY,
                                                 EV_ORGANIZATION_VIEW,
                                                 EV_ORGANIZATION_TIMELINE,
                                                 EV_TASK_LIST,
                                                 EV_ACTIVITY_LIST,
                                                 EV_LEAD_LIST,
                                                 EV_CONTACT_LIST,
                                                 EV_NONE};
static const enum event_kind reads_steady[] = {
    EV_CONTACT_VIEW, EV_CONTACT_VIEW,      EV_CONTACT_VIEW, EV_SEARCH,
    EV_SEARCH,       EV_DEAL_LIST,         EV_DEAL_VIEW,    EV_TASK_LIST,
    EV_CONTACT_LIST, EV_ORGANIZATION_VIEW, EV_NONE};
static const enum event_kind reads_lone_wolf[] = {EV_DEAL_LIST, EV_DEAL_LIST,    EV_DEAL_VIEW,
                                                  EV_DEAL_VIEW, EV_CONTACT_VIEW, EV_NONE};
static const enum event_kind reads_few[] = {EV_CONTACT_LIST, EV_CONTACT_VIEW, EV_NONE};
static const enum event_kind reads_careless[] = {EV_CONTACT_LIST, EV_CONTACT_LIST, EV_CONTACT_VIEW,
                                                 EV_CONTACT_VIEW, EV_SEARCH,       EV_NONE};
static const enum event_kind reads_junk[] = {EV_CONTACT_VIEW, EV_CONTACT_VIEW, EV_ACTIVITY_LIST,
                                             EV_CONTACT_LIST, EV_NONE};

/* name, weekday, weekend, 2nd login, reads, acts, body, bursts, fill, create, deal, task,
 * on time, late, win, lose, moves, relation, read kinds */
const struct habits demo_habits[ARCH_COUNT] = {
    {"champion",    97, 20, 70, 15, 35, 5, 9, 95, 0, 0, 90, 5, 25, 45, 90, 8, 40, 25, 3, 8, 30,
     reads_champion},
    {"steady", 80, 4,  40, 8,  20, 3,  5, 90, 0,  0,           70,
     3,        15, 35, 70, 20, 35, 30, 4, 10, 15, reads_steady},
    {"lone_wolf",    45, 3, 10, 3, 8, 0, 1, 80, 0, 0, 40, 1, 20, 10, 50, 30, 70, 10, 2, 5, 0,
     reads_lone_wolf},
    {"inactive", 60, 0, 0, 2, 5, 0, 1, 50, 0, 0, 40, 1, 5, 10, 30, 20, 20, 30, 5, 12, 0, reads_few},
    {"careless",    50, 0, 15, 3, 10, 1, 3, 15, 0, 0, 15, 3, 10, 20, 30, 30, 25, 35, 5, 14, 0,
     reads_careless},
    {"junk_logger", 60, 0, 20, 3, 8, 0, 1, 30, 2, 4, 50, 1, 10, 10, 50, 30, 25, 35, 4, 12, 0,
     reads_junk},
    {"integration", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 70, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, reads_few},
};

void demo_ivec_push(struct ivec *v, int x)
{
    *VEC_PUSH(v->v, v->n, v->cap) = x;
}

json_t *demo_iso(int64_t ms)
{
    char iso[32];

    clock_format_iso(ms, iso, sizeof iso);
    return json_string(iso);
}

json_t *demo_date(int64_t ms)
{
    char day[16];

    clock_format_day(ms, day, sizeof day);
    return json_string(day);
}

int demo_create(struct gen *g, const struct record_kind *k, const struct actor *a, json_t *input,
                int64_t *id_out)
{
    json_t *clean = NULL, *out = NULL;
    int rc = records_input_check(k, input, 1, &clean, g->err);

    if (rc < 0)
        goto out;
    rc = store_record_create(g->st, k, a, clean, &out, g->err);
    if (rc < 0)
        goto out;
    if (id_out)
        *id_out = json_integer_value(json_object_get(out, "id"));
out:
    json_decref(input);
    json_decref(clean);
    json_decref(out);
    return rc;
}

int demo_update(struct gen *g, const struct record_kind *k, const struct actor *a, int64_t id,
                json_t *patch)
{
    json_t *clean = NULL;
    int rc = records_input_check(k, patch, 0, &clean, g->err);

    if (rc == 0)
        rc = store_record_update(g->st, k, a, id, clean, 0, NULL, g->err);
    json_decref(patch);
    json_decref(clean);
    return rc;
}

static void set_str(json_t *o, const char *key, const char *value)
{
    if (value)
        json_object_set_new(o, key, json_string(value));
}

int demo_org_new(struct gen *g, const struct actor *a, int owner, int fill_pct)
{
    struct org_name on;
    struct buf phone = BUF_INIT, street = BUF_INIT, postal = BUF_INIT, web = BUF_INIT;
    json_t *in = json_object();
    struct dorg *o;
    int64_t id = 0;
    int rc;

    names_org(&g->rng, &g->arena, &g->used, &on);
    names_pattern(&g->rng, &phone, on.place->phone);
    names_street(&g->rng, &street, on.place);
    names_pattern(&g->rng, &postal, on.place->postal);
    buf_addf(&web, "https://www.%s", on.domain);
    set_str(in, "name", on.name);
    if (rng_pct(&g->rng, fill_pct))
        set_str(in, "domain", on.domain);
    if (rng_pct(&g->rng, fill_pct))
        set_str(in, "website", web.s);
    if (rng_pct(&g->rng, fill_pct))
        set_str(in, "phone", phone.s);
    if (rng_pct(&g->rng, fill_pct))
        set_str(in, "industry", on.industry);
    if (rng_pct(&g->rng, fill_pct)) {
        set_str(in, "street", street.s);
        set_str(in, "postal_code", postal.s);
    }
    if (rng_pct(&g->rng, fill_pct + 10)) {
        set_str(in, "city", on.place->city);
        set_str(in, "region", on.place->region);
        set_str(in, "country", on.place->country);
    }
    if (g->users[owner].id != a->user_id)
        json_object_set_new(in, "owner_id", json_integer(g->users[owner].id));
    rc = demo_create(g, &kind_organization, a, in, &id);
    if (rc == 0) {
        o = VEC_PUSH(g->orgs, g->norgs, g->caporgs);
        o->id = id;
        o->owner = owner;
        o->name = on.name;
        o->base = on.base;
        o->domain = on.domain;
        o->phone = arena_strdup(&g->arena, phone.s);
        o->place = on.place;
        o->head = -1;
        demo_ivec_push(&g->users[owner].orgs, g->norgs - 1);
        rc = g->norgs - 1;
    }
    buf_release(&phone);
    buf_release(&street);
    buf_release(&postal);
    buf_release(&web);
    return rc;
}

int demo_contact_new(struct gen *g, const struct actor *a, int org, int owner, int fill_pct)
{
    struct person p;
    struct buf email = BUF_INIT, phone = BUF_INIT, street = BUF_INIT, postal = BUF_INIT;
    const struct place *pl = org >= 0 ? g->orgs[org].place : names_place(&g->rng);
    json_t *in = json_object();
    struct dcontact *c;
    int64_t id = 0, rel = 0;
    int rc, has_email, has_phone;

    for (int attempt = 0;; attempt++) {
        char full[256];
        names_person(&g->rng, &p);
        snprintf(full, sizeof full, "person:%s %s", p.first, p.last);
        if (names_set_add(&g->used, full) || attempt > 20)
            break;
    }
    if (org >= 0)
        names_email(&g->rng, &email, p.first, p.last, g->orgs[org].domain);
    else
        names_personal_email(&g->rng, &email, p.first, p.last);
    if (org >= 0 && rng_pct(&g->rng, 60)) {
        /* The switchboard's number with a direct-dial ending, or a mobile. */
        buf_add(&phone, g->orgs[org].phone, strlen(g->orgs[org].phone) - 3);
        names_pattern(&g->rng, &phone, "###");
    } else {
        names_pattern(&g->rng, &phone, pl->phone);
    }
    set_str(in, "last_name", p.last);
    if (rng_pct(&g->rng, 92) || fill_pct >= 50)
        set_str(in, "first_name", p.first);
    if (rng_pct(&g->rng, fill_pct))
        set_str(in, "title", p.title);
    has_email = rng_pct(&g->rng, fill_pct + 5);
    has_phone = rng_pct(&g->rng, fill_pct);
    if (has_email)
        set_str(in, "email", email.s);
    if (has_phone)
        set_str(in, "phone", phone.s);
    if (rng_pct(&g->rng, fill_pct - 20)) {
        names_street(&g->rng, &street, pl);
        names_pattern(&g->rng, &postal, pl->postal);
        set_str(in, "street", street.s);
        set_str(in, "postal_code", postal.s);
        set_str(in, "city", pl->city);
        set_str(in, "region", pl->region);
        set_str(in, "country", pl->country);
    }
    if (rng_pct(&g->rng, fill_pct / 5)) {
        int64_t born =
            g->day_start - (int64_t)rng_range(&g->rng, 25 * 365, 62 * 365) * CLOCK_DAY_MS;
        json_object_set_new(in, "birthday", demo_date(born));
    }
    if (org >= 0)
        json_object_set_new(in, "org_id", json_integer(g->orgs[org].id));
    if (g->users[owner].id != a->user_id)
        json_object_set_new(in, "owner_id", json_integer(g->users[owner].id));
    rc = demo_create(g, &kind_contact, a, in, &id);
    if (rc == 0 && org >= 0 && rng_pct(&g->rng, fill_pct + 30)) {
        json_t *r = json_pack("{s:s,s:I,s:I}", "kind", "works_at", "contact_id", (json_int_t)id,
                              "org_id", (json_int_t)g->orgs[org].id);
        if (rng_pct(&g->rng, fill_pct))
            set_str(r, "role", p.title);
        if (rng_pct(&g->rng, fill_pct / 2)) {
            int64_t since = g->day_start - (int64_t)rng_range(&g->rng, 60, 3000) * CLOCK_DAY_MS;
            json_object_set_new(r, "since", demo_date(since));
        }
        if (g->users[owner].id != a->user_id)
            json_object_set_new(r, "owner_id", json_integer(g->users[owner].id));
        rc = demo_create(g, &kind_relationship, a, r, &rel);
    }
    if (rc == 0) {
        c = VEC_PUSH(g->contacts, g->ncontacts, g->capcontacts);
        c->id = id;
        c->org = org;
        c->owner = owner;
        c->first = p.first;
        c->last = p.last;
        c->title = p.title;
        c->email = has_email ? arena_strdup(&g->arena, email.s) : NULL;
        c->phone = has_phone ? arena_strdup(&g->arena, phone.s) : NULL;
        c->dup = 0;
        if (org >= 0 && g->orgs[org].head < 0)
            g->orgs[org].head = g->ncontacts - 1;
        demo_ivec_push(&g->users[owner].contacts, g->ncontacts - 1);
        rc = g->ncontacts - 1;
    }
    buf_release(&email);
    buf_release(&phone);
    buf_release(&street);
    buf_release(&postal);
    return rc;
}

int64_t demo_deal_amount(struct gen *g, int owner)
{
    if (g->users[owner].arch == ARCH_LONE_WOLF)
        return rng_range(&g->rng, 150, 500) * 100000; /* 150,000 to 500,000 USD, in cents */
    return rng_range(&g->rng, 50, 600) * 10000;       /* 5,000 to 60,000 USD */
}

void demo_deal_plan(struct gen *g, struct ddeal *d)
{
    const struct habits *h = &demo_habits[g->users[d->owner].arch];
    int roll = (int)rng_below(&g->rng, 100);

    if (roll < h->win_pct)
        d->target = g->won;
    else if (roll < h->win_pct + h->lose_pct)
        d->target = g->lost;
    else
        d->target = (int)rng_range(&g->rng, d->stage, g->nopen - 1);
    d->next_day = g->day + (int)rng_range(&g->rng, h->move_min, h->move_max);
}

int demo_deal_new(struct gen *g, const struct actor *a, int owner, int contact, int stage)
{
    const struct habits *h = &demo_habits[g->users[owner].arch];
    const struct dcontact *c = &g->contacts[contact];
    struct buf name = BUF_INIT;
    json_t *in = NULL;
    struct ddeal *d;
    int64_t id = 0, amount;
    int rc;

    names_deal(&g->rng, &name, c->org >= 0 ? g->orgs[c->org].base : c->last);
    amount = demo_deal_amount(g, owner);
    in = json_pack("{s:s,s:I,s:s,s:I}", "name", name.s, "amount_minor", (json_int_t)amount,
                   "currency", "USD", "contact_id", (json_int_t)c->id);
    if (c->org >= 0)
        json_object_set_new(in, "org_id", json_integer(g->orgs[c->org].id));
    if (stage > 0)
        json_object_set_new(in, "stage_id", json_integer(g->stage_ids[stage]));
    json_object_set_new(in, "close_date",
                        demo_date(a->now + rng_range(&g->rng, 20, 90) * CLOCK_DAY_MS));
    if (rng_pct(&g->rng, h->fill_pct))
        json_object_set_new(in, "next_step", json_string(names_topic(&g->rng)));
    if (g->users[owner].id != a->user_id)
        json_object_set_new(in, "owner_id", json_integer(g->users[owner].id));
    rc = demo_create(g, &kind_deal, a, in, &id);
    if (rc == 0) {
        d = VEC_PUSH(g->deals, g->ndeals, g->capdeals);
        d->id = id;
        d->owner = owner;
        d->org = c->org;
        d->contact = contact;
        d->stage = stage;
        demo_deal_plan(g, d);
        demo_ivec_push(&g->users[owner].deals, g->ndeals - 1);
        rc = g->ndeals - 1;
    }
    buf_release(&name);
    return rc;
}
