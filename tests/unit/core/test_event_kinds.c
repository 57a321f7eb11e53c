/* SPDX-License-Identifier: MIT */
/* Tests of src/core/event_kinds.c: names unique and well formed, entities consistent with the
 * names, every record kind's events registered, every adoption feature of docs/ADOPTION.md
 * mapped, the same features and tallies the rollups gave by string rules before the registry,
 * lookup of every name (and of unknown ones), and every event kind named in SQL registered. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/event_kinds.h"
#include "core/records.h"
#include "store/store.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The checkout's root, from this file's path as the build gave it. */
static const char *root(void)
{
    static char dir[4096];
    const char *at = strstr(__FILE__, "tests/unit/core/");

    if (!at)
        return ".";
    snprintf(dir, sizeof dir, "%.*s", (int)(at - __FILE__), __FILE__);
    return dir[0] ? dir : ".";
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *s = NULL;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        s = malloc((size_t)n + 1);
        if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
            free(s);
            s = NULL;
        } else if (s) {
            s[n] = '\0';
        }
    }
    fclose(f);
    return s;
}

/* The part of name before its first dot ("contact" of "contact.view"; all of "login"). */
static size_t prefix_len(const char *name)
{
    const char *dot = strchr(name, '.');
    return dot ? (size_t)(dot - name) : strlen(name);
}

static int is_entity(const char *s, size_t n)
{
    for (int i = 1; i < EV_COUNT; i++) {
        const char *e = event_kind_def((enum event_kind)i)->entity;
        if (e && strlen(e) == n && strncmp(e, s, n) == 0)
            return 1;
    }
    return 0;
}

static void test_names_unique_and_well_formed(void **state)
{
    struct event_row row;

    for (int i = 1; i < EV_COUNT; i++) {
        const struct event_kind_def *d = event_kind_def((enum event_kind)i);
        assert_non_null(d);
        assert_non_null(d->name);
        assert_true(strlen(d->name) > 0 && strlen(d->name) < sizeof row.kind);
        assert_int_equal(strspn(d->name, "abcdefghijklmnopqrstuvwxyz0123456789._"),
                         strlen(d->name));
        assert_true(d->access == EVENT_READ || d->access == EVENT_CHANGE);
        assert_true(d->features < 1u << ADOPTION_FEATURES);
        for (int j = 1; j < i; j++)
            if (strcmp(d->name, event_kind_name((enum event_kind)j)) == 0)
                fail_msg("'%s' is registered twice", d->name);
    }
}

/* A name whose prefix is an entity is about that entity: contact.view is the contact's, while
 * report.team (prefix "report", no entity) may be about a team. */
static void test_entities_match_names(void **state)
{
    struct event_row row;

    for (int i = 1; i < EV_COUNT; i++) {
        const struct event_kind_def *d = event_kind_def((enum event_kind)i);
        size_t n = prefix_len(d->name);
        if (d->entity)
            assert_true(strlen(d->entity) > 0 && strlen(d->entity) < sizeof row.entity);
        if (is_entity(d->name, n) &&
            (!d->entity || strlen(d->entity) != n || strncmp(d->entity, d->name, n) != 0))
            fail_msg("'%s' is not about a %.*s but a %s", d->name, (int)n, d->name,
                     d->entity ? d->entity : "(none)");
    }
}

static void expect_kind(enum event_kind k, const char *entity, const char *name,
                        enum event_access access)
{
    const struct event_kind_def *d = event_kind_def(k);

    assert_non_null(d);
    assert_string_equal(d->name, name);
    assert_string_equal(d->entity, entity);
    assert_int_equal(d->access, access);
}

/* The generic engine writes <kind>.created (activity.logged), .updated, .deleted, .restored,
 * and serves .list, .view and .audit for every kind. */
static void test_record_kinds_registered(void **state)
{
    char name[64];

    for (const struct record_kind *const *k = records_kinds; *k; k++) {
        const char *create = *k == &kind_activity ? "logged" : "created";
        snprintf(name, sizeof name, "%s.%s", (*k)->name, create);
        expect_kind((*k)->events.created, (*k)->name, name, EVENT_CHANGE);
        snprintf(name, sizeof name, "%s.updated", (*k)->name);
        expect_kind((*k)->events.updated, (*k)->name, name, EVENT_CHANGE);
        snprintf(name, sizeof name, "%s.deleted", (*k)->name);
        expect_kind((*k)->events.deleted, (*k)->name, name, EVENT_CHANGE);
        snprintf(name, sizeof name, "%s.restored", (*k)->name);
        expect_kind((*k)->events.restored, (*k)->name, name, EVENT_CHANGE);
        static const char *const reads[] = {"list", "view", "audit"};
        for (size_t i = 0; i < sizeof reads / sizeof reads[0]; i++) {
            snprintf(name, sizeof name, "%s.%s", (*k)->name, reads[i]);
            expect_kind(event_kind_lookup(name), (*k)->name, name, EVENT_READ);
        }
    }
}

/* The six features named in docs/ADOPTION.md's metrics table ("of the six core features:
 * `search`, `timeline` (...), ..."), each one adoption_feature_names names and some kind
 * counts towards. */
static void test_every_documented_feature_mapped(void **state)
{
    char path[4200], word[64];
    char *doc, *p, *end;
    int found = 0;

    snprintf(path, sizeof path, "%s/docs/ADOPTION.md", root());
    doc = slurp(path);
    assert_non_null(doc);
    p = strstr(doc, "core features:");
    assert_non_null(p);
    end = strchr(p, '\n');
    assert_non_null(end);
    while ((p = strchr(p, '`')) && p < end) {
        char *close = strchr(p + 1, '`');
        assert_true(close && close < end && close - p - 1 < (long)sizeof word);
        snprintf(word, sizeof word, "%.*s", (int)(close - p - 1), p + 1);
        int i = 0;
        while (i < ADOPTION_FEATURES && strcmp(adoption_feature_names[i], word) != 0)
            i++;
        if (i == ADOPTION_FEATURES)
            fail_msg("docs/ADOPTION.md names a feature '%s' uptake does not have", word);
        int mapped = 0;
        for (int k = 1; k < EV_COUNT; k++)
            mapped |= (event_kind_def((enum event_kind)k)->features >> i) & 1;
        if (!mapped)
            fail_msg("no event kind counts towards the feature '%s'", word);
        found++;
        p = close + 1;
    }
    assert_int_equal(found, ADOPTION_FEATURES);
    free(doc);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The rollups' string rules before the registry (store/rollup.c until the registry, and
 * sql/sqlite/0004_usage_days.sql's backfill): the registry must give every kind the same. */
static unsigned old_features(const char *kind)
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

static unsigned old_tallies(const char *kind)
{
    unsigned t = 0;

    t |= strcmp(kind, "login") == 0 ? EVT_LOGIN : 0;
    t |= strcmp(kind, "activity.logged") == 0 ? EVT_ACTIVITY | EVT_CREATED : 0;
    t |= strcmp(kind, "lead.converted") == 0 ? EVT_CONVERTED : 0;
    t |= strcmp(kind, "deal.won") == 0 ? EVT_WON : 0;
    t |= strcmp(kind, "deal.lost") == 0 ? EVT_LOST : 0;
    t |= strcmp(kind, "deal.updated") == 0 ? EVT_DEAL_UPDATE : 0;
    t |= strcmp(kind, "deal.stage_changed") == 0 ? EVT_STAGE_CHANGE : 0;
    t |= ends_with(kind, ".created") ? EVT_CREATED : 0;
    t |= ends_with(kind, ".updated") ? EVT_UPDATED : 0;
    return t;
}

static void test_same_figures_as_before(void **state)
{
    for (int i = 1; i < EV_COUNT; i++) {
        const struct event_kind_def *d = event_kind_def((enum event_kind)i);
        if (d->features != old_features(d->name))
            fail_msg("'%s' counts towards features %#x, before %#x", d->name, d->features,
                     old_features(d->name));
        if (d->tallies != old_tallies(d->name))
            fail_msg("'%s' tallies %#x, before %#x", d->name, d->tallies, old_tallies(d->name));
    }
    assert_int_equal(event_kind_def(EV_SEARCH)->features, 1u << ADOPTION_FEATURE_SEARCH);
    assert_int_equal(event_kind_def(EV_ADOPTION_ORG)->features, 1u << ADOPTION_FEATURE_REPORTS);
}

static void test_lookup(void **state)
{
    static const char *const unknown[] = {
        "",           "contact", "contact.", "contact.viewx", "Contact.view", "contact.view ",
        "zzz.zzz",    "a",       ".",        "bulk.import",   "report.x",     "aaa",
        "login.fail", "loginx",  "searc",    "search.",       "user",         "~"};

    for (int i = 1; i < EV_COUNT; i++)
        assert_int_equal(event_kind_lookup(event_kind_name((enum event_kind)i)), i);
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        assert_int_equal(event_kind_lookup(unknown[i]), EV_NONE);
    assert_int_equal(event_kind_lookup(NULL), EV_NONE);
    assert_int_equal(event_kind_lookup("lead.converted"), EV_LEAD_CONVERTED);
    assert_null(event_kind_def(EV_NONE));
    assert_null(event_kind_def(EV_COUNT));
    assert_null(event_kind_def((enum event_kind) - 1));
    assert_string_equal(event_kind_name(EV_NONE), "");
    assert_string_equal(event_kind_name(EV_COUNT), "");
    assert_string_equal(event_kind_name(EV_LOGIN), "login");
}

/* Every dotted literal SQL compares an event kind with (kind = '…', kind IN ('…', …), across
 * the split string literals of C sources) is registered: a partial index or a query naming a
 * kind nobody writes would silently match nothing. */
static void check_sql_kinds(const char *path, const char *text)
{
    for (const char *p = text; (p = strstr(p, "kind")); p += 4) {
        const char *q = p + 4;
        int list;
        while (*q == ' ')
            q++;
        if (*q == '=')
            list = 0;
        else if (strncmp(q, "IN", 2) == 0)
            list = 1;
        else
            continue;
        q += list ? 2 : 1;
        for (;;) {
            while (*q && strchr(" \t\r\n\"(,", *q))
                q++;
            if (*q != '\'')
                break;
            const char *close = strchr(q + 1, '\'');
            if (!close)
                break;
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(close - q - 1), q + 1);
            if (strchr(name, '.') && event_kind_lookup(name) == EV_NONE)
                fail_msg("%s names the event kind '%s', which is not registered", path, name);
            q = close + 1;
            if (!list)
                break;
        }
    }
}

static void check_dir(const char *dir, const char *suffix)
{
    char path[4200];
    struct dirent *e;
    DIR *d;

    snprintf(path, sizeof path, "%s/%s", root(), dir);
    d = opendir(path);
    assert_non_null(d);
    while ((e = readdir(d))) {
        if (!ends_with(e->d_name, suffix))
            continue;
        snprintf(path, sizeof path, "%s/%s/%s", root(), dir, e->d_name);
        char *text = slurp(path);
        assert_non_null(text);
        check_sql_kinds(e->d_name, text);
        free(text);
    }
    closedir(d);
}

static void test_sql_names_registered_kinds(void **state)
{
    check_sql_kinds("test", "WHERE kind IN ('contact.view',\"\n\" 'lead.view') AND kind = 'login'");
    check_dir("sql/sqlite", ".sql");
    check_dir("sql/pg", ".sql");
    check_dir("src/store", ".c");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_unique_and_well_formed),
        cmocka_unit_test(test_entities_match_names),
        cmocka_unit_test(test_record_kinds_registered),
        cmocka_unit_test(test_every_documented_feature_mapped),
        cmocka_unit_test(test_same_figures_as_before),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_sql_names_registered_kinds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
