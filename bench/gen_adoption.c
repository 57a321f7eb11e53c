/* SPDX-License-Identifier: MIT */
/* Generates the adoption benchmark's organization (bench/adoption.sh): teams, users and the
 * records they own as SQL for the sqlite3 shell, and a year of their usage as NDJSON events
 * (the format `uptake events import` reads) plus the same events as CSV, numbered from 1, for
 * the sqlite3 shell's .import baseline. Deterministic for a given seed.
 *
 * usage: gen_adoption USERS DAYS EVENTS_PER_ACTIVE_DAY END_DAY_UNIX_MS OUT_DIR [SEED]
 * Users get ids 2..USERS+1 (id 1 is the admin the script creates). */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DAY_MS   ((int64_t)86400000)
#define TEAMSIZE 20

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t rng_next(void)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static int rng_below(int n)
{
    return (int)(rng_next() % (uint64_t)n);
}

static double rng_unit(void)
{
    return (double)(rng_next() >> 11) / 9007199254740992.0;
}

/* How much a person uses the CRM: the chance of a weekday at it, the share of a typical day's
 * events, and the share of their notes that say something. */
static const struct profile {
    const char *name;
    double present, volume, meaningful;
} profiles[] = {
    {"champion", 0.97, 1.5, 0.85}, {"steady", 0.90, 1.0, 0.70},  {"light", 0.60, 0.6, 0.55},
    {"junk", 0.85, 1.1, 0.05},     {"inactive", 0.08, 0.3, 0.4},
};
#define NPROFILES (sizeof profiles / sizeof profiles[0])

/* Event kinds with their share of a day's events (reads dominate, as in real use). */
static const struct kind {
    const char *kind, *entity;
    int weight;
} kinds[] = {
    {"contact.view", "contact", 300},
    {"contact.list", "contact", 120},
    {"search", "contact", 150},
    {"organization.view", "organization", 80},
    {"organization.list", "organization", 30},
    {"deal.view", "deal", 80},
    {"deal.list", "deal", 40},
    {"task.list", "task", 40},
    {"contact.timeline", "contact", 60},
    {"organization.timeline", "organization", 15},
    {"me.recent", NULL, 20},
    {"report.pipeline", NULL, 5},
    {"activity.logged", "activity", 30},
    {"task.created", "task", 8},
    {"task.completed", "task", 7},
    {"deal.updated", "deal", 6},
    {"deal.stage_changed", "deal", 2},
    {"deal.created", "deal", 1},
    {"contact.created", "contact", 3},
    {"contact.updated", "contact", 6},
    {"organization.updated", "organization", 2},
    {"lead.converted", "lead", 1},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

static int kind_total;

static const struct kind *pick_kind(void)
{
    int r = rng_below(kind_total);

    for (size_t i = 0; i < NKINDS; i++) {
        if (r < kinds[i].weight)
            return &kinds[i];
        r -= kinds[i].weight;
    }
    return &kinds[0];
}

static void iso(int64_t ms, char *out, size_t size)
{
    /* a year 0-9999 keeps the text within 24 bytes */
    time_t t = (time_t)(ms / 1000);
    struct tm tm;

    gmtime_r(&t, &tm);
    snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 13,
             tm.tm_mday % 32, tm.tm_hour % 24, tm.tm_min % 60, tm.tm_sec % 61, (int)(ms % 1000));
}

static FILE *open_out(const char *dir, const char *name)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    setvbuf(f, NULL, _IOFBF, 1 << 20);
    return f;
}

/* Teams, users and what they own, as it stands at the end of the year. */
static void write_org(FILE *f, int users, int64_t start, int64_t end, const int *profile_of)
{
    int teams = (users + TEAMSIZE - 1) / TEAMSIZE;
    int64_t id_contact = 1, id_org = 1, id_deal = 0;

    fprintf(f, "PRAGMA foreign_keys=OFF;\nBEGIN;\n");
    for (int t = 1; t <= teams; t++)
        fprintf(f,
                "INSERT INTO teams (id, name, manager_id, created_at, updated_at) VALUES "
                "(%d, 'Team %03d', %d, %" PRId64 ", %" PRId64 ");\n",
                t, t, 2 + (t - 1) * TEAMSIZE, start, start);
    for (int u = 0; u < users; u++) {
        int id = u + 2, team = u / TEAMSIZE + 1;
        fprintf(f,
                "INSERT INTO users (id, email, name, role, team_id, created_at) VALUES (%d, "
                "'user%d@bench.uptake.test', 'User %04d %s', '%s', %d, %" PRId64 ");\n",
                id, id, id, profiles[profile_of[u]].name, u % TEAMSIZE == 0 ? "manager" : "rep",
                team, start - DAY_MS * (int64_t)rng_below(400));
    }
    /* Careful people fill their fields; the rest leave gaps (quality varies by profile). */
    for (int u = 0; u < users; u++) {
        int id = u + 2;
        double care = profile_of[u] == 0 ? 0.95 : profile_of[u] == 3 ? 0.3 : 0.7;
        int64_t first_org = id_org;
#define FILLED(text) (rng_unit() < care ? "'" text "'" : "NULL")
        for (int i = 0; i < 30; i++, id_org++)
            fprintf(f,
                    "INSERT INTO organizations (id, name, industry, website, phone, city, "
                    "owner_id, created_at, updated_at) VALUES (%" PRId64 ", 'Org %" PRId64
                    "', %s, %s, %s, %s, %d, %" PRId64 ", %" PRId64 ");\n",
                    id_org, id_org, FILLED("Software"), FILLED("example.com"),
                    FILLED("+1 555 0100"), FILLED("Berlin"), id,
                    start + DAY_MS * rng_below(300), end - DAY_MS * rng_below(120));
        for (int i = 0; i < 100; i++, id_contact++)
            fprintf(f,
                    "INSERT INTO contacts (id, first_name, last_name, title, email, phone, city, "
                    "org_id, owner_id, created_at, updated_at) VALUES (%" PRId64
                    ", 'Ann', 'Lee %" PRId64 "', %s, %s, %s, %s, %s, %d, %" PRId64 ", %" PRId64
                    ");\n",
                    id_contact, id_contact, FILLED("Buyer"), FILLED("ann@example.com"),
                    FILLED("+1 555 0101"), FILLED("Paris"), rng_unit() < care ? "1" : "NULL", id,
                    start + DAY_MS * rng_below(300), end - DAY_MS * rng_below(120));
        for (int i = 0; i < 20; i++) {
            int closed = i >= 12;
            id_deal++;
            int64_t close = end + DAY_MS * (rng_below(90) - (rng_unit() < care ? 5 : 60));
            char day[32];
            iso(close, day, sizeof day);
            day[10] = '\0';
            fprintf(f,
                    "INSERT INTO deals (id, name, amount_minor, currency, close_date, next_step,"
                    " stage_id, org_id, contact_id, owner_id, created_at, updated_at) VALUES (%" PRId64
                    ", 'Deal %" PRId64 "', 1000000, 'EUR', '%s', %s, (SELECT id FROM stages "
                    "WHERE %s ORDER BY position LIMIT 1), %" PRId64 ", %s, %d, %" PRId64
                    ", %" PRId64 ");\n",
                    id_deal, id_deal, day, FILLED("Call back"),
                    closed ? "is_won" : "NOT is_won AND NOT is_lost", first_org + rng_below(30),
                    rng_unit() < care ? "1" : "NULL", id, start + DAY_MS * rng_below(300),
                    end - DAY_MS * rng_below(30));
            for (int a = 0; a < 3; a++)
                fprintf(f,
                        "INSERT INTO activities (kind, occurred_at, subject, body, deal_id, "
                        "owner_id, created_at, updated_at) VALUES ('call', %" PRId64
                        ", 'Call', 'Talked about the renewal and the next steps in detail.', "
                        "%" PRId64 ", %d, %" PRId64 ", %" PRId64 ");\n",
                        end - DAY_MS * rng_below(60), id_deal, id, start, start);
        }
        for (int i = 0; i < 60; i++) {
            int64_t due = start + DAY_MS * rng_below((int)((end - start) / DAY_MS));
            char done_at[32] = "NULL";
            if (rng_unit() < care) /* done: on time when careful, late otherwise */
                snprintf(done_at, sizeof done_at, "%" PRId64,
                         due + (rng_unit() < care ? -DAY_MS : 3 * DAY_MS));
            fprintf(f,
                    "INSERT INTO tasks (title, due_at, done, done_at, owner_id, created_at, "
                    "updated_at) VALUES ('Follow up', %" PRId64 ", %d, %s, %d, %" PRId64
                    ", %" PRId64 ");\n",
                    due, strcmp(done_at, "NULL") != 0, done_at, id, due - 7 * DAY_MS, due);
        }
        for (int i = 0; i < 10; i++)
            fprintf(f,
                    "INSERT INTO leads (first_name, last_name, status, owner_id, created_at, "
                    "updated_at) VALUES ('Lee', 'Lead', '%s', %d, %" PRId64 ", %" PRId64 ");\n",
                    i < 6 ? "working" : "converted", id, start, end - DAY_MS * rng_below(90));
    }
    fprintf(f, "COMMIT;\n");
}

/* A year of events, day by day; within a day each person's events are in time order. */
static long long write_events(FILE *nd, FILE *csv, int users, int days, double per_day,
                              int64_t end, const int *profile_of)
{
    long long n = 0;
    char at[32];

    for (int d = days; d >= 1; d--) {
        int64_t day = end - DAY_MS * d;
        int weekday = (int)((day / DAY_MS + 4) % 7); /* 0: Sunday */
        if (weekday == 0 || weekday == 6)
            continue;
        for (int u = 0; u < users; u++) {
            const struct profile *p = &profiles[profile_of[u]];
            if (rng_unit() >= p->present)
                continue;
            int count = (int)(per_day * p->volume * (0.5 + rng_unit()));
            int64_t t = day + 8 * (int64_t)3600000 + rng_below(3600000);
            int64_t step = count ? 9 * (int64_t)3600000 / count : 0;
            int id = u + 2;
            for (int e = -1; e < count; e++, t += step / 2 + rng_below((int)step + 1)) {
                const struct kind *k = e < 0 ? NULL : pick_kind();
                const char *kind = k ? k->kind : "login", *entity = k ? k->entity : "user";
                int64_t entity_id = k && k->entity ? 1 + rng_below(100000) : id;
                int meaningful = k && strcmp(kind, "activity.logged") == 0 &&
                                 rng_unit() < p->meaningful;
                iso(t, at, sizeof at);
                fprintf(nd, "{\"at\":\"%s\",\"user_id\":%d,\"kind\":\"%s\"", at, id, kind);
                if (entity)
                    fprintf(nd, ",\"entity\":\"%s\",\"entity_id\":%" PRId64, entity, entity_id);
                if (k && strcmp(kind, "activity.logged") == 0)
                    fprintf(nd, ",\"detail\":{\"kind\":\"call\",\"meaningful\":%s}",
                            meaningful ? "true" : "false");
                fputs("}\n", nd);
                if (csv)
                    fprintf(csv, "%lld,%" PRId64 ",%d,%s,%s,%" PRId64 ",%s\n", n + 1, t, id, kind,
                            entity ? entity : "", entity_id,
                            k && strcmp(kind, "activity.logged") == 0
                                ? (meaningful ? "\"{\"\"kind\"\":\"\"call\"\",\"\"meaningful\"\":true}\""
                                              : "\"{\"\"kind\"\":\"\"call\"\",\"\"meaningful\"\":false}\"")
                                : "");
                n++;
            }
        }
    }
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 6) {
        fprintf(stderr, "usage: gen_adoption USERS DAYS EVENTS_PER_ACTIVE_DAY END_DAY_MS OUT_DIR "
                        "[SEED]\n");
        return 2;
    }
    int users = atoi(argv[1]), days = atoi(argv[2]);
    double per_day = atof(argv[3]);
    int64_t end = strtoll(argv[4], NULL, 10);
    const char *dir = argv[5];
    int *profile_of;

    if (argc > 6) { /* splitmix64 of the seed: never the all-zero state xorshift is stuck in */
        uint64_t z = strtoull(argv[6], NULL, 10) + 0x9E3779B97F4A7C15ULL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        rng_state = (z ^ (z >> 31)) | 1;
    }
    if (users < 1 || days < 1 || per_day <= 0 || end <= 0) {
        fprintf(stderr, "gen_adoption: bad arguments\n");
        return 2;
    }
    for (size_t i = 0; i < NKINDS; i++)
        kind_total += kinds[i].weight;
    profile_of = calloc((size_t)users, sizeof *profile_of);
    for (int u = 0; u < users; u++) /* mostly steady, a few of every other kind */
        profile_of[u] = u % 10 == 1 ? 0 : u % 10 == 2 ? 2 : u % 10 == 3 ? 3 : u % 20 == 4 ? 4 : 1;

    FILE *org = open_out(dir, "org.sql"), *nd = open_out(dir, "events.ndjson");
    FILE *csv = open_out(dir, "events.csv");
    write_org(org, users, end - DAY_MS * days, end, profile_of);
    long long n = write_events(nd, csv, users, days, per_day, end, profile_of);
    if (fclose(org) || fclose(nd) || fclose(csv)) {
        perror("gen_adoption: write");
        return 1;
    }
    printf("%lld\n", n);
    free(profile_of);
    return 0;
}
