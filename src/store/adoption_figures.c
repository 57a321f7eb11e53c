/* SPDX-License-Identifier: MIT */
/* The figures behind adoption scores, gathered with one grouped query per source: usage_daily
 * for use, the records for activities, tasks and what people own. Never the raw events. */
#include "store/adoption_internal.h"

#include "core/adoption_rank.h"
#include "core/adoption_window.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

int window_parse(const struct adoption_query *q, int64_t now, struct adoption_window *w,
                 struct err *err)
{
    return adoption_window_parse(q->from, q->to, now, w, err);
}

static char *dup_col(struct stmt *s, int i)
{
    const char *t = column_text(s, i);
    return xstrdup(t ? t : "");
}

static struct person *find(struct people *p, int64_t id)
{
    /* people are loaded in id order */
    int lo = 0, hi = p->n - 1;

    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (p->v[mid].id == id)
            return &p->v[mid];
        if (p->v[mid].id < id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return NULL;
}

static const char SQL_PEOPLE[] =
    "SELECT u.id, u.name, u.email, u.role, t.id, t.name, u.created_at, u.deactivated_at,"
    " u.is_integration FROM users u LEFT JOIN teams t ON t.id = u.team_id AND t.deleted_at IS NULL"
    " WHERE ($integ = 1 OR u.is_integration = 0) AND u.created_at < $end"
    " AND (u.deactivated_at IS NULL OR u.deactivated_at >= $start)"
    " AND ($team = 0 OR u.team_id = $team)"
    " AND ($mate = 0 OR (SELECT mt.id FROM users m JOIN teams mt ON mt.id = m.team_id"
    "  AND mt.deleted_at IS NULL WHERE m.id = $mate) IS NULL"
    "  OR t.id = (SELECT team_id FROM users WHERE id = $mate)) ORDER BY u.id";

static int load_people(struct store *st, const struct adoption_query *q, int64_t teammates_of,
                       struct people *p, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_PEOPLE, &s, err), cap = 0;

    if (rc < 0)
        return rc;
    bind_int(s, "$integ", q->include_integration ? 1 : 0);
    bind_int(s, "$start", p->win.start);
    bind_int(s, "$end", p->win.end);
    bind_int(s, "$team", q->team_id);
    bind_int(s, "$mate", teammates_of);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        struct person *x = VEC_PUSH(p->v, p->n, cap);
        const char *role = column_text(s, 3);
        memset(x, 0, sizeof *x);
        x->id = column_int(s, 0);
        x->name = dup_col(s, 1);
        x->email = dup_col(s, 2);
        int parsed = access_role_parse(role);
        x->role = parsed < 0 ? ROLE_REP : parsed;
        x->team_id = column_int(s, 4);
        x->team_name = dup_col(s, 5);
        x->created_at = column_int(s, 6);
        x->deactivated_at = column_int(s, 7);
        x->is_integration = column_int(s, 8);
    }
    stmt_done(s);
    if (rc < 0)
        return rc;
    struct buf ids = BUF_INIT;
    buf_addc(&ids, '[');
    for (int i = 0; i < p->n; i++)
        buf_addf(&ids, "%s%lld", i ? "," : "", (long long)p->v[i].id);
    buf_addc(&ids, ']');
    p->ids = buf_detach(&ids, NULL);
    return 0;
}

/* Both windows' usage in one pass: whole calendar weeks from usage_weeks, the days around them
 * from usage_days (the previous window's first days, the days either side of the boundary, the
 * window's last days). Rows, not sums: SQLite would sort the union to group it, and summing a row
 * in C costs less than its fourteen aggregate calls. Columns 0-7 are what a score needs; the
 * wide form adds the rest of the figures (most of the cost of a row is reading its columns). */
#define USAGE_SCORE_COLS " logins, features, activities, meaningful"
#define USAGE_MORE_COLS                                                                            \
    ", leads_converted, deals_won, deals_lost, deal_updates, stage_changes, records_created,"      \
    " records_updated"
/* A day row counts one active day when it has events (an integer on every engine). */
#define DAY_ACTIVE "CASE WHEN events > 0 THEN 1 ELSE 0 END"
#define USAGE_SQL(cols)                                                                            \
    "SELECT user_id, week, 1, active_days," cols " FROM usage_weeks WHERE " IN_PEOPLE(             \
        "user_id") " AND week >= $w1 AND week <= $w2"                                              \
                   " UNION ALL SELECT user_id, day, 0, " DAY_ACTIVE "," cols                       \
                   " FROM usage_days WHERE " IN_PEOPLE(                                            \
                       "user_id") " AND day >= $a1 AND day <= $a2"                                 \
                                  " UNION ALL SELECT user_id, day, 0, " DAY_ACTIVE "," cols        \
                                  " FROM usage_days WHERE " IN_PEOPLE(                             \
                                      "user_id") " AND day >= $b1 AND day <= $b2"                  \
                                                 " UNION ALL SELECT user_id, day, 0, " DAY_ACTIVE  \
                                                 "," cols " FROM usage_days WHERE " IN_PEOPLE(     \
                                                     "user_id") " AND day >= $c1 AND day <= $c2"
static const char SQL_USAGE_SCORE[] = USAGE_SQL(USAGE_SCORE_COLS);
static const char SQL_USAGE_ALL[] = USAGE_SQL(USAGE_SCORE_COLS USAGE_MORE_COLS);

static void day_text(int64_t day, char out[11])
{
    clock_format_day(day * CLOCK_DAY_MS, out, 11);
}

static void bind_day(struct stmt *s, const char *name, int64_t day)
{
    char text[11];

    day_text(day, text);
    bind_text(s, name, text);
}

/* The previous window ends the day before the window starts, so the previous window's last days
 * and the window's first days are one range of days. */
static void bind_usage(struct stmt *s, const struct adoption_window_parts *prev,
                       const struct adoption_window_parts *now)
{
    int prev_weeks = prev->wfrom <= prev->wlast, now_weeks = now->wfrom <= now->wlast;

    if (prev_weeks || now_weeks) {
        bind_day(s, "$w1", prev_weeks ? prev->wfrom : now->wfrom);
        bind_day(s, "$w2", now_weeks ? now->wlast : prev->wlast);
    } else {
        bind_text(s, "$w1", "9999-12-31");
        bind_text(s, "$w2", "0000-01-01");
    }
    bind_day(s, "$a1", prev->first);
    bind_day(s, "$a2", prev->hto);
    bind_day(s, "$b1", prev->tfrom);
    bind_day(s, "$b2", now->hto);
    bind_day(s, "$c1", now->tfrom);
    bind_day(s, "$c2", now->last);
}

static void usage_add(struct person_usage *u, struct stmt *s, int wide)
{
    u->fig.active_days += column_int(s, 3);
    u->logins += column_int(s, 4);
    u->fig.features |= column_int(s, 5);
    u->fig.activities += column_int(s, 6);
    u->fig.meaningful += column_int(s, 7);
    if (!wide)
        return;
    u->leads_converted += column_int(s, 8);
    u->deals_won += column_int(s, 9);
    u->deals_lost += column_int(s, 10);
    u->deal_updates += column_int(s, 11);
    u->stage_changes += column_int(s, 12);
    u->records_created += column_int(s, 13);
    u->records_updated += column_int(s, 14);
}

/* The sparkline's weeks: calendar weeks up to the one holding the window's last day. */
static int64_t sparkline_first(const struct people *p)
{
    return adoption_monday_of(adoption_day_number(p->win.end) - 1) - 7 * (ADOPTION_WEEKS - 1);
}

/* Adds a row of days (or of a week) on text to x's sparkline when it falls in it. */
static void sparkline_add(struct person *x, const char *text, int days, int64_t first,
                          const char *first_text)
{
    int64_t ms;

    if (strcmp(text, first_text) < 0 || clock_parse_iso(text, &ms) < 0)
        return;
    int64_t i = (adoption_monday_of(adoption_day_number(ms)) - first) / 7;
    if (i >= 0 && i < ADOPTION_WEEKS)
        x->weekly[i] += days;
}

/* Whether the rows load_usage reads cover the sparkline's weeks (a window of 28 days or more):
 * then it fills the sparkline, else load_history does. */
static int usage_has_sparkline(const struct people *p)
{
    return sparkline_first(p) >= adoption_day_number(p->prev.start);
}

/* Both windows' use into now and before of every person, and the sparkline when
 * usage_has_sparkline. Writes only those fields: it may run beside the other loads below. */
static int load_usage(struct store *st, struct people *p, int wide, struct err *err)
{
    struct adoption_window_parts prev, now;
    struct stmt *s = NULL;
    struct person *x = NULL;
    int64_t first = sparkline_first(p);
    char first_text[11];
    int rc = stmt_get(st, wide ? SQL_USAGE_ALL : SQL_USAGE_SCORE, &s, err);

    if (rc < 0)
        return rc;
    adoption_window_split(&p->prev, &prev);
    adoption_window_split(&p->win, &now);
    day_text(first, first_text);
    int sparkline = usage_has_sparkline(p);
    bind_text(s, "$ids", p->ids);
    bind_usage(s, &prev, &now);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        int64_t id = column_int(s, 0);
        const char *text = column_text(s, 1);
        int week = column_int(s, 2);
        if (!x || x->id != id)
            x = find(p, id);
        if (!x || !text)
            continue;
        if (!week) /* a day: before the window starts is the previous window's */
            usage_add(strcmp(text, p->win.from) < 0 ? &x->before : &x->now, s, wide);
        else if (prev.wfrom <= prev.wlast && strcmp(text, prev.wlast_text) <= 0)
            usage_add(&x->before, s, wide);
        else if (now.wfrom <= now.wlast && strcmp(text, now.wfrom_text) >= 0)
            usage_add(&x->now, s, wide);
        else
            continue; /* a week across the boundary: its days come from usage_days */
        if (sparkline)
            sparkline_add(x, text, column_int(s, 3), first, first_text);
    }
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* Tasks due in the period and in the one before, in one scan of the due range of both (two
 * scans cost a fifth of a thousand people's scorecard on PostgreSQL). */
static const char SQL_TASKS[] =
    "SELECT owner_id,"
    " count(*) FILTER (WHERE due_at >= $start AND due_at < $end),"
    " count(*) FILTER (WHERE due_at >= $start AND due_at < $end AND done = 1 AND done_at <= "
    "due_at),"
    " count(*) FILTER (WHERE due_at >= $prev_start AND due_at < $prev_end),"
    " count(*) FILTER (WHERE due_at >= $prev_start AND due_at < $prev_end AND done = 1"
    " AND done_at <= due_at)"
    " FROM tasks ${hint:tasks_owner_due}"
    " WHERE " IN_PEOPLE("owner_id") " AND deleted_at IS NULL AND due_at >= $low"
                                    " AND due_at < $high GROUP BY owner_id";

/* Fills the expected days and the tasks due of the period (now) and the one before (before) of
 * every person. */
static int load_windows(struct store *st, struct people *p, struct err *err)
{
    const struct adoption_window *w = &p->win, *prev = &p->prev;
    struct stmt *s = NULL;
    int rc;

    for (int i = 0; i < p->n; i++) {
        struct person *x = &p->v[i];
        x->now.fig.expected_days = adoption_expected_days(x->created_at, x->deactivated_at, w);
        x->before.fig.expected_days =
            adoption_expected_days(x->created_at, x->deactivated_at, prev);
    }
    rc = stmt_get(st, SQL_TASKS, &s, err);
    if (rc < 0)
        return rc;
    bind_text(s, "$ids", p->ids);
    bind_int(s, "$start", w->start);
    bind_int(s, "$end", w->end);
    bind_int(s, "$prev_start", prev->start);
    bind_int(s, "$prev_end", prev->end);
    bind_int(s, "$low", prev->start < w->start ? prev->start : w->start);
    bind_int(s, "$high", prev->end > w->end ? prev->end : w->end);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        struct person *x = find(p, column_int(s, 0));
        if (!x)
            continue;
        x->now.fig.tasks_due = column_int(s, 1);
        x->now.fig.tasks_on_time = column_int(s, 2);
        x->before.fig.tasks_due = column_int(s, 3);
        x->before.fig.tasks_on_time = column_int(s, 4);
    }
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* ---- quality: the state of what each person owns now ----------------------------------- */

static const char SQL_HIDDEN[] =
    "SELECT 1 FROM field_settings WHERE kind = $kind AND field = $field AND hidden = 1";

static int field_hidden(struct store *st, const char *kind, const char *field, int *hidden,
                        struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_HIDDEN, &s, err);

    if (rc < 0)
        return rc;
    bind_text(s, "$kind", kind);
    bind_text(s, "$field", field);
    rc = stmt_step(st, s, err);
    *hidden = rc == STMT_ROW;
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* The expected fields (F_EXPECTED, core/records.c) of kind that are not hidden (field_settings),
 * at most max of them into out; *n gets how many. */
static int expected_shown(struct store *st, const char *kind, const struct field_def **out, int max,
                          int *n, struct err *err)
{
    const struct record_kind *k = records_kind_find(kind);

    *n = 0;
    for (const struct field_def *f = k ? k->fields : NULL; f && f->name && *n < max; f++) {
        int hidden = 0, rc;
        if (!(f->flags & F_EXPECTED))
            continue;
        rc = field_hidden(st, kind, f->name, &hidden, err);
        if (rc < 0)
            return rc;
        if (!hidden)
            out[(*n)++] = f;
    }
    return 0;
}

/* Appends "<sep>(<f is filled>)" to b: text is filled when not blank, anything else when set. */
static void add_filled(struct buf *b, const char *sep, const struct field_def *f)
{
    if (f->type == FT_TEXT)
        buf_addf(b, "%s(%s IS NOT NULL AND trim(%s) <> '')", sep, f->name, f->name);
    else
        buf_addf(b, "%s(%s IS NOT NULL)", sep, f->name);
}

/* 1 when f is filled, else 0 (booleans are not numbers on every engine). */
static void add_count(struct buf *b, const char *sep, const struct field_def *f)
{
    buf_addf(b, "%sCASE WHEN ", sep);
    add_filled(b, "", f);
    buf_adds(b, " THEN 1 ELSE 0 END");
}

#define EXPECTED_MAX 32

int completion_missing_sql(struct store *st, const char *kind, char *out, size_t size,
                           struct err *err)
{
    const struct field_def *shown[EXPECTED_MAX];
    struct buf b = BUF_INIT;
    int n = 0, rc = expected_shown(st, kind, shown, EXPECTED_MAX, &n, err);

    out[0] = '\0';
    if (rc < 0)
        return rc;
    for (int i = 0; i < n; i++)
        add_filled(&b, i ? " OR NOT " : "(NOT ", shown[i]);
    buf_adds(&b, n ? ")" : "1 = 0");
    snprintf(out, size, "%s", b.s);
    buf_release(&b);
    return 0;
}

/* "SELECT owner_id, count(*) * <expected>, <filled sum> FROM <table> … GROUP BY owner_id" for a
 * kind, or "" when none of its fields is expected (expected_shown). */
static int completion_sql(struct store *st, const char *kind, const char *from_where, char *sql,
                          size_t size, struct err *err)
{
    const struct field_def *shown[EXPECTED_MAX];
    struct buf filled = BUF_INIT;
    int n = 0, rc = expected_shown(st, kind, shown, EXPECTED_MAX, &n, err);

    sql[0] = '\0';
    if (rc < 0 || n == 0)
        return rc;
    buf_adds(&filled, "0");
    for (int i = 0; i < n; i++)
        add_count(&filled, " + ", shown[i]);
    snprintf(sql, size, "SELECT owner_id, count(*) * %d, sum(%s) FROM %s GROUP BY owner_id", n,
             filled.s, from_where);
    buf_release(&filled);
    return 0;
}

static const char *const completion_sources[][2] = {
    {"contact", "contacts WHERE " IN_PEOPLE("owner_id") " AND deleted_at IS NULL" NOT_IN_GRACE(
                    "contact", "contacts.owner_id", "contacts.id")},
    {"organization",
     "organizations WHERE " IN_PEOPLE("owner_id") " AND deleted_at IS NULL" NOT_IN_GRACE(
         "organization", "organizations.owner_id", "organizations.id")},
    {"deal", "deals d WHERE " IN_PEOPLE(
                 "d.owner_id") " AND d.deleted_at IS NULL"
                               " AND NOT EXISTS (SELECT 1 FROM stages s WHERE s.id = d.stage_id"
                               " AND (s.is_won = 1 OR s.is_lost = 1))" NOT_IN_GRACE(
                                   "deal", "d.owner_id", "d.id")},
};

static const char SQL_DEALS[] =
    "SELECT d.owner_id, count(*), count(*) FILTER (WHERE d.close_date < $today),"
    " count(*) FILTER (WHERE d.next_step IS NULL OR trim(d.next_step) = ''),"
    " count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM activities a WHERE a.deal_id = d.id"
    "  AND a.deleted_at IS NULL AND a.occurred_at >= $quiet)),"
    " count(*) FILTER (WHERE d.updated_at < $stale AND NOT EXISTS (SELECT 1 FROM activities a"
    "  WHERE a.deal_id = d.id AND a.deleted_at IS NULL AND a.occurred_at >= $stale))"
    " FROM deals d LEFT JOIN stages s ON s.id = d.stage_id WHERE " IN_PEOPLE(
        "d.owner_id") " AND d.deleted_at IS NULL"
                      " AND coalesce(s.is_won, 0) = 0 AND coalesce(s.is_lost, 0) = 0" NOT_IN_GRACE(
                          "deal", "d.owner_id", "d.id") " GROUP BY d.owner_id";

static const char SQL_LEADS[] =
    "SELECT owner_id, count(*), count(*) FILTER (WHERE updated_at < $stale) FROM leads "
    "WHERE " IN_PEOPLE("owner_id") " AND deleted_at IS NULL"
                                   " AND status IN ('new', 'working', 'qualified')" NOT_IN_GRACE(
                                       "lead", "leads.owner_id", "leads.id") " GROUP BY owner_id";

static void quality_add(struct people *p, int64_t owner,
                        void (*add)(struct adoption_figures *, struct stmt *), struct stmt *s)
{
    struct person *x = find(p, owner);

    if (!x)
        return;
    add(&x->now.fig, s);
    add(&x->before.fig, s);
}

static void add_completion(struct adoption_figures *f, struct stmt *s)
{
    f->fields_expected += column_int(s, 1);
    f->fields_filled += column_int(s, 2);
}

static void add_deals(struct adoption_figures *f, struct stmt *s)
{
    f->open_deals = column_int(s, 1);
    f->deals_past_close = column_int(s, 2);
    f->deals_no_step = column_int(s, 3);
    f->deals_quiet = column_int(s, 4);
    f->in_flight += column_int(s, 1);
    f->stale += column_int(s, 5);
}

static void add_leads(struct adoption_figures *f, struct stmt *s)
{
    f->in_flight += column_int(s, 1);
    f->stale += column_int(s, 2);
}

static int load_quality(struct store *st, struct people *p, int64_t now, struct err *err)
{
    struct stmt *s = NULL;
    char sql[2048], today[16];
    int rc;

    for (size_t k = 0; k < sizeof completion_sources / sizeof completion_sources[0]; k++) {
        rc = completion_sql(st, completion_sources[k][0], completion_sources[k][1], sql, sizeof sql,
                            err);
        if (rc < 0)
            return rc;
        if (!sql[0])
            continue;
        rc = stmt_get(st, sql, &s, err);
        if (rc < 0)
            return rc;
        bind_text(s, "$ids", p->ids);
        bind_int(s, "$grace", now - ADOPTION_GRACE_DAYS * CLOCK_DAY_MS);
        while ((rc = stmt_step(st, s, err)) == STMT_ROW)
            quality_add(p, column_int(s, 0), add_completion, s);
        stmt_done(s);
        if (rc < 0)
            return rc;
    }
    clock_format_day(now, today, sizeof today);
    rc = stmt_get(st, SQL_DEALS, &s, err);
    if (rc < 0)
        return rc;
    bind_text(s, "$ids", p->ids);
    bind_text(s, "$today", today);
    bind_int(s, "$quiet", now - 14 * CLOCK_DAY_MS);
    bind_int(s, "$stale", now - (int64_t)p->stale_days * CLOCK_DAY_MS);
    bind_int(s, "$grace", now - ADOPTION_GRACE_DAYS * CLOCK_DAY_MS);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW)
        quality_add(p, column_int(s, 0), add_deals, s);
    stmt_done(s);
    if (rc < 0)
        return rc;
    rc = stmt_get(st, SQL_LEADS, &s, err);
    if (rc < 0)
        return rc;
    bind_text(s, "$ids", p->ids);
    bind_int(s, "$stale", now - (int64_t)p->stale_days * CLOCK_DAY_MS);
    bind_int(s, "$grace", now - ADOPTION_GRACE_DAYS * CLOCK_DAY_MS);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW)
        quality_add(p, column_int(s, 0), add_leads, s);
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* ---- quality between requests -------------------------------------------------------------- */

/* Quality reads every record people own (a hundred thousand contacts for a thousand people),
 * and changes only when those records do, or as days pass: a large scorecard reuses the figures
 * of everyone while change_counts (kept by triggers, migration 0005) has not moved, for at most
 * a minute. A handful of people is cheaper to compute than to cache. */
#define QUALITY_CACHE_MS   60000
#define QUALITY_DIRECT_MAX 100

struct quality_row {
    int64_t owner;
    struct adoption_figures f; /* the quality fields only */
};

struct adoption_cache {
    int64_t changes, computed_at;
    int stale_days;
    struct quality_row *rows; /* by owner */
    int n;
};

void adoption_cache_free(struct adoption_cache *c)
{
    if (!c)
        return;
    free(c->rows);
    free(c);
}

static void quality_copy(struct adoption_figures *to, const struct adoption_figures *from)
{
    to->fields_expected = from->fields_expected;
    to->fields_filled = from->fields_filled;
    to->open_deals = from->open_deals;
    to->deals_past_close = from->deals_past_close;
    to->deals_no_step = from->deals_no_step;
    to->deals_quiet = from->deals_quiet;
    to->in_flight = from->in_flight;
    to->stale = from->stale;
}

/* Changes so far to what quality figures read: the sum of the counter's rows (one on SQLite,
 * spread over several on PostgreSQL, sql/pg/0012). */
static int owned_changes(struct store *st, int64_t *n, struct err *err)
{
    struct stmt *s = NULL;
    int rc =
        stmt_get(st, "SELECT sum(n) FROM change_counts WHERE name LIKE 'owned_records%'", &s, err);

    if (rc < 0)
        return rc;
    rc = stmt_step(st, s, err);
    *n = rc == STMT_ROW ? column_int(s, 0) : -1;
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* Everyone's quality figures into c. */
static int quality_everyone(struct store *st, int64_t now, int stale_days, struct adoption_cache *c,
                            struct err *err)
{
    struct people all = {0};
    int64_t *ids = NULL;
    size_t n = 0;
    int rc = store_user_ids(st, &ids, &n, err);

    if (rc < 0)
        return rc;
    all.stale_days = stale_days;
    all.v = xcalloc(n + 1, sizeof *all.v);
    struct buf json = BUF_INIT;
    buf_addc(&json, '[');
    for (size_t i = 0; i < n; i++) {
        all.v[i].id = ids[i];
        buf_addf(&json, "%s%lld", i ? "," : "", (long long)ids[i]);
    }
    buf_addc(&json, ']');
    all.n = (int)n;
    all.ids = buf_detach(&json, NULL);
    rc = load_quality(st, &all, now, err);
    if (rc == 0) {
        free(c->rows);
        c->rows = xcalloc(n + 1, sizeof *c->rows);
        for (size_t i = 0; i < n; i++) {
            c->rows[i].owner = ids[i];
            quality_copy(&c->rows[i].f, &all.v[i].now.fig);
        }
        c->n = (int)n;
    }
    free(ids);
    people_free(&all);
    return rc;
}

static const struct quality_row *quality_row_of(const struct adoption_cache *c, int64_t owner)
{
    int lo = 0, hi = c->n - 1;

    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (c->rows[mid].owner == owner)
            return &c->rows[mid];
        if (c->rows[mid].owner < owner)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return NULL;
}

static int load_quality_cached(struct store *st, struct people *p, int64_t now, struct err *err)
{
    pthread_mutex_t *lock;
    struct adoption_cache **slot = store_adoption_cache(st, &lock), *c;
    int64_t changes = 0;
    int rc;

    if (p->n < QUALITY_DIRECT_MAX)
        return load_quality(st, p, now, err);
    pthread_mutex_lock(lock);
    if (!*slot)
        *slot = xcalloc(1, sizeof **slot);
    c = *slot;
    rc = owned_changes(st, &changes, err);
    if (rc == 0 && (!c->rows || c->changes != changes || c->stale_days != p->stale_days ||
                    now < c->computed_at || now - c->computed_at > QUALITY_CACHE_MS)) {
        free(c->rows);
        c->rows = NULL;
        c->n = 0;
        rc = quality_everyone(st, now, p->stale_days, c, err);
        if (rc == 0) {
            c->changes = changes;
            c->stale_days = p->stale_days;
            c->computed_at = now;
        }
    }
    for (int i = 0; rc == 0 && i < p->n; i++) {
        const struct quality_row *q = quality_row_of(c, p->v[i].id);
        if (q) {
            quality_copy(&p->v[i].now.fig, &q->f);
            quality_copy(&p->v[i].before.fig, &q->f);
        }
    }
    pthread_mutex_unlock(lock);
    return rc;
}

/* ---- whole-history figures: last use, first value, sign-ins, weekly sparkline ------------ */

static const char SQL_HISTORY[] =
    "SELECT u.value,"
    " (SELECT max(day) FROM usage_days WHERE user_id = u.value AND day <= $to AND events > 0),"
    " EXISTS (SELECT 1 FROM usage_days WHERE user_id = u.value AND logins > 0 AND day <= $to),"
    " (SELECT min(day) FROM usage_days WHERE user_id = u.value AND activities > 0)"
    " FROM (${ids}) u";

/* The sparkline's weeks alone (for windows too short to cover them): whole weeks from
 * usage_weeks, the last week's days up to the window's end from usage_days. */
static const char SQL_WEEKS[] =
    "SELECT user_id, week, active_days FROM usage_weeks WHERE " IN_PEOPLE(
        "user_id") " AND week >= $first AND week <= $last"
                   " UNION ALL SELECT user_id, day, CASE WHEN events > 0 THEN 1 ELSE 0 END FROM "
                   "usage_days WHERE " IN_PEOPLE("user_id") " AND day >= $dfrom AND day <= $to";

static int load_history(struct store *st, struct people *p, int with_sparkline, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_HISTORY, &s, err);

    if (rc < 0)
        return rc;
    bind_text(s, "$to", p->win.to);
    bind_text(s, "$ids", p->ids);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        struct person *x = find(p, column_int(s, 0));
        const char *last = column_text(s, 1), *first = column_text(s, 3);
        if (!x)
            continue;
        snprintf(x->last_active, sizeof x->last_active, "%s", last ? last : "");
        x->ever_logged_in = column_int(s, 2);
        snprintf(x->first_value, sizeof x->first_value, "%s", first ? first : "");
    }
    stmt_done(s);
    if (rc < 0 || !with_sparkline)
        return rc < 0 ? rc : 0;
    rc = stmt_get(st, SQL_WEEKS, &s, err);
    if (rc < 0)
        return rc;
    int64_t first = sparkline_first(p), last_day = adoption_day_number(p->win.end) - 1;
    int64_t last_monday = adoption_monday_of(last_day), whole = last_day == last_monday + 6;
    char first_text[11];
    day_text(first, first_text);
    bind_text(s, "$ids", p->ids);
    bind_day(s, "$first", first);
    bind_day(s, "$last", whole ? last_monday : last_monday - 7);
    bind_day(s, "$dfrom", whole ? last_day + 1 : last_monday);
    bind_text(s, "$to", p->win.to);
    while ((rc = stmt_step(st, s, err)) == STMT_ROW) {
        struct person *x = find(p, column_int(s, 0));
        const char *text = column_text(s, 1);
        if (x && text)
            sparkline_add(x, text, column_int(s, 2), first, first_text);
    }
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

int person_is_peer(const struct person *x, const struct people *p, int which)
{
    const struct adoption_window *w = which ? &p->prev : &p->win;

    return adoption_is_peer((which ? &x->before : &x->now)->fig.expected_days, x->created_at,
                            x->deactivated_at, w->end);
}

/* Each team's median of a figure over its peers, given to set() for every member
 * (adoption_peer_medians: people without a team get the whole organization's). */
static void team_medians(struct people *p, int which, double (*value)(const struct person *, int),
                         void (*set)(struct person *, int, double))
{
    struct peer_value *v = xcalloc((size_t)p->n + 1, sizeof *v);

    for (int i = 0; i < p->n; i++) {
        const struct person *x = &p->v[i];
        v[i].team_id = x->team_id;
        v[i].measured = (which ? &x->before : &x->now)->fig.expected_days > 0;
        v[i].peer = person_is_peer(x, p, which);
        v[i].value = value(x, which);
    }
    adoption_peer_medians(v, p->n);
    for (int i = 0; i < p->n; i++)
        set(&p->v[i], which, v[i].median);
    free(v);
}

static double meaningful_of(const struct person *x, int which)
{
    return (which ? &x->before : &x->now)->fig.meaningful;
}

static void set_team_median(struct person *x, int which, double m)
{
    (which ? &x->before : &x->now)->fig.team_median = m;
}

static double score_of(const struct person *x, int which)
{
    return (which ? &x->before : &x->now)->res.score;
}

static void set_team_score(struct person *x, int which, double m)
{
    (void)which;
    x->team_score_median = m;
}

struct usage_job {
    struct people *p;
    int wide;
};

static int usage_job_run(struct store *st, void *arg, struct err *err)
{
    struct usage_job *j = arg;

    return load_usage(st, j->p, j->wide, err);
}

int people_load(struct store *st, const struct adoption_query *q, int64_t teammates_of, int64_t now,
                enum people_detail detail, struct people *p, struct err *err)
{
    int rc, beside = 0;

    memset(p, 0, sizeof *p);
    p->weights = q->weights;
    p->stale_days = q->stale_days > 0 ? q->stale_days : 30;
    p->with_metrics = q->with_metrics;
    rc = window_parse(q, now, &p->win, err);
    if (rc < 0)
        return rc;
    adoption_window_before(&p->win, &p->prev);
    rc = load_people(st, q, teammates_of, p, err);
    /* The rollups, the largest read of a scorecard (40 % of one for a thousand people), on the
     * helper thread when it is free; the rest here meanwhile. Always, not only for large
     * organizations: handing over costs microseconds, and every test then runs this path. */
    struct usage_job job = {p, detail == PEOPLE_FIGURES};
    if (rc == 0)
        beside = helper_submit(st, usage_job_run, &job);
    if (rc == 0 && !beside)
        rc = load_usage(st, p, job.wide, err);
    if (rc == 0)
        rc = load_windows(st, p, err);
    if (rc == 0)
        rc = load_quality_cached(st, p, now, err);
    if (rc == 0)
        rc = load_history(st, p, !usage_has_sparkline(p), err);
    if (beside) {
        struct err usage_err = ERR_INIT;
        int usage_rc = helper_wait(st, &usage_err);
        if (rc == 0 && usage_rc < 0) {
            rc = usage_rc;
            *err = usage_err;
        }
    }
    if (rc < 0) {
        people_free(p);
        return rc;
    }
    team_medians(p, 0, meaningful_of, set_team_median);
    team_medians(p, 1, meaningful_of, set_team_median);
    for (int i = 0; i < p->n; i++) {
        adoption_compute(&p->v[i].now.fig, &p->weights, &p->v[i].now.res);
        adoption_compute(&p->v[i].before.fig, &p->weights, &p->v[i].before.res);
    }
    team_medians(p, 0, score_of, set_team_score);
    for (int i = 0; i < p->n; i++) {
        struct person *x = &p->v[i];
        x->is_new = adoption_is_new(x->created_at, p->win.end);
        x->has_left = adoption_has_left(x->deactivated_at, p->win.end);
    }
    return 0;
}

void people_free(struct people *p)
{
    for (int i = 0; i < p->n; i++) {
        free(p->v[i].name);
        free(p->v[i].email);
        free(p->v[i].team_name);
    }
    free(p->v);
    free(p->ids);
    memset(p, 0, sizeof *p);
}
