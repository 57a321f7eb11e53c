/* SPDX-License-Identifier: MIT */
/* The usage rollups written with every event: usage_daily (person, day, kind: n) and
 * usage_days (person, day: the adoption figures, docs/ADOPTION.md). One event adds to both
 * at once; a batch is summed in memory first and written once per distinct key. An activity's
 * credit goes to its owner, and leaves with it when it is deleted. */
#include "store/internal.h"

#include "core/adoption.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/event_kinds.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char SQL_DAILY[] =
    "INSERT INTO usage_daily (user_id, day, kind, n) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (user_id, day, kind) DO UPDATE SET n = usage_daily.n + excluded.n";

static const char SQL_DAYS[] =
    "INSERT INTO usage_days (user_id, day, events, logins, features, activities, meaningful,"
    " leads_converted, deals_won, deals_lost, deal_updates, stage_changes, records_created,"
    " records_updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
    " ON CONFLICT (user_id, day) DO UPDATE SET events = usage_days.events + excluded.events,"
    " logins = usage_days.logins + excluded.logins, features = usage_days.features | "
    "excluded.features,"
    " activities = usage_days.activities + excluded.activities, meaningful = usage_days.meaningful "
    "+ excluded.meaningful,"
    " leads_converted = usage_days.leads_converted + excluded.leads_converted,"
    " deals_won = usage_days.deals_won + excluded.deals_won, deals_lost = usage_days.deals_lost + "
    "excluded.deals_lost,"
    " deal_updates = usage_days.deal_updates + excluded.deal_updates,"
    " stage_changes = usage_days.stage_changes + excluded.stage_changes,"
    " records_created = usage_days.records_created + excluded.records_created,"
    " records_updated = usage_days.records_updated + excluded.records_updated RETURNING events";

/* The same sums per person and week, with the days that were new to usage_days. */
static const char SQL_WEEKS[] =
    "INSERT INTO usage_weeks (user_id, week, active_days, events, logins, features, activities,"
    " meaningful, leads_converted, deals_won, deals_lost, deal_updates, stage_changes,"
    " records_created, records_updated) VALUES (?1, ?2, ?15, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
    " ?11, ?12, ?13, ?14)"
    " ON CONFLICT (user_id, week) DO UPDATE SET active_days = usage_weeks.active_days + "
    "excluded.active_days,"
    " events = usage_weeks.events + excluded.events,"
    " logins = usage_weeks.logins + excluded.logins, features = usage_weeks.features | "
    "excluded.features,"
    " activities = usage_weeks.activities + excluded.activities, meaningful = "
    "usage_weeks.meaningful + excluded.meaningful,"
    " leads_converted = usage_weeks.leads_converted + excluded.leads_converted,"
    " deals_won = usage_weeks.deals_won + excluded.deals_won, deals_lost = usage_weeks.deals_lost "
    "+ excluded.deals_lost,"
    " deal_updates = usage_weeks.deal_updates + excluded.deal_updates,"
    " stage_changes = usage_weeks.stage_changes + excluded.stage_changes,"
    " records_created = usage_weeks.records_created + excluded.records_created,"
    " records_updated = usage_weeks.records_updated + excluded.records_updated";

/* One person's day in usage_days: columns 3.. of SQL_DAYS, in order. */
enum {
    D_EVENTS,
    D_LOGINS,
    D_FEATURES,
    D_ACTIVITIES,
    D_MEANINGFUL,
    D_CONVERTED,
    D_WON,
    D_LOST,
    D_DEAL_UPDATES,
    D_STAGE_CHANGES,
    D_CREATED,
    D_UPDATED,
    D_COUNT
};

/* Adds n events of kind, meaningful of them with meaningful notes, to a day's sums: what each
 * kind counts towards is the registry's (core/event_kinds.h); an unregistered kind (EV_NONE:
 * imported from another CRM) is an event and nothing more. */
static void day_add(int64_t sums[D_COUNT], enum event_kind kind, int64_t n, int64_t meaningful)
{
    const struct event_kind_def *d = event_kind_def(kind);
    unsigned t = d ? d->tallies : 0;

    sums[D_EVENTS] += n;
    sums[D_FEATURES] |= d ? d->features : 0;
    sums[D_LOGINS] += t & EVT_LOGIN ? n : 0;
    sums[D_ACTIVITIES] += t & EVT_ACTIVITY ? n : 0;
    sums[D_MEANINGFUL] += t & EVT_ACTIVITY ? meaningful : 0;
    sums[D_CONVERTED] += t & EVT_CONVERTED ? n : 0;
    sums[D_WON] += t & EVT_WON ? n : 0;
    sums[D_LOST] += t & EVT_LOST ? n : 0;
    sums[D_DEAL_UPDATES] += t & EVT_DEAL_UPDATE ? n : 0;
    sums[D_STAGE_CHANGES] += t & EVT_STAGE_CHANGE ? n : 0;
    sums[D_CREATED] += t & EVT_CREATED ? n : 0;
    sums[D_UPDATED] += t & EVT_UPDATED ? n : 0;
}

static int write_daily(struct store *st, struct stmt *s, int64_t user, const char *day,
                       const char *kind, int64_t n, struct err *err)
{
    bind_int_at(s, 1, user);
    bind_text_at(s, 2, day);
    bind_text_at(s, 3, kind);
    bind_int_at(s, 4, n);
    return stmt_exec(st, s, err);
}

static void bind_sums(struct stmt *s, int64_t user, const char *day, const int64_t sums[D_COUNT])
{
    bind_int_at(s, 1, user);
    bind_text_at(s, 2, day);
    for (int i = 0; i < D_COUNT; i++)
        bind_int_at(s, 3 + i, sums[i]);
}

/* Adds a day's sums to usage_days and to its week in usage_weeks; the week gains an active day
 * when the day's row is new, which is when its events are just these. */
static int write_days(struct store *st, struct stmt *days, struct stmt *weeks, int64_t user,
                      int64_t day_number, const int64_t sums[D_COUNT], struct err *err)
{
    char day[16], week[16];
    int64_t monday = day_number - ((day_number % 7 + 7 + 3) % 7); /* 1970-01-01 was a Thursday */
    int rc, fresh;

    clock_format_day(day_number * CLOCK_DAY_MS, day, sizeof day);
    clock_format_day(monday * CLOCK_DAY_MS, week, sizeof week);
    bind_sums(days, user, day, sums);
    rc = stmt_step(st, days, err); /* the upsert is done by its first step */
    /* A day is active when it has events: a row of credit alone (an activity someone else
     * logged for this person) is not a day of use. */
    fresh = rc == STMT_ROW && sums[D_EVENTS] > 0 && column_int(days, 0) == sums[D_EVENTS];
    stmt_done(days);
    if (rc < 0)
        return rc;
    bind_sums(weeks, user, week, sums);
    bind_int_at(weeks, 15, fresh);
    return stmt_exec(st, weeks, err);
}

/* The three upserts, prepared once per write. */
static int statements(struct store *st, struct stmt *s[3], struct err *err)
{
    int rc = stmt_get(st, SQL_DAILY, &s[0], err);

    if (rc == 0)
        rc = stmt_get(st, SQL_DAYS, &s[1], err);
    return rc < 0 ? rc : stmt_get(st, SQL_WEEKS, &s[2], err);
}

static int64_t day_number_of(int64_t at)
{
    return at / CLOCK_DAY_MS - (at % CLOCK_DAY_MS < 0);
}

/* Whom an activity's credit goes to (its owner; who logged it when it has none), the day it
 * was logged, and whether its notes are of real content now (notes_real, kept up to date by
 * every write of the activity; 0014 set it for older ones from their activity.logged event). */
static const char SQL_ACTIVITY_CREDIT[] =
    "SELECT coalesce(a.owner_id, a.created_by), a.created_at, coalesce(a.notes_real, 0)"
    " FROM activities a WHERE a.id = $id";

struct credit {
    int64_t user_id, at;
    int meaningful;
};

static int activity_credit(struct store *st, int64_t id, struct credit *c, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_ACTIVITY_CREDIT, &s, err);

    memset(c, 0, sizeof *c);
    if (rc < 0)
        return rc;
    bind_int(s, "$id", id);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW) {
        c->user_id = column_int(s, 0);
        c->at = column_int(s, 1);
        c->meaningful = column_int(s, 2) != 0;
    }
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* Adds sign activities (meaningful of them) to a person's day, without an event: the credit of
 * an activity logged by someone else, or taken back when it is deleted (given back on restore). */
static int credit_write(struct store *st, struct stmt *s[3], const struct credit *c, int sign,
                        struct err *err)
{
    int64_t sums[D_COUNT] = {0};

    if (!c->user_id)
        return 0;
    sums[D_ACTIVITIES] = sign;
    sums[D_MEANINGFUL] = c->meaningful ? sign : 0;
    return write_days(st, s[1], s[2], c->user_id, day_number_of(c->at), sums, err);
}

int rollup_notes_judged(struct store *st, int64_t activity_id, struct err *err)
{
    struct stmt *s[3] = {NULL, NULL, NULL};
    int64_t sums[D_COUNT] = {0};
    struct credit c;
    int rc = activity_credit(st, activity_id, &c, err);

    if (rc < 0 || !c.user_id)
        return rc;
    rc = statements(st, s, err);
    if (rc < 0)
        return rc;
    sums[D_MEANINGFUL] = c.meaningful ? 1 : -1;
    return write_days(st, s[1], s[2], c.user_id, day_number_of(c.at), sums, err);
}

int rollup_event(struct store *st, int64_t user_id, int64_t at, const char *kind, int64_t entity_id,
                 int meaningful, struct err *err)
{
    struct stmt *s[3] = {NULL, NULL, NULL};
    int64_t sums[D_COUNT] = {0};
    struct credit credit = {0};
    enum event_kind id = event_kind_lookup(kind);
    int logged = id == EV_ACTIVITY_LOGGED;
    int sign = id == EV_ACTIVITY_DELETED ? -1 : id == EV_ACTIVITY_RESTORED ? 1 : 0;
    char day[16];
    int rc = 0;

    if ((logged || sign) && entity_id > 0)
        rc = activity_credit(st, entity_id, &credit, err);
    if (rc < 0)
        return rc;
    if (!user_id && !credit.user_id)
        return 0;
    rc = statements(st, s, err);
    if (rc < 0)
        return rc;
    if (sign) /* the credit follows the activity in and out of the bin */
        rc = credit_write(st, s, &credit, sign, err);
    else if (logged && credit.user_id && credit.user_id != user_id) {
        credit.at = at;
        credit.meaningful = meaningful;
        rc = credit_write(st, s, &credit, 1, err);
    }
    if (rc < 0 || !user_id)
        return rc;
    clock_format_day(at, day, sizeof day);
    day_add(sums, id, 1, meaningful ? 1 : 0);
    if (logged && credit.user_id && credit.user_id != user_id) /* credited to the owner above */
        sums[D_ACTIVITIES] = sums[D_MEANINGFUL] = 0;
    rc = write_daily(st, s[0], user_id, day, kind, 1, err);
    return rc < 0 ? rc : write_days(st, s[1], s[2], user_id, day_number_of(at), sums, err);
}

/* ---- batches ------------------------------------------------------------------------------ */

struct rollup_key {
    int64_t user_id, day; /* day: unix ms / CLOCK_DAY_MS */
    char kind[48];
    int64_t n, meaningful;
    int used;
};

struct rollup {
    struct rollup_key *slots;
    size_t cap, used;
};

struct rollup *rollup_new(void)
{
    struct rollup *r = xcalloc(1, sizeof *r);

    r->cap = 1024;
    r->slots = xcalloc(r->cap, sizeof *r->slots);
    return r;
}

static uint64_t hash_key(int64_t user, int64_t day, const char *kind)
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)user * 0x9E3779B97F4A7C15ULL ^ (uint64_t)day;

    for (const char *p = kind; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    return h;
}

static struct rollup_key *slot_for(struct rollup *r, int64_t user, int64_t day, const char *kind)
{
    size_t i = hash_key(user, day, kind) & (r->cap - 1);

    for (;; i = (i + 1) & (r->cap - 1)) {
        struct rollup_key *k = &r->slots[i];
        if (!k->used || (k->user_id == user && k->day == day && strcmp(k->kind, kind) == 0))
            return k;
    }
}

static void grow(struct rollup *r)
{
    struct rollup_key *old = r->slots;
    size_t cap = r->cap;

    r->cap *= 2;
    r->slots = xcalloc(r->cap, sizeof *r->slots);
    for (size_t i = 0; i < cap; i++)
        if (old[i].used)
            *slot_for(r, old[i].user_id, old[i].day, old[i].kind) = old[i];
    free(old);
}

void rollup_push(struct rollup *r, int64_t user_id, int64_t at, const char *kind, int meaningful)
{
    int64_t day = day_number_of(at);
    struct rollup_key *k;

    if (!user_id || strlen(kind) >= sizeof k->kind)
        return;
    if ((r->used + 1) * 2 > r->cap)
        grow(r);
    k = slot_for(r, user_id, day, kind);
    if (!k->used) {
        k->used = 1;
        k->user_id = user_id;
        k->day = day;
        memcpy(k->kind, kind, strlen(kind) + 1);
        r->used++;
    }
    k->n++;
    k->meaningful += meaningful ? 1 : 0;
}

static int key_order(const void *a, const void *b)
{
    const struct rollup_key *x = a, *y = b;

    if (x->user_id != y->user_id)
        return x->user_id < y->user_id ? -1 : 1;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return strcmp(x->kind, y->kind);
}

/* Writes usage_daily once per person, day and kind, and usage_days once per person and day:
 * the keys sorted by person and day put each day's kinds next to each other. */
int rollup_flush(struct store *st, struct rollup *r, struct err *err)
{
    struct stmt *s[3] = {NULL, NULL, NULL};
    struct rollup_key *keys;
    int64_t sums[D_COUNT] = {0};
    size_t n = 0;
    char day[16];
    int rc;

    if (!r->used)
        return 0;
    rc = statements(st, s, err);
    if (rc < 0)
        return rc;
    keys = xmalloc(r->used * sizeof *keys);
    for (size_t i = 0; i < r->cap; i++)
        if (r->slots[i].used)
            keys[n++] = r->slots[i];
    qsort(keys, n, sizeof *keys, key_order);
    for (size_t i = 0; i < n && rc == 0; i++) {
        const struct rollup_key *k = &keys[i];
        if (i == 0 || k->day != keys[i - 1].day || k->user_id != keys[i - 1].user_id)
            clock_format_day(k->day * CLOCK_DAY_MS, day, sizeof day);
        day_add(sums, event_kind_lookup(k->kind), k->n, k->meaningful);
        rc = write_daily(st, s[0], k->user_id, day, k->kind, k->n, err);
        if (rc == 0 &&
            (i + 1 == n || keys[i + 1].day != k->day || keys[i + 1].user_id != k->user_id)) {
            rc = write_days(st, s[1], s[2], k->user_id, k->day, sums, err);
            memset(sums, 0, sizeof sums);
        }
    }
    free(keys);
    memset(r->slots, 0, r->cap * sizeof *r->slots);
    r->used = 0;
    return rc;
}

void rollup_free(struct rollup *r)
{
    if (!r)
        return;
    free(r->slots);
    free(r);
}
