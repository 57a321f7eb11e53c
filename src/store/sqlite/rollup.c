/* SPDX-License-Identifier: MIT */
/* The usage rollups written with every event: usage_daily (person, day, kind: n) and
 * usage_days (person, day: the adoption figures, docs/ADOPTION.md). One event adds to both
 * at once; a batch is summed in memory first and written once per distinct key. */
#include "store/sqlite/internal.h"

#include "core/clock.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Bits of usage_days.features, in core/adoption.c's feature order. */
static int feature_bits(const char *kind)
{
    if (strcmp(kind, "search") == 0)
        return 1 << 0;
    if (strcmp(kind, "contact.timeline") == 0 || strcmp(kind, "organization.timeline") == 0)
        return 1 << 1;
    if (strcmp(kind, "activity.logged") == 0)
        return 1 << 2;
    if (strcmp(kind, "task.created") == 0 || strcmp(kind, "task.completed") == 0)
        return 1 << 3;
    if (strcmp(kind, "deal.created") == 0 || strcmp(kind, "deal.updated") == 0 ||
        strcmp(kind, "deal.stage_changed") == 0)
        return 1 << 4;
    if (strncmp(kind, "report.", 7) == 0 || strncmp(kind, "adoption.", 9) == 0)
        return 1 << 5;
    return 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static const char SQL_DAILY[] =
    "INSERT INTO usage_daily (user_id, day, kind, n) VALUES ($u, $d, $k, $n)"
    " ON CONFLICT (user_id, day, kind) DO UPDATE SET n = n + excluded.n";

static const char SQL_DAYS[] =
    "INSERT INTO usage_days (user_id, day, events, logins, features, activities, meaningful,"
    " leads_converted, deals_won, deals_lost, deal_updates, stage_changes, records_created,"
    " records_updated) VALUES ($u, $d, $n, $login, $f, $act, $mean, $conv, $won, $lost, $upd,"
    " $stage, $created, $updated)"
    " ON CONFLICT (user_id, day) DO UPDATE SET events = events + excluded.events,"
    " logins = logins + excluded.logins, features = features | excluded.features,"
    " activities = activities + excluded.activities, meaningful = meaningful + excluded.meaningful,"
    " leads_converted = leads_converted + excluded.leads_converted,"
    " deals_won = deals_won + excluded.deals_won, deals_lost = deals_lost + excluded.deals_lost,"
    " deal_updates = deal_updates + excluded.deal_updates,"
    " stage_changes = stage_changes + excluded.stage_changes,"
    " records_created = records_created + excluded.records_created,"
    " records_updated = records_updated + excluded.records_updated";

/* Adds n events of kind by user on day, meaningful of them with meaningful notes. */
static int write_key(struct store *st, int64_t user, const char *day, const char *kind, int64_t n,
                     int64_t meaningful, struct err *err)
{
    sqlite3_stmt *s = NULL;
    int activity = strcmp(kind, "activity.logged") == 0;
    int rc = stmt_get(st, SQL_DAILY, &s, err);

    if (rc < 0)
        return rc;
    bind_int(s, "$u", user);
    bind_text(s, "$d", day);
    bind_text(s, "$k", kind);
    bind_int(s, "$n", n);
    rc = stmt_exec(st, s, err);
    if (rc < 0)
        return rc;
    rc = stmt_get(st, SQL_DAYS, &s, err);
    if (rc < 0)
        return rc;
    bind_int(s, "$u", user);
    bind_text(s, "$d", day);
    bind_int(s, "$n", n);
    bind_int(s, "$login", strcmp(kind, "login") == 0 ? n : 0);
    bind_int(s, "$f", feature_bits(kind));
    bind_int(s, "$act", activity ? n : 0);
    bind_int(s, "$mean", activity ? meaningful : 0);
    bind_int(s, "$conv", strcmp(kind, "lead.converted") == 0 ? n : 0);
    bind_int(s, "$won", strcmp(kind, "deal.won") == 0 ? n : 0);
    bind_int(s, "$lost", strcmp(kind, "deal.lost") == 0 ? n : 0);
    bind_int(s, "$upd", strcmp(kind, "deal.updated") == 0 ? n : 0);
    bind_int(s, "$stage", strcmp(kind, "deal.stage_changed") == 0 ? n : 0);
    bind_int(s, "$created", activity || ends_with(kind, ".created") ? n : 0);
    bind_int(s, "$updated", ends_with(kind, ".updated") ? n : 0);
    return stmt_exec(st, s, err);
}

int rollup_event(struct store *st, int64_t user_id, int64_t at, const char *kind, int meaningful,
                 struct err *err)
{
    char day[16];

    if (!user_id)
        return 0;
    clock_format_day(at, day, sizeof day);
    return write_key(st, user_id, day, kind, 1, meaningful ? 1 : 0, err);
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
    int64_t day = at / CLOCK_DAY_MS - (at % CLOCK_DAY_MS < 0);
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

int rollup_flush(struct store *st, struct rollup *r, struct err *err)
{
    char day[16];
    int64_t day_of = INT64_MIN;

    for (size_t i = 0; i < r->cap; i++) {
        struct rollup_key *k = &r->slots[i];
        if (!k->used)
            continue;
        if (k->day != day_of) {
            clock_format_day(k->day * CLOCK_DAY_MS, day, sizeof day);
            day_of = k->day;
        }
        int rc = write_key(st, k->user_id, day, k->kind, k->n, k->meaningful, err);
        if (rc < 0)
            return rc;
    }
    memset(r->slots, 0, r->cap * sizeof *r->slots);
    r->used = 0;
    return 0;
}

void rollup_free(struct rollup *r)
{
    if (!r)
        return;
    free(r->slots);
    free(r);
}
