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

/* The lock order. On PostgreSQL each writer of these rows is its own transaction (the read
 * events' batch, every write of a record), so all of them take the rows in one order, or two
 * deadlock and one fails: by person (ascending id); a person's usage_daily and usage_days rows
 * day by day; that person's usage_weeks rows last. */

/* One person-day of a batch, kept for its week's row. */
struct day_sums {
    int64_t day_number;
    int64_t sums[D_COUNT];
    int fresh; /* the day's row is new: the week gains an active day */
};

/* Adds a day's sums to usage_days. A day is active when it has events: a row of credit alone
 * (an activity someone else logged for this person) is not a day of use, so d->fresh is set
 * when the row holds only these events. */
static int write_day(struct store *st, struct stmt *days, int64_t user, struct day_sums *d,
                     struct err *err)
{
    char day[16];
    int rc;

    clock_format_day(d->day_number * CLOCK_DAY_MS, day, sizeof day);
    bind_sums(days, user, day, d->sums);
    rc = stmt_step(st, days, err); /* the upsert is done by its first step */
    d->fresh = rc == STMT_ROW && d->sums[D_EVENTS] > 0 && column_int(days, 0) == d->sums[D_EVENTS];
    stmt_done(days);
    return rc < 0 ? rc : 0;
}

/* Adds a day's sums, written to usage_days before, to its week (Monday) in usage_weeks. */
static int write_week(struct store *st, struct stmt *weeks, int64_t user, const struct day_sums *d,
                      struct err *err)
{
    char week[16];
    int64_t monday = d->day_number - ((d->day_number % 7 + 7 + 3) % 7); /* 1970-01-01: Thursday */

    clock_format_day(monday * CLOCK_DAY_MS, week, sizeof week);
    bind_sums(weeks, user, week, d->sums);
    bind_int_at(weeks, 15, d->fresh);
    return stmt_exec(st, weeks, err);
}

static int write_days(struct store *st, struct stmt *days, struct stmt *weeks, int64_t user,
                      int64_t day_number, const int64_t sums[D_COUNT], struct err *err)
{
    struct day_sums d = {.day_number = day_number};
    int rc;

    memcpy(d.sums, sums, sizeof d.sums);
    rc = write_day(st, days, user, &d, err);
    return rc < 0 ? rc : write_week(st, weeks, user, &d, err);
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

/* What one event adds to one person-day: kind, when set, has its usage_daily row too. */
struct event_part {
    int64_t user_id;
    const char *kind;
    struct day_sums d;
};

/* Writes one person's parts (at most two, of one event) in the lock order: day by day, then
 * the weeks. */
static int write_parts(struct store *st, struct stmt *s[3], struct event_part *p, size_t n,
                       struct err *err)
{
    char day[16];
    int rc = 0;

    if (n == 2 && p[1].d.day_number < p[0].d.day_number) {
        struct event_part t = p[0];
        p[0] = p[1];
        p[1] = t;
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (p[i].kind) {
            clock_format_day(p[i].d.day_number * CLOCK_DAY_MS, day, sizeof day);
            rc = write_daily(st, s[0], p[i].user_id, day, p[i].kind, 1, err);
        }
        if (rc == 0)
            rc = write_day(st, s[1], p[i].user_id, &p[i].d, err);
    }
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = write_week(st, s[2], p[i].user_id, &p[i].d, err);
    return rc;
}

int rollup_event(struct store *st, int64_t user_id, int64_t at, const char *kind, int64_t entity_id,
                 int meaningful, struct err *err)
{
    struct stmt *s[3] = {NULL, NULL, NULL};
    struct credit credit = {0};
    enum event_kind id = event_kind_lookup(kind);
    int logged = id == EV_ACTIVITY_LOGGED;
    int sign = id == EV_ACTIVITY_DELETED ? -1 : id == EV_ACTIVITY_RESTORED ? 1 : 0;
    struct event_part parts[2] = {{0}}, *actor = NULL, *owner = NULL;
    size_t n = 0;
    int rc = 0;

    if ((logged || sign) && entity_id > 0)
        rc = activity_credit(st, entity_id, &credit, err);
    if (rc < 0)
        return rc;
    if (logged && credit.user_id == user_id)
        credit.user_id = 0; /* one's own activity: the event itself counts it */
    if (logged) {
        credit.at = at;
        credit.meaningful = meaningful;
    } else if (!sign)
        credit.user_id = 0;
    if (!user_id && !credit.user_id)
        return 0;
    rc = statements(st, s, err);
    if (rc < 0)
        return rc;
    /* The credit (without an event) goes to the activity's owner: logged by someone else, or
     * taken out of and put back into the bin with the activity. */
    if (credit.user_id) {
        owner = &parts[n++];
        owner->user_id = credit.user_id;
        owner->d.day_number = day_number_of(credit.at);
        owner->d.sums[D_ACTIVITIES] = logged ? 1 : sign;
        owner->d.sums[D_MEANINGFUL] = credit.meaningful ? owner->d.sums[D_ACTIVITIES] : 0;
    }
    if (user_id) {
        actor = &parts[n++];
        actor->user_id = user_id;
        actor->kind = kind;
        actor->d.day_number = day_number_of(at);
        day_add(actor->d.sums, id, 1, meaningful ? 1 : 0);
        if (logged && owner) /* credited to the owner */
            actor->d.sums[D_ACTIVITIES] = actor->d.sums[D_MEANINGFUL] = 0;
    }
    if (n == 2 && owner->user_id != actor->user_id) {
        struct event_part *first = owner->user_id < actor->user_id ? owner : actor;
        struct event_part *second = first == owner ? actor : owner;
        rc = write_parts(st, s, first, 1, err);
        return rc < 0 ? rc : write_parts(st, s, second, 1, err);
    }
    return write_parts(st, s, parts, n, err);
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
/* Adds a person's days (in day order) to their weeks, one upsert per week. */
static int write_weeks(struct store *st, struct stmt *weeks, int64_t user, struct day_sums *days,
                       size_t n, struct err *err)
{
    int rc = 0;

    for (size_t i = 0; i < n && rc == 0;) {
        struct day_sums w = days[i];
        int64_t monday = w.day_number - ((w.day_number % 7 + 7 + 3) % 7);
        size_t j = i + 1;
        for (; j < n && days[j].day_number < monday + 7; j++) {
            for (int c = 0; c < D_COUNT; c++)
                w.sums[c] =
                    c == D_FEATURES ? w.sums[c] | days[j].sums[c] : w.sums[c] + days[j].sums[c];
            w.fresh += days[j].fresh;
        }
        rc = write_week(st, weeks, user, &w, err);
        i = j;
    }
    return rc;
}

/* Writes usage_daily once per person, day and kind, usage_days once per person and day, and
 * usage_weeks once per person and week, in the lock order (above): the keys sorted by person
 * and day put each day's kinds next to each other. */
int rollup_flush(struct store *st, struct rollup *r, struct err *err)
{
    struct stmt *s[3] = {NULL, NULL, NULL};
    struct rollup_key *keys;
    struct day_sums *days, *d = NULL;
    size_t n = 0, ndays = 0;
    char day[16];
    int rc;

    if (!r->used)
        return 0;
    rc = statements(st, s, err);
    if (rc < 0)
        return rc;
    keys = xmalloc(r->used * sizeof *keys);
    days = xcalloc(r->used, sizeof *days); /* a person's days so far: at most one per key */
    for (size_t i = 0; i < r->cap; i++)
        if (r->slots[i].used)
            keys[n++] = r->slots[i];
    qsort(keys, n, sizeof *keys, key_order);
    for (size_t i = 0; i < n && rc == 0; i++) {
        const struct rollup_key *k = &keys[i];
        int new_person = i == 0 || k->user_id != keys[i - 1].user_id;
        if (new_person || k->day != keys[i - 1].day) {
            clock_format_day(k->day * CLOCK_DAY_MS, day, sizeof day);
            d = &days[ndays++];
            memset(d, 0, sizeof *d);
            d->day_number = k->day;
        }
        day_add(d->sums, event_kind_lookup(k->kind), k->n, k->meaningful);
        rc = write_daily(st, s[0], k->user_id, day, k->kind, k->n, err);
        int last_of_person = i + 1 == n || keys[i + 1].user_id != k->user_id;
        if (rc == 0 && (last_of_person || keys[i + 1].day != k->day))
            rc = write_day(st, s[1], k->user_id, d, err);
        if (rc == 0 && last_of_person) {
            rc = write_weeks(st, s[2], k->user_id, days, ndays, err);
            ndays = 0;
        }
    }
    free(days);
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
