/* SPDX-License-Identifier: MIT */
/* The store contract: every operation of src/store/store.h, through that header only, with the
 * values and error codes a caller relies on. Backend-neutral: each test opens a fresh store
 * at UPTAKE_TEST_STORE (after running UPTAKE_TEST_STORE_RESET, a shell command that empties
 * it) or, without it, at a new SQLite file in a temporary directory; see docs/DECISIONS.md,
 * "The store contract suite". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/clock.h"
#include "core/contest.h"
#include "core/draw.h"
#include "core/log.h"
#include "core/points_rules.h"
#include "store/store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DAY_MS (24LL * 3600 * 1000)

/* A fresh store with two teams and five people: an admin; team A with its manager and two
 * reps; team B with one rep. Actors read with VIS_TEAM unless a test says otherwise. */
struct fx {
    struct store *st;
    char dir[256], path[300];
    int64_t now;
    int64_t team_a, team_b;
    int64_t admin, manager, rep1, rep2, repb;
    struct actor sys, a_admin, a_manager, a_rep1, a_rep2, a_repb;
};

/* ---- helpers ------------------------------------------------------------------------------ */

static const char *store_target(struct fx *f)
{
    const char *url = getenv("UPTAKE_TEST_STORE");

    if (url && url[0])
        return url;
    return f->path;
}

static struct store *open_at(const char *target)
{
    struct store *st = NULL;
    struct err err = ERR_INIT;
    int rc = store_open(target, &st, &err);

    if (rc != 0)
        fail_msg("store_open(%s): %d %s", target, rc, err.message);
    return st;
}

static int64_t add_user(struct fx *f, const char *email, const char *name, int role,
                        int64_t team_id)
{
    struct user_new u = {email, name, role, team_id, "$argon2id$v=19$m=8,t=1,p=1$x$y", 0, NULL};
    struct err err = ERR_INIT;
    int64_t id = 0;
    int rc = store_user_create(f->st, &f->sys, &u, &id, &err);

    if (rc != 0)
        fail_msg("store_user_create(%s): %d %s", email, rc, err.message);
    assert_true(id > 0);
    return id;
}

static struct actor actor_of(struct fx *f, int64_t id, int visibility)
{
    struct actor a;
    struct err err = ERR_INIT;

    assert_int_equal(store_user_actor(f->st, id, visibility, &a, &err), 0);
    a.now = f->now;
    return a;
}

/* Creates a record from JSON text, cleaned as the api layer cleans it; returns its id. */
static int64_t create(struct fx *f, const struct record_kind *k, const struct actor *a,
                      const char *json)
{
    json_t *in = json_loads(json, 0, NULL), *clean = NULL, *out = NULL;
    struct err err = ERR_INIT;
    int64_t id;
    int rc;

    assert_non_null(in);
    assert_int_equal(records_input_check(k, in, 1, &clean, &err), 0);
    rc = store_record_create(f->st, k, a, clean, &out, &err);
    if (rc != 0)
        fail_msg("create %s %s: %d %s", k->name, json, rc, err.message);
    id = json_integer_value(json_object_get(out, "id"));
    assert_true(id > 0);
    json_decref(in);
    json_decref(clean);
    json_decref(out);
    return id;
}

/* What store_record_create answers for JSON text that passes the input check. */
static int create_rc(struct fx *f, const struct record_kind *k, const struct actor *a,
                     const char *json, struct err *err)
{
    json_t *in = json_loads(json, 0, NULL), *clean = NULL;
    int rc;

    assert_non_null(in);
    assert_int_equal(records_input_check(k, in, 1, &clean, err), 0);
    rc = store_record_create(f->st, k, a, clean, NULL, err);
    json_decref(in);
    json_decref(clean);
    return rc;
}

static int update_rc(struct fx *f, const struct record_kind *k, const struct actor *a, int64_t id,
                     const char *json, int64_t if_version, json_t **out, struct err *err)
{
    json_t *in = json_loads(json, 0, NULL), *clean = NULL, *ignored = NULL;
    int rc;

    assert_non_null(in);
    assert_int_equal(records_input_check(k, in, 0, &clean, err), 0);
    rc = store_record_update(f->st, k, a, id, clean, if_version, out ? out : &ignored, err);
    json_decref(ignored);
    json_decref(in);
    json_decref(clean);
    return rc;
}

static int get_rc(struct fx *f, const struct record_kind *k, const struct actor *a, int64_t id)
{
    json_t *out = NULL;
    struct err err = ERR_INIT;
    int rc = store_record_get(f->st, k, a, id, &out, &err);

    json_decref(out);
    return rc;
}

static int64_t int_of(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);

    if (!json_is_integer(v))
        fail_msg("'%s' is not an integer", key);
    return json_integer_value(v);
}

static const char *str_of(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));

    if (!s)
        fail_msg("'%s' is not a string", key);
    return s;
}

/* The ids of a list's items, in order, as "3,2,1". */
static void ids_of(const json_t *items, char *out, size_t size)
{
    size_t used = 0;

    out[0] = '\0';
    for (size_t i = 0; i < json_array_size(items) && used < size; i++)
        used += (size_t)snprintf(out + used, size - used, "%s%lld", i ? "," : "",
                                 (long long)int_of(json_array_get(items, i), "id"));
}

/* Lists k as a sees it with q (limit 50 when q leaves it 0) and returns the ids as text. */
static void list_ids(struct fx *f, const struct record_kind *k, const struct actor *a,
                     struct list_query *q, char *out, size_t size, int64_t *next)
{
    json_t *items = NULL;
    int64_t cursor = 0;
    struct err err = ERR_INIT;
    int rc;

    if (!q->limit)
        q->limit = 50;
    rc = store_record_list(f->st, k, a, q, &items, &cursor, &err);
    if (rc != 0)
        fail_msg("list %s: %d %s", k->name, rc, err.message);
    ids_of(items, out, size);
    if (next)
        *next = cursor;
    json_decref(items);
}

static int64_t stage_named(struct fx *f, const char *name)
{
    struct list_query q = {0};
    json_t *items = NULL;
    int64_t next = 0, id = 0;
    struct err err = ERR_INIT;

    q.limit = 100;
    assert_int_equal(store_record_list(f->st, &kind_stage, &f->sys, &q, &items, &next, &err), 0);
    for (size_t i = 0; i < json_array_size(items); i++)
        if (strcmp(str_of(json_array_get(items, i), "name"), name) == 0)
            id = int_of(json_array_get(items, i), "id");
    json_decref(items);
    if (!id)
        fail_msg("no stage '%s'", name);
    return id;
}

/* ---- fixture ------------------------------------------------------------------------------ */

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    const char *tmp = getenv("TMPDIR"), *reset = getenv("UPTAKE_TEST_STORE_RESET");
    char json[128];

    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "%s/uptake-contract-XXXXXX", tmp ? tmp : "/tmp");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/uptake.db", f->dir);
    if (reset && reset[0] && system(reset) != 0)
        return -1;
    f->st = open_at(store_target(f));
    f->now = clock_now_ms();
    f->sys = (struct actor){0, ROLE_ADMIN, 0, VIS_ALL, f->now};
    f->admin = add_user(f, "admin@example.com", "Ada Admin", ROLE_ADMIN, 0);
    f->a_admin = actor_of(f, f->admin, VIS_TEAM);
    f->team_a = create(f, &kind_team, &f->a_admin, "{\"name\":\"Alpha\"}");
    f->team_b = create(f, &kind_team, &f->a_admin, "{\"name\":\"Beta\"}");
    f->manager = add_user(f, "manager@example.com", "Mona Manager", ROLE_MANAGER, f->team_a);
    snprintf(json, sizeof json, "{\"manager_id\":%lld}", (long long)f->manager);
    assert_int_equal(
        update_rc(f, &kind_team, &f->a_admin, f->team_a, json, 0, NULL, &(struct err)ERR_INIT), 0);
    f->rep1 = add_user(f, "rep1@example.com", "Rita Rep", ROLE_REP, f->team_a);
    f->rep2 = add_user(f, "rep2@example.com", "Rob Rep", ROLE_REP, f->team_a);
    f->repb = add_user(f, "repb@example.com", "Bea Rep", ROLE_REP, f->team_b);
    f->a_manager = actor_of(f, f->manager, VIS_TEAM);
    f->a_rep1 = actor_of(f, f->rep1, VIS_TEAM);
    f->a_rep2 = actor_of(f, f->rep2, VIS_TEAM);
    f->a_repb = actor_of(f, f->repb, VIS_TEAM);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    struct fx *f = *state;
    char file[320];

    store_close(f->st);
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(file, sizeof file, "%s%s", f->path, suffixes[i]);
        unlink(file);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

/* ---- lifecycle ------------------------------------------------------------------------------ */

static void test_reopen_migrates_nothing_twice(void **state)
{
    struct fx *f = *state;
    int version = store_schema_version(f->st);
    json_t *user = NULL;
    struct err err = ERR_INIT;

    assert_true(version > 0);
    store_close(f->st);
    f->st = open_at(store_target(f));
    assert_int_equal(store_schema_version(f->st), version);
    /* What was there is still there, once. */
    assert_int_equal(store_user_get(f->st, f->rep1, &user, &err), 0);
    assert_string_equal(str_of(user, "email"), "rep1@example.com");
    json_decref(user);
    assert_int_equal(create_rc(f, &kind_team, &f->a_admin, "{\"name\":\"Gamma\"}", &err), 0);
}

static void test_transactions_undo_inner_part_only(void **state)
{
    struct fx *f = *state;
    struct err err = ERR_INIT;
    int64_t kept, undone;

    assert_int_equal(store_tx_begin(f->st, &err), 0);
    kept = create(f, &kind_organization, &f->a_rep1, "{\"name\":\"Kept\"}");
    assert_int_equal(store_tx_begin(f->st, &err), 0);
    undone = create(f, &kind_organization, &f->a_rep1, "{\"name\":\"Undone\"}");
    store_tx_rollback(f->st);
    assert_int_equal(store_tx_commit(f->st, &err), 0);
    assert_int_equal(get_rc(f, &kind_organization, &f->a_rep1, kept), 0);
    assert_int_equal(get_rc(f, &kind_organization, &f->a_rep1, undone), UPT_ENOTFOUND);
    assert_int_equal(store_tx_commit(f->st, &err), UPT_EDB); /* none open */
}

/* What a live sink was given (store_set_live_sink), from whichever thread calls it. */
struct live_log {
    pthread_mutex_t lock;
    int n;
    char types[8][16];
    char data[8][512];
};

static void live_record(void *ctx, const char *type, const char *data)
{
    struct live_log *l = ctx;

    if (strcmp(type, "deal.won") != 0 && strcmp(type, "ticker") != 0)
        return; /* the points step's items (badge.earned...): test_points_live_items */
    pthread_mutex_lock(&l->lock);
    if (l->n < 8) {
        snprintf(l->types[l->n], sizeof l->types[0], "%s", type);
        snprintf(l->data[l->n], sizeof l->data[0], "%s", data);
    }
    l->n++;
    pthread_mutex_unlock(&l->lock);
}

static void live_record_all(void *ctx, const char *type, const char *data)
{
    struct live_log *l = ctx;

    pthread_mutex_lock(&l->lock);
    if (l->n < 8) {
        snprintf(l->types[l->n], sizeof l->types[0], "%s", type);
        snprintf(l->data[l->n], sizeof l->data[0], "%s", data);
    }
    l->n++;
    pthread_mutex_unlock(&l->lock);
}

/* Waits up to ms for the sink to have been called want times (PostgreSQL's items come by
 * the listener thread); returns the count then. */
static int live_wait(struct live_log *l, int want, int ms)
{
    int n = 0;

    for (int waited = 0;; waited += 10) {
        pthread_mutex_lock(&l->lock);
        n = l->n;
        pthread_mutex_unlock(&l->lock);
        if (n >= want || waited >= ms)
            return n;
        usleep(10000);
    }
}

/* A won deal's live items go out once its write commits: never from a transaction or a
 * savepoint rolled back, after the outermost commit only, on both engines. */
static void test_live_items_after_commit_only(void **state)
{
    struct fx *f = *state;
    struct live_log l = {.n = 0};
    struct err err = ERR_INIT;
    char json[128];
    int64_t won = stage_named(f, "Won");

    pthread_mutex_init(&l.lock, NULL);
    store_set_live_sink(f->st, live_record, &l);
    snprintf(json, sizeof json, "{\"name\":\"Undone\",\"stage_id\":%lld}", (long long)won);
    assert_int_equal(store_tx_begin(f->st, &err), 0);
    create(f, &kind_deal, &f->a_rep1, json);
    store_tx_rollback(f->st);
    assert_int_equal(store_tx_begin(f->st, &err), 0);
    assert_int_equal(store_tx_begin(f->st, &err), 0);
    create(f, &kind_deal, &f->a_rep1, json);
    store_tx_rollback(f->st);
    assert_int_equal(store_tx_commit(f->st, &err), 0);
    assert_int_equal(live_wait(&l, 1, 300), 0);

    /* Inside an outer transaction: nothing until it commits. */
    snprintf(json, sizeof json,
             "{\"name\":\"Kept\",\"stage_id\":%lld,\"amount_minor\":150000,\"currency\":\"EUR\"}",
             (long long)won);
    assert_int_equal(store_tx_begin(f->st, &err), 0);
    int64_t id = create(f, &kind_deal, &f->a_rep1, json);
    if (strcmp(store_engine_name(f->st), "sqlite") == 0)
        assert_int_equal(live_wait(&l, 1, 0), 0);
    assert_int_equal(store_tx_commit(f->st, &err), 0);
    assert_int_equal(live_wait(&l, 2, 3000), 2);
    assert_string_equal(l.types[0], "deal.won");
    assert_string_equal(l.types[1], "ticker");
    snprintf(json, sizeof json, "\"deal_id\":%lld,", (long long)id);
    assert_non_null(strstr(l.data[0], json));
    assert_non_null(strstr(l.data[0], "\"owner_name\":\"Rita Rep\""));
    /* by default peers (and so the broadcast) do not see amounts */
    assert_non_null(strstr(l.data[0], "\"amount_minor\":null"));
    assert_non_null(strstr(l.data[1], "\"Rita Rep won Kept\""));
    assert_int_equal(live_wait(&l, 3, 200), 2);
    store_set_live_sink(f->st, NULL, NULL);
    pthread_mutex_destroy(&l.lock);
}

/* Consent on public boards: the settings row (defaults, admins only, audited), each user's
 * choice (hidden refused while hiding is forbidden), what the totals and the live items carry. */
static void test_board_consent(void **state)
{
    struct fx *f = *state;
    struct err err = ERR_INIT;
    struct consent_settings cs, on = {CONSENT_INITIALS, 0, 1};
    struct live_log l = {.n = 0};
    json_t *p = NULL, *items = NULL;
    char json[128];

    assert_int_equal(store_board_settings(f->st, &cs, &err), 0);
    assert_int_equal(cs.default_choice, CONSENT_NAME);
    assert_true(cs.allow_hiding);
    assert_false(cs.peers_see_amounts);
    assert_int_equal(store_board_person(f->st, f->rep1, &p, &err), 0);
    assert_true(json_is_null(json_object_get(p, "board_visibility")));
    assert_int_equal(int_of(p, "team_manager_id"), f->manager);
    json_decref(p);
    assert_int_equal(store_board_person(f->st, 999999, &p, &err), UPT_ENOTFOUND);

    assert_int_equal(store_board_visibility_set(f->st, &f->a_rep1, CONSENT_HIDDEN, &err), 0);
    assert_int_equal(store_board_person(f->st, f->rep1, &p, &err), 0);
    assert_string_equal(str_of(p, "board_visibility"), "hidden");
    json_decref(p);
    assert_int_equal(
        store_points_totals(f->st, f->now - DAY_MS, f->now, f->now + DAY_MS, &items, &err), 0);
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *t = json_array_get(items, i);
        if (int_of(t, "user_id") == f->rep1)
            assert_string_equal(str_of(t, "board_visibility"), "hidden");
        else
            assert_true(json_is_null(json_object_get(t, "board_visibility")));
    }
    json_decref(items);

    /* a hidden owner's won deal goes out anonymised */
    pthread_mutex_init(&l.lock, NULL);
    store_set_live_sink(f->st, live_record, &l);
    snprintf(json, sizeof json,
             "{\"name\":\"Quiet\",\"stage_id\":%lld,\"amount_minor\":150000,\"currency\":\"EUR\"}",
             (long long)stage_named(f, "Won"));
    create(f, &kind_deal, &f->a_rep1, json);
    assert_int_equal(live_wait(&l, 2, 3000), 2);
    assert_non_null(strstr(l.data[0], "\"owner_name\":\"A teammate\""));
    assert_non_null(strstr(l.data[0], "\"owner_id\":null"));
    assert_non_null(strstr(l.data[1], "\"A teammate won Quiet\""));
    store_set_live_sink(f->st, NULL, NULL);
    pthread_mutex_destroy(&l.lock);

    assert_int_equal(store_board_settings_set(f->st, &f->a_manager, &on, &err), UPT_EPERM);
    assert_int_equal(store_board_settings_set(f->st, &f->a_admin, &on, &err), 0);
    assert_int_equal(store_board_settings(f->st, &cs, &err), 0);
    assert_int_equal(cs.default_choice, CONSENT_INITIALS);
    assert_false(cs.allow_hiding);
    assert_true(cs.peers_see_amounts);
    err = (struct err)ERR_INIT;
    assert_int_equal(store_board_visibility_set(f->st, &f->a_rep2, CONSENT_HIDDEN, &err),
                     UPT_EINVAL);
    assert_string_equal(err.field, "visibility");
    assert_int_equal(store_board_visibility_set(f->st, &f->a_rep2, CONSENT_INITIALS, &err), 0);
    assert_int_equal(store_board_visibility_set(f->st, &f->a_rep2, -1, &err), 0);
    assert_int_equal(store_board_person(f->st, f->rep2, &p, &err), 0);
    assert_true(json_is_null(json_object_get(p, "board_visibility")));
    json_decref(p);
}

struct thread_job {
    struct fx *f;
    int64_t id;
    int rc;
};

static void *create_in_thread(void *arg)
{
    struct thread_job *j = arg;
    json_t *in = json_pack("{s:s}", "name", "From a thread"), *out = NULL;
    struct err err = ERR_INIT;

    j->rc = store_record_create(j->f->st, &kind_organization, &j->f->a_rep1, in, &out, &err);
    j->id = json_integer_value(json_object_get(out, "id"));
    json_decref(in);
    json_decref(out);
    store_thread_done(j->f->st);
    return NULL;
}

/* Each thread has its own connection: what one commits, another reads at once. */
static void test_threads_share_one_store(void **state)
{
    struct fx *f = *state;
    struct thread_job j = {f, 0, -1};
    pthread_t t;
    json_t *rec = NULL;
    struct err err = ERR_INIT;

    assert_int_equal(pthread_create(&t, NULL, create_in_thread, &j), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_int_equal(j.rc, 0);
    assert_int_equal(store_record_get(f->st, &kind_organization, &f->a_rep1, j.id, &rec, &err), 0);
    assert_string_equal(str_of(rec, "name"), "From a thread");
    json_decref(rec);
}

/* The server's and the importer's settings change how, not what, the store keeps. */
static void test_housekeeping_keeps_data(void **state)
{
    struct fx *f = *state;
    struct err err = ERR_INIT;
    int64_t id;

    assert_int_equal(store_background_checkpoints(f->st, 0, &err), 0);
    assert_int_equal(store_bulk_cache(f->st, 8, &err), 0);
    id = create(f, &kind_organization, &f->a_rep1, "{\"name\":\"Checkpointed\"}");
    assert_int_equal(store_checkpoint(f->st, &err), 0);
    store_close(f->st);
    f->st = open_at(store_target(f));
    assert_int_equal(get_rc(f, &kind_organization, &f->a_rep1, id), 0);
}

/* ---- users -------------------------------------------------------------------------------- */

static void test_users_add_and_look_up(void **state)
{
    struct fx *f = *state;
    struct user_new dup = {"REP1@example.com", "Again", ROLE_REP, 0, NULL, 0, NULL};
    struct user_new bad_team = {"x@example.com", "X", ROLE_REP, 9999, NULL, 0, NULL};
    struct principal p;
    json_t *user = NULL, *list = NULL;
    char *hash = NULL;
    int64_t id = 0;
    struct err err = ERR_INIT;

    assert_int_equal(store_user_get(f->st, f->rep1, &user, &err), 0);
    assert_string_equal(str_of(user, "name"), "Rita Rep");
    assert_string_equal(str_of(user, "role"), "rep");
    assert_int_equal(int_of(user, "team_id"), f->team_a);
    assert_true(json_is_true(json_object_get(user, "active")));
    assert_null(json_object_get(user, "password_hash")); /* no secrets */
    assert_true(int_of(user, "created_at") > 0);         /* storage form: ms */
    assert_true(json_is_null(json_object_get(user, "deactivated_at")));
    json_decref(user);
    assert_int_equal(store_user_get(f->st, 9999, &user, &err), UPT_ENOTFOUND);

    assert_int_equal(store_user_find_email(f->st, "rep2@example.com", &id, &err), 0);
    assert_int_equal(id, f->rep2);
    assert_int_equal(store_user_find_email(f->st, "nobody@example.com", &id, &err), UPT_ENOTFOUND);

    assert_int_equal(store_user_credentials(f->st, "rep1@example.com", &p, &hash, &err), 0);
    assert_int_equal(p.user_id, f->rep1);
    assert_int_equal(p.role, ROLE_REP);
    assert_int_equal(p.team_id, f->team_a);
    assert_non_null(hash);
    assert_string_equal(hash, "$argon2id$v=19$m=8,t=1,p=1$x$y");
    free(hash);
    hash = NULL;
    /* Emails are one address whatever their case. */
    assert_int_equal(store_user_credentials(f->st, "Rep1@Example.COM", &p, &hash, &err), 0);
    assert_int_equal(p.user_id, f->rep1);
    free(hash);
    assert_int_equal(store_user_find_email(f->st, "REP2@example.com", &id, &err), 0);
    assert_int_equal(id, f->rep2);

    err = (struct err)ERR_INIT;
    assert_int_equal(store_user_create(f->st, &f->sys, &dup, &id, &err), UPT_ECONFLICT);
    assert_string_equal(err.field, "email");
    err = (struct err)ERR_INIT;
    assert_int_equal(store_user_create(f->st, &f->sys, &bad_team, &id, &err), UPT_EINVAL);
    assert_string_equal(err.field, "team_id");
    assert_int_equal(store_user_create(f->st, &f->a_manager, &bad_team, &id, &err), UPT_EPERM);

    assert_int_equal(store_user_list(f->st, 0, &list, &err), 0);
    assert_int_equal(json_array_size(list), 5);
    assert_int_equal(int_of(json_array_get(list, 0), "id"), f->admin); /* by id */
    assert_true(int_of(json_array_get(list, 0), "created_at") > 0);
    json_decref(list);

    {
        int64_t *ids = NULL;
        size_t n = 0;
        assert_int_equal(store_user_ids(f->st, &ids, &n, &err), 0);
        assert_int_equal(n, 5);
        assert_int_equal(ids[0], f->admin);
        assert_int_equal(ids[4], f->repb);
        free(ids);
    }
}

static void test_users_update_keeps_an_admin(void **state)
{
    struct fx *f = *state;
    json_t *patch = json_pack("{s:s}", "role", "rep"), *out = NULL;
    uint64_t gen = store_auth_generation(f->st);
    struct err err = ERR_INIT;

    assert_int_equal(store_user_update(f->st, &f->a_admin, f->admin, patch, &out, &err),
                     UPT_ECONFLICT);
    assert_string_equal(err.field, "role");
    json_decref(patch);

    patch = json_pack("{s:s,s:s}", "name", "Rita Renamed", "role", "manager");
    assert_int_equal(store_user_update(f->st, &f->a_admin, f->rep1, patch, &out, &err), 0);
    assert_string_equal(str_of(out, "name"), "Rita Renamed");
    assert_string_equal(str_of(out, "role"), "manager");
    assert_true(store_auth_generation(f->st) != gen); /* sign-ins held in memory drop */
    json_decref(out);
    out = NULL;
    assert_int_equal(store_user_update(f->st, &f->a_rep2, f->rep1, patch, &out, &err), UPT_EPERM);
    json_decref(patch);

    patch = json_pack("{s:s}", "role", "owner");
    assert_int_equal(store_user_update(f->st, &f->a_admin, f->rep1, patch, &out, &err), UPT_EINVAL);
    json_decref(patch);
    patch = json_pack("{s:I}", "team_id", (json_int_t)9999);
    assert_int_equal(store_user_update(f->st, &f->a_admin, f->rep1, patch, &out, &err), UPT_EINVAL);
    json_decref(patch);
    /* A user may change their own password, and nothing else of theirs. */
    patch = json_pack("{s:s}", "password_hash", "$argon2id$new");
    assert_int_equal(store_user_update(f->st, &f->a_rep2, f->rep2, patch, &out, &err), 0);
    json_decref(out);
    json_decref(patch);
}

static void test_users_deactivate_hands_over_and_reactivate(void **state)
{
    struct fx *f = *state;
    struct handover_plan plan = {0};
    json_t *summary = NULL, *moved, *deal = NULL, *user = NULL;
    struct principal p;
    char *hash = NULL;
    int64_t contact, deal_id, task_done, task_open, trashed;
    struct err err = ERR_INIT;

    contact = create(f, &kind_contact, &f->a_rep1, "{\"last_name\":\"Leaver\"}");
    deal_id = create(f, &kind_deal, &f->a_rep1, "{\"name\":\"Leaver deal\"}");
    task_open = create(f, &kind_task, &f->a_rep1, "{\"title\":\"Call back\"}");
    task_done = create(f, &kind_task, &f->a_rep1, "{\"title\":\"Done\",\"done\":true}");
    trashed = create(f, &kind_contact, &f->a_rep1, "{\"last_name\":\"Trashed\"}");
    assert_int_equal(store_record_delete(f->st, &kind_contact, &f->a_rep1, trashed, &err), 0);
    assert_int_equal(store_session_create(f->st, f->rep1,
                                          (const unsigned char *)"0123456789abcdef0123456789abcde",
                                          "csrf", f->now, f->now + DAY_MS, &err),
                     0);

    /* The checks come first. */
    assert_int_equal(store_user_deactivate(f->st, &f->a_admin, f->rep1, &plan, 1, &summary, &err),
                     UPT_EINVAL);
    plan.successor_id = f->rep1;
    assert_int_equal(store_user_deactivate(f->st, &f->a_admin, f->rep1, &plan, 1, &summary, &err),
                     UPT_EINVAL);
    plan.successor_id = f->rep2;
    assert_int_equal(store_user_deactivate(f->st, &f->a_manager, f->rep1, &plan, 1, &summary, &err),
                     UPT_EPERM);
    plan.successor_id = f->rep1;
    assert_int_equal(store_user_deactivate(f->st, &f->a_admin, f->admin, &plan, 1, &summary, &err),
                     UPT_ECONFLICT); /* the only admin */

    /* A dry run counts and changes nothing. */
    plan.successor_id = f->rep2;
    assert_int_equal(store_user_deactivate(f->st, &f->a_admin, f->rep1, &plan, 1, &summary, &err),
                     0);
    moved = json_object_get(summary, "moved");
    assert_int_equal(int_of(moved, "contacts"), 1);
    assert_int_equal(int_of(moved, "deals"), 1);
    assert_int_equal(int_of(moved, "open_tasks"), 1);
    assert_int_equal(int_of(json_object_get(summary, "to"), "deals"), f->rep2);
    json_decref(summary);
    assert_int_equal(store_record_get(f->st, &kind_deal, &f->sys, deal_id, &deal, &err), 0);
    assert_int_equal(int_of(deal, "owner_id"), f->rep1);
    json_decref(deal);

    /* The real thing: records move, sign-in ends, the author stays. */
    plan.to[2] = f->manager; /* relationships to the manager, for the record */
    assert_int_equal(store_user_deactivate(f->st, &f->a_admin, f->rep1, &plan, 0, &summary, &err),
                     0);
    assert_int_equal(int_of(json_object_get(summary, "to"), "relationships"), f->manager);
    json_decref(summary);
    assert_int_equal(store_record_get(f->st, &kind_deal, &f->sys, deal_id, &deal, &err), 0);
    assert_int_equal(int_of(deal, "owner_id"), f->rep2);
    assert_int_equal(int_of(deal, "created_by"), f->rep1);
    json_decref(deal);
    assert_int_equal(store_record_get(f->st, &kind_task, &f->sys, task_open, &deal, &err), 0);
    assert_int_equal(int_of(deal, "owner_id"), f->rep2);
    json_decref(deal);
    assert_int_equal(store_record_get(f->st, &kind_task, &f->sys, task_done, &deal, &err), 0);
    assert_int_equal(int_of(deal, "owner_id"), f->rep1); /* done tasks stay as history */
    json_decref(deal);
    assert_int_equal(store_record_get(f->st, &kind_contact, &f->sys, contact, &deal, &err), 0);
    assert_int_equal(int_of(deal, "owner_id"), f->rep2);
    json_decref(deal);
    assert_int_equal(store_session_lookup(f->st,
                                          (const unsigned char *)"0123456789abcdef0123456789abcde",
                                          f->now, &p, &err),
                     UPT_EAUTH);
    assert_int_equal(store_user_credentials(f->st, "rep1@example.com", &p, &hash, &err),
                     UPT_ENOTFOUND);
    assert_int_equal(store_user_deactivate(f->st, &f->a_admin, f->rep1, &plan, 0, &summary, &err),
                     UPT_ECONFLICT); /* already inactive */
    assert_int_equal(store_user_get(f->st, f->rep1, &user, &err), 0);
    assert_false(json_is_true(json_object_get(user, "active")));
    json_decref(user);
    {
        json_t *list = NULL;
        assert_int_equal(store_user_list(f->st, 0, &list, &err), 0);
        assert_int_equal(json_array_size(list), 4);
        json_decref(list);
        assert_int_equal(store_user_list(f->st, 1, &list, &err), 0);
        assert_int_equal(json_array_size(list), 5);
        json_decref(list);
    }

    /* Back again: the old password works, the records stay with the successor. */
    assert_int_equal(store_record_get(f->st, &kind_contact, &f->sys, trashed, &deal, &err),
                     UPT_ENOTFOUND);
    {
        struct list_query q = {0};
        json_t *items = NULL;
        int64_t next = 0;
        q.deleted = 1;
        q.limit = 10;
        assert_int_equal(store_record_list(f->st, &kind_contact, &f->sys, &q, &items, &next, &err),
                         0);
        assert_int_equal(json_array_size(items), 1);
        assert_int_equal(int_of(json_array_get(items, 0), "owner_id"), f->rep1); /* trash stays */
        json_decref(items);
    }
    assert_int_equal(store_user_reactivate(f->st, &f->a_rep2, f->rep1, &err), UPT_EPERM);
    assert_int_equal(store_user_reactivate(f->st, &f->a_admin, f->rep1, &err), 0);
    assert_int_equal(store_user_reactivate(f->st, &f->a_admin, f->rep1, &err), UPT_ECONFLICT);
    assert_int_equal(store_user_credentials(f->st, "rep1@example.com", &p, &hash, &err), 0);
    assert_string_equal(hash, "$argon2id$v=19$m=8,t=1,p=1$x$y");
    free(hash);
    assert_int_equal(store_record_get(f->st, &kind_deal, &f->sys, deal_id, &deal, &err), 0);
    assert_int_equal(int_of(deal, "owner_id"), f->rep2);
    json_decref(deal);
}

static void test_users_deactivate_manager_hands_over_team(void **state)
{
    struct fx *f = *state;
    struct handover_plan plan = {0};
    struct user_new bot = {"bot@example.com", "Bot", ROLE_ADMIN, 0, NULL, 1, NULL};
    json_t *summary = NULL, *team = NULL;
    int64_t bot_id = 0;
    struct err err = ERR_INIT;

    plan.successor_id = f->rep1;
    plan.to[6] = f->rep2; /* teams_led */
    assert_string_equal(store_handover_kinds[6], "teams_led");
    assert_int_equal(
        store_user_deactivate(f->st, &f->a_admin, f->manager, &plan, 0, &summary, &err), 0);
    assert_int_equal(int_of(json_object_get(summary, "moved"), "teams_led"), 1);
    json_decref(summary);
    assert_int_equal(store_record_get(f->st, &kind_team, &f->sys, f->team_a, &team, &err), 0);
    assert_int_equal(int_of(team, "manager_id"), f->rep2);
    json_decref(team);

    /* An integration account with the admin role does not make the only person admin spare. */
    assert_int_equal(store_user_create(f->st, &f->sys, &bot, &bot_id, &err), 0);
    plan = (struct handover_plan){0};
    plan.successor_id = f->rep1;
    assert_int_equal(store_user_deactivate(f->st, &f->a_admin, f->admin, &plan, 1, &summary, &err),
                     UPT_ECONFLICT);
}

/* ---- sessions and tokens -------------------------------------------------------------------- */

static const unsigned char HASH_A[32] = "session-a-hash-32-bytes-long...";
static const unsigned char HASH_B[32] = "session-b-hash-32-bytes-long...";
static const unsigned char HASH_T[32] = "token-hash-32-bytes-long.......";

static void test_sessions_live_expire_and_end(void **state)
{
    struct fx *f = *state;
    struct principal p;
    struct err err = ERR_INIT;
    int64_t end = f->now + DAY_MS;

    assert_int_equal(store_session_create(f->st, f->rep1, HASH_A, "csrf-a", f->now, end, &err), 0);
    assert_int_equal(store_session_create(f->st, f->rep1, HASH_B, "csrf-b", f->now, end, &err), 0);
    memset(&p, 0, sizeof p);
    assert_int_equal(store_session_lookup(f->st, HASH_A, f->now + 1000, &p, &err), 0);
    assert_int_equal(p.user_id, f->rep1);
    assert_int_equal(p.role, ROLE_REP);
    assert_int_equal(p.team_id, f->team_a);
    assert_string_equal(p.email, "rep1@example.com");
    assert_string_equal(p.name, "Rita Rep");
    assert_string_equal(p.csrf_token, "csrf-a");
    assert_int_equal(p.expires_at, end);
    /* Expired at its end. */
    assert_int_equal(store_session_lookup(f->st, HASH_A, end, &p, &err), UPT_EAUTH);
    assert_int_equal(store_session_lookup(f->st, HASH_T, f->now, &p, &err), UPT_EAUTH);

    /* Whoever keeps sign-ins in memory sees that sessions changed. */
    {
        uint64_t gen = store_auth_generation(f->st);
        assert_int_equal(store_session_delete(f->st, HASH_T, &err), 0); /* none: no change */
        assert_int_equal(store_session_create(f->st, f->rep2, HASH_T, "c", f->now, end, &err), 0);
        assert_true(store_auth_generation(f->st) != gen);
        gen = store_auth_generation(f->st);
        assert_int_equal(store_session_delete(f->st, HASH_T, &err), 0);
        assert_true(store_auth_generation(f->st) != gen);
    }

    /* A password change ends the other sessions only. */
    assert_int_equal(store_sessions_end_others(f->st, f->rep1, HASH_A, &err), 0);
    assert_int_equal(store_session_lookup(f->st, HASH_A, f->now, &p, &err), 0);
    assert_int_equal(store_session_lookup(f->st, HASH_B, f->now, &p, &err), UPT_EAUTH);
    assert_int_equal(store_session_delete(f->st, HASH_A, &err), 0);
    assert_int_equal(store_session_lookup(f->st, HASH_A, f->now, &p, &err), UPT_EAUTH);

    /* A new sign-in purges expired sessions; a live one survives it. */
    assert_int_equal(store_session_create(f->st, f->rep2, HASH_A, "c", f->now, f->now + 10, &err),
                     0);
    assert_int_equal(store_session_create(f->st, f->rep2, HASH_B, "c", f->now + 20, end, &err), 0);
    assert_int_equal(store_session_lookup(f->st, HASH_B, f->now + 30, &p, &err), 0);
    assert_int_equal(p.user_id, f->rep2);
}

/* ---- failed sign-ins (the throttle every instance shares) --------------------------------- */

/* Whether key is blocked at now with limit (asserting the call works). */
static int blocked_at(struct fx *f, const char *key, int64_t now, int limit)
{
    struct err err = ERR_INIT;
    int blocked = -1;

    if (store_sign_in_blocked(f->st, key, now, limit, &blocked, &err) != 0)
        fail_msg("store_sign_in_blocked(%s): %s", key, err.message);
    return blocked;
}

static void fail_n(struct fx *f, const char *key, int n, int64_t at, int64_t step)
{
    struct err err = ERR_INIT;

    for (int i = 0; i < n; i++)
        if (store_sign_in_failed(f->st, key, at + i * step, &err) != 0)
            fail_msg("store_sign_in_failed(%s): %s", key, err.message);
}

/* The limit-th failure within a minute blocks; fewer do not. */
static void test_sign_in_limit(void **state)
{
    static const int limits[] = {1, 3, 10, 32};
    struct fx *f = *state;
    struct err err = ERR_INIT;

    for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
        int limit = limits[i];
        char key[32];
        snprintf(key, sizeof key, "acct:ann%d@example.com", limit);
        assert_int_equal(blocked_at(f, key, f->now, limit), 0);
        fail_n(f, key, limit - 1, f->now, 1000);
        if (blocked_at(f, key, f->now + 59000, limit))
            fail_msg("limit %d: blocked after %d failures", limit, limit - 1);
        assert_int_equal(store_sign_in_failed(f->st, key, f->now + 59000, &err), 0);
        if (!blocked_at(f, key, f->now + 59000, limit))
            fail_msg("limit %d: not blocked after %d failures", limit, limit);
    }
}

/* Failures older than a minute stop counting, one by one; failures spread wider never block. */
static void test_sign_in_minute_slides(void **state)
{
    struct fx *f = *state;
    struct err err = ERR_INIT;
    int64_t t0 = f->now;

    fail_n(f, "ip:192.0.2.1", 10, t0, 1000); /* at t0, t0+1s, ... t0+9s */
    assert_int_equal(blocked_at(f, "ip:192.0.2.1", t0 + 9000, 10), 1);
    assert_int_equal(blocked_at(f, "ip:192.0.2.1", t0 + 59999, 10), 1);
    /* at t0+60s the first failure is a minute old */
    assert_int_equal(blocked_at(f, "ip:192.0.2.1", t0 + 60000, 10), 0);
    /* one more failure blocks again: 9 recent + 1 (its pruning took the first one only) */
    assert_int_equal(store_sign_in_failed(f->st, "ip:192.0.2.1", t0 + 60000, &err), 0);
    assert_int_equal(blocked_at(f, "ip:192.0.2.1", t0 + 60000, 10), 1);
    assert_int_equal(blocked_at(f, "ip:192.0.2.1", t0 + 61000, 10), 0);
    assert_int_equal(blocked_at(f, "ip:192.0.2.1", t0 + 3600000, 1), 0);

    for (int i = 0; i < 40; i++) {
        assert_int_equal(store_sign_in_failed(f->st, "acct:slow", t0 + i * 7000LL, &err), 0);
        assert_int_equal(blocked_at(f, "acct:slow", t0 + i * 7000LL, 10), 0);
    }
    /* Any clock value works, 0 and negative times too. */
    fail_n(f, "clock:0", 3, 0, 0);
    assert_int_equal(blocked_at(f, "clock:0", 0, 3), 1);
    fail_n(f, "clock:-", 3, -120000, 0);
    assert_int_equal(blocked_at(f, "clock:-", -120000, 3), 1);
}

/* Clearing forgets one key's failures, and the count starts again from zero; keys are told
 * apart exactly (callers fold an e-mail's case themselves). */
static void test_sign_in_clear_and_independent_keys(void **state)
{
    struct fx *f = *state;
    struct err err = ERR_INIT;
    int64_t t0 = f->now;
    char a[300], b[300];

    fail_n(f, "acct:ann", 10, t0, 10);
    fail_n(f, "acct:bob", 10, t0, 10);
    assert_int_equal(blocked_at(f, "acct:ann", t0 + 100, 10), 1);
    assert_int_equal(store_sign_in_clear(f->st, "acct:ann", &err), 0);
    assert_int_equal(blocked_at(f, "acct:ann", t0 + 100, 10), 0);
    fail_n(f, "acct:ann", 9, t0 + 100, 1);
    assert_int_equal(blocked_at(f, "acct:ann", t0 + 200, 10), 0);
    assert_int_equal(blocked_at(f, "acct:bob", t0 + 100, 10), 1);
    assert_int_equal(store_sign_in_clear(f->st, "acct:nobody", &err), 0);
    assert_int_equal(store_sign_in_clear(f->st, "", &err), 0);
    assert_int_equal(blocked_at(f, "acct:bob", t0 + 100, 10), 1);

    assert_int_equal(blocked_at(f, "acct:bo", t0 + 100, 10), 0);
    assert_int_equal(blocked_at(f, "acct:bob.", t0 + 100, 10), 0);
    assert_int_equal(blocked_at(f, "acct:BOB", t0 + 100, 10), 0);
    assert_int_equal(blocked_at(f, "acct:", t0 + 100, 10), 0);
    assert_int_equal(blocked_at(f, "", t0 + 100, 10), 0);

    /* Long keys (e-mails up to 254 bytes) sharing a long prefix are told apart. */
    memset(a, 'x', 290);
    a[290] = '\0';
    memcpy(b, a, sizeof a);
    a[289] = 'a';
    b[289] = 'b';
    fail_n(f, a, 10, t0, 1);
    assert_int_equal(blocked_at(f, a, t0 + 20, 10), 1);
    assert_int_equal(blocked_at(f, b, t0 + 20, 10), 0);
    /* A failure of another key later on prunes only what has left the minute. */
    assert_int_equal(store_sign_in_failed(f->st, "ip:other", t0 + 59000, &err), 0);
    assert_int_equal(blocked_at(f, a, t0 + 59000, 10), 1);
    assert_int_equal(store_sign_in_failed(f->st, "ip:other", t0 + 61000, &err), 0);
    assert_int_equal(blocked_at(f, a, t0 + 59000, 10), 0);
}

struct fail_job {
    struct fx *f;
    int rc;
};

static void *fail_in_thread(void *arg)
{
    struct fail_job *j = arg;
    struct err err = ERR_INIT;

    for (int i = 0; i < 25 && j->rc == 0; i++)
        j->rc = store_sign_in_failed(j->f->st, "acct:shared", j->f->now + i, &err);
    store_thread_done(j->f->st);
    return NULL;
}

/* Failures recorded at once on several connections (as by several instances) all count. */
static void test_sign_in_counts_across_connections(void **state)
{
    struct fx *f = *state;
    struct fail_job jobs[4];
    pthread_t t[4];

    for (int i = 0; i < 4; i++) {
        jobs[i] = (struct fail_job){f, 0};
        assert_int_equal(pthread_create(&t[i], NULL, fail_in_thread, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        assert_int_equal(jobs[i].rc, 0);
    }
    assert_int_equal(blocked_at(f, "acct:shared", f->now + 30, 100), 1);
    assert_int_equal(blocked_at(f, "acct:shared", f->now + 30, 101), 0);
}

static void test_tokens_create_lookup_revoke(void **state)
{
    struct fx *f = *state;
    struct principal p;
    json_t *list = NULL;
    int64_t id = 0;
    struct err err = ERR_INIT;

    assert_int_equal(store_token_create(f->st, f->admin, "sync", 1, HASH_T, f->now, &id, &err), 0);
    assert_true(id > 0);
    memset(&p, 0, sizeof p);
    assert_int_equal(store_token_lookup(f->st, HASH_T, f->now, &p, &err), 0);
    assert_int_equal(p.user_id, f->admin);
    assert_int_equal(p.role, ROLE_ADMIN);
    assert_int_equal(p.may_manage, 1);
    assert_int_equal(p.expires_at, 0);
    assert_int_equal(store_token_lookup(f->st, HASH_A, f->now, &p, &err), UPT_EAUTH);

    assert_int_equal(store_token_list(f->st, f->admin, &list, &err), 0);
    assert_int_equal(json_array_size(list), 1);
    assert_string_equal(str_of(json_array_get(list, 0), "name"), "sync");
    assert_null(json_object_get(json_array_get(list, 0), "token_hash"));
    assert_int_equal(int_of(json_array_get(list, 0), "created_at"), f->now); /* ms */
    assert_true(json_is_null(json_object_get(json_array_get(list, 0), "revoked_at")));
    json_decref(list);
    assert_int_equal(store_token_list(f->st, f->rep1, &list, &err), 0);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);

    /* Without the grant a token may not manage; someone else's token is not found for a rep. */
    assert_int_equal(store_token_create(f->st, f->rep1, "mine", 0, HASH_A, f->now, &id, &err), 0);
    assert_int_equal(store_token_lookup(f->st, HASH_A, f->now, &p, &err), 0);
    assert_int_equal(p.may_manage, 0);
    assert_int_equal(store_token_revoke(f->st, &f->a_rep2, id, &err), UPT_ENOTFOUND);
    assert_int_equal(store_token_revoke(f->st, &f->a_rep1, id, &err), 0);
    assert_int_equal(store_token_lookup(f->st, HASH_A, f->now, &p, &err), UPT_EAUTH);
    assert_int_equal(store_token_revoke(f->st, &f->a_rep1, id, &err), UPT_ENOTFOUND);
    assert_int_equal(store_token_revoke(f->st, &f->a_admin, 9999, &err), UPT_ENOTFOUND);

    /* A deactivated user's tokens stop working with them. */
    {
        struct handover_plan plan = {0};
        json_t *summary = NULL;
        assert_int_equal(store_token_create(f->st, f->rep2, "cron", 0, HASH_B, f->now, &id, &err),
                         0);
        assert_int_equal(store_token_lookup(f->st, HASH_B, f->now, &p, &err), 0);
        plan.successor_id = f->rep1;
        assert_int_equal(
            store_user_deactivate(f->st, &f->a_admin, f->rep2, &plan, 0, &summary, &err), 0);
        json_decref(summary);
        assert_int_equal(store_token_lookup(f->st, HASH_B, f->now, &p, &err), UPT_EAUTH);
    }
}

/* ---- records --------------------------------------------------------------------------------- */

/* One valid record of each kind, created, read, changed, deleted and restored. */
/* TV channels and display tokens: a taken slug is a conflict, a token opens its channel until
 * revoked or the channel is deleted, announcements go out after commit, recent wins list won
 * deals newest first. */
static void test_tv_channels_and_display_tokens(void **state)
{
    struct fx *f = *state;
    struct err err = ERR_INIT;
    struct tv_display d;
    struct live_log l = {.n = 0};
    json_t *out = NULL;
    int64_t id = 0, other = 0, tok = 0;
    char json[160];

    struct tv_channel c = {.slug = "floor",
                           .name = "Floor",
                           .slides = "[{\"kind\":\"adoption\",\"seconds\":10,\"options\":{}}]",
                           .ticker = 1,
                           .sound = 0};
    assert_int_equal(store_tv_channel_create(f->st, &c, f->now, &id, &err), 0);
    assert_int_equal(store_tv_channel_create(f->st, &c, f->now, &other, &err), UPT_ECONFLICT);
    c.slug = "second";
    assert_int_equal(store_tv_channel_create(f->st, &c, f->now, &other, &err), 0);
    struct tv_channel keep = {.name = "Floor two", .ticker = -1, .sound = 1};
    assert_int_equal(store_tv_channel_update(f->st, id, &keep, f->now + 1, &err), 0);
    keep.slug = "second";
    assert_int_equal(store_tv_channel_update(f->st, id, &keep, f->now + 1, &err), UPT_ECONFLICT);
    keep.slug = NULL;
    assert_int_equal(store_tv_channel_update(f->st, 99999, &keep, f->now, &err), UPT_ENOTFOUND);
    assert_int_equal(store_tv_channel_get(f->st, 0, "floor", &out, &err), 0);
    assert_string_equal(str_of(out, "name"), "Floor two");
    assert_true(json_is_true(json_object_get(out, "ticker")));
    assert_true(json_is_true(json_object_get(out, "sound")));
    assert_int_equal(json_array_size(json_object_get(out, "slides")), 1);
    json_decref(out);
    assert_int_equal(store_tv_channel_get(f->st, 0, "nope", &out, &err), UPT_ENOTFOUND);

    assert_int_equal(
        store_tv_token_create(f->st, "TV", 99999, HASH_T, f->admin, f->now, &tok, &err),
        UPT_EINVAL);
    assert_int_equal(store_tv_token_create(f->st, "TV", id, HASH_T, f->admin, f->now, &tok, &err),
                     0);
    assert_int_equal(
        store_tv_token_create(f->st, "TV2", other, HASH_A, f->admin, f->now, &other, &err), 0);
    assert_int_equal(store_tv_token_lookup(f->st, HASH_T, f->now, &d, &err), 0);
    assert_int_equal(d.channel_id, id);
    assert_string_equal(d.slug, "floor");
    assert_int_equal(store_tv_token_lookup(f->st, HASH_B, f->now, &d, &err), UPT_EAUTH);
    assert_int_equal(store_tv_token_list(f->st, &out, &err), 0);
    assert_int_equal(json_array_size(out), 2);
    assert_int_equal(int_of(json_array_get(out, 0), "last_seen_at"), f->now);
    assert_null(json_object_get(json_array_get(out, 0), "token_hash"));
    json_decref(out);
    assert_int_equal(store_tv_token_revoke(f->st, tok, f->now, &err), 0);
    assert_int_equal(store_tv_token_revoke(f->st, tok, f->now, &err), UPT_ENOTFOUND);
    assert_int_equal(store_tv_token_lookup(f->st, HASH_T, f->now, &d, &err), UPT_EAUTH);
    /* Deleting a channel ends its tokens. */
    assert_int_equal(store_tv_token_lookup(f->st, HASH_A, f->now, &d, &err), 0);
    assert_int_equal(store_tv_channel_delete(f->st, d.channel_id, &err), 0);
    assert_int_equal(store_tv_token_lookup(f->st, HASH_A, f->now, &d, &err), UPT_EAUTH);
    assert_int_equal(store_tv_channel_delete(f->st, d.channel_id, &err), UPT_ENOTFOUND);

    pthread_mutex_init(&l.lock, NULL);
    store_set_live_sink(f->st, live_record_all, &l);
    assert_int_equal(store_tv_announce(f->st, 99999, "x", f->now, &err), UPT_ENOTFOUND);
    assert_int_equal(store_tv_announce(f->st, id, "Cake at 3", f->now, &err), 0);
    assert_int_equal(live_wait(&l, 1, 3000), 1);
    assert_string_equal(l.types[0], "announcement");
    assert_non_null(strstr(l.data[0], "\"slug\":\"floor\",\"text\":\"Cake at 3\""));
    store_set_live_sink(f->st, NULL, NULL);
    pthread_mutex_destroy(&l.lock);

    snprintf(json, sizeof json,
             "{\"name\":\"TV win\",\"stage_id\":%lld,\"amount_minor\":500,\"currency\":\"EUR\"}",
             (long long)stage_named(f, "Won"));
    create(f, &kind_deal, &f->a_rep1, json);
    assert_int_equal(store_tv_recent_wins(f->st, 5, &out, &err), 0);
    assert_true(json_array_size(out) >= 1);
    assert_string_equal(str_of(json_array_get(out, 0), "name"), "TV win");
    assert_string_equal(str_of(json_array_get(out, 0), "owner_name"), "Rita Rep");
    json_decref(out);
}

static void test_records_every_kind_round_trip(void **state)
{
    struct fx *f = *state;
    struct err err = ERR_INIT;
    int64_t org = create(f, &kind_organization, &f->a_rep1, "{\"name\":\"Acme\"}");
    int64_t c1 = create(f, &kind_contact, &f->a_rep1, "{\"last_name\":\"One\"}");
    int64_t c2 = create(f, &kind_contact, &f->a_rep1, "{\"last_name\":\"Two\"}");
    char json[256];
    struct {
        const struct record_kind *k;
        const struct actor *a;
        char create[200], patch[100];
        const char *field, *value;
    } cases[] = {
        {&kind_team, &f->a_admin, "{\"name\":\"Delta\"}", "{\"name\":\"Delta 2\"}", "name",
         "Delta 2"},
        {&kind_organization, &f->a_rep1, "{\"name\":\"Globex\"}", "{\"industry\":\"Energy\"}",
         "industry", "Energy"},
        {&kind_contact, &f->a_rep1, "{\"first_name\":\"Ann\",\"email\":\"ann@example.com\"}",
         "{\"title\":\"CTO\"}", "title", "CTO"},
        {&kind_relationship, &f->a_rep1, "", "{\"role\":\"Buyer\"}", "role", "Buyer"},
        {&kind_activity, &f->a_rep1, "", "{\"subject\":\"Follow-up\"}", "subject", "Follow-up"},
        {&kind_task, &f->a_rep1, "{\"title\":\"Send offer\"}", "{\"title\":\"Send the offer\"}",
         "title", "Send the offer"},
        {&kind_lead, &f->a_rep1, "{\"company\":\"Initech\"}", "{\"source\":\"Fair\"}", "source",
         "Fair"},
        {&kind_stage, &f->a_admin, "{\"name\":\"Review\",\"position\":7}", "{\"probability\":60}",
         NULL, NULL},
        {&kind_deal, &f->a_rep1, "{\"name\":\"Big one\"}", "{\"next_step\":\"Demo\"}", "next_step",
         "Demo"},
    };

    snprintf(cases[3].create, sizeof cases[3].create,
             "{\"kind\":\"knows\",\"contact_id\":%lld,\"other_contact_id\":%lld}", (long long)c1,
             (long long)c2);
    snprintf(cases[4].create, sizeof cases[4].create,
             "{\"kind\":\"call\",\"contact_id\":%lld,\"org_id\":%lld}", (long long)c1,
             (long long)org);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct record_kind *k = cases[i].k;
        json_t *rec = NULL;
        int64_t id = create(f, k, cases[i].a, cases[i].create);

        assert_int_equal(store_record_get(f->st, k, cases[i].a, id, &rec, &err), 0);
        assert_int_equal(int_of(rec, "id"), id);
        assert_true(json_is_integer(json_object_get(rec, "created_at"))); /* storage form */
        if (k->flags & K_OWNED)
            assert_int_equal(int_of(rec, "owner_id"), cases[i].a->user_id); /* the default */
        json_decref(rec);
        rec = NULL;
        assert_int_equal(update_rc(f, k, cases[i].a, id, cases[i].patch, 0, &rec, &err), 0);
        if (cases[i].field)
            assert_string_equal(str_of(rec, cases[i].field), cases[i].value);
        else
            assert_int_equal(int_of(rec, "probability"), 60);
        json_decref(rec);
        rec = NULL;

        assert_int_equal(store_record_delete(f->st, k, cases[i].a, id, &err), 0);
        assert_int_equal(get_rc(f, k, cases[i].a, id), UPT_ENOTFOUND);
        assert_int_equal(store_record_delete(f->st, k, cases[i].a, id, &err), UPT_ENOTFOUND);
        assert_int_equal(update_rc(f, k, cases[i].a, id, cases[i].patch, 0, NULL, &err),
                         UPT_ENOTFOUND);
        assert_int_equal(store_record_restore(f->st, k, cases[i].a, id, &rec, &err), 0);
        assert_int_equal(int_of(rec, "id"), id);
        json_decref(rec);
        assert_int_equal(get_rc(f, k, cases[i].a, id), 0);
        assert_int_equal(get_rc(f, k, cases[i].a, id + 1000), UPT_ENOTFOUND);

        /* The audit trail, newest first. */
        assert_int_equal(store_record_audit(f->st, k, cases[i].a, id, &rec, &err), 0);
        assert_true(json_array_size(rec) >= 4);
        json_decref(rec);
    }
    snprintf(json, sizeof json, "{\"name\":\"x\",\"stage_id\":%d}", 99999);
    err = (struct err)ERR_INIT;
    assert_int_equal(create_rc(f, &kind_deal, &f->a_rep1, json, &err), UPT_EINVAL);
    assert_string_equal(err.field, "stage_id");
}

static void test_records_audit_trail(void **state)
{
    struct fx *f = *state;
    json_t *items = NULL;
    struct err err = ERR_INIT;
    int64_t c = create(f, &kind_contact, &f->a_rep1, "{\"last_name\":\"Audited\"}");

    assert_int_equal(
        update_rc(f, &kind_contact, &f->a_manager, c, "{\"title\":\"VP\"}", 0, NULL, &err), 0);
    assert_int_equal(store_record_audit(f->st, &kind_contact, &f->a_rep1, c, &items, &err), 0);
    assert_int_equal(json_array_size(items), 2);
    assert_string_equal(str_of(json_array_get(items, 0), "action"), "update");
    assert_int_equal(int_of(json_array_get(items, 0), "user_id"), f->manager);
    assert_string_equal(str_of(json_object_get(json_array_get(items, 0), "after"), "title"), "VP");
    /* Storage form: times in ms, the records' too. */
    assert_int_equal(int_of(json_array_get(items, 0), "at"), f->now);
    assert_int_equal(int_of(json_object_get(json_array_get(items, 0), "after"), "updated_at"),
                     f->now);
    assert_string_equal(str_of(json_array_get(items, 1), "action"), "create");
    assert_int_equal(int_of(json_array_get(items, 1), "user_id"), f->rep1);
    json_decref(items);
    assert_int_equal(store_record_audit(f->st, &kind_contact, &f->a_repb, c, &items, &err),
                     UPT_ENOTFOUND);
    assert_int_equal(store_record_audit(f->st, &kind_contact, &f->a_rep1, c + 1000, &items, &err),
                     UPT_ENOTFOUND);
}

static void test_records_defaults_and_rules(void **state)
{
    struct fx *f = *state;
    json_t *rec = NULL;
    struct err err = ERR_INIT;
    int64_t deal = create(f, &kind_deal, &f->a_rep1, "{\"name\":\"Defaults\"}");
    int64_t lead = create(f, &kind_lead, &f->a_rep1, "{\"last_name\":\"Lee\"}");
    int64_t task = create(f, &kind_task, &f->a_rep1, "{\"title\":\"T\"}");
    int64_t c = create(f, &kind_contact, &f->a_rep1, "{\"last_name\":\"C\"}");
    char json[200];

    assert_int_equal(store_record_get(f->st, &kind_deal, &f->a_rep1, deal, &rec, &err), 0);
    assert_int_equal(int_of(rec, "stage_id"), stage_named(f, "Prospecting"));
    assert_int_equal(int_of(rec, "version"), 1);
    assert_int_equal(int_of(rec, "created_by"), f->rep1);
    json_decref(rec);
    assert_int_equal(store_record_get(f->st, &kind_lead, &f->a_rep1, lead, &rec, &err), 0);
    assert_string_equal(str_of(rec, "status"), "new");
    json_decref(rec);

    /* Done sets done_at; undone clears it. */
    assert_int_equal(update_rc(f, &kind_task, &f->a_rep1, task, "{\"done\":true}", 0, &rec, &err),
                     0);
    assert_true(json_is_integer(json_object_get(rec, "done_at")));
    json_decref(rec);
    assert_int_equal(update_rc(f, &kind_task, &f->a_rep1, task, "{\"done\":false}", 0, &rec, &err),
                     0);
    assert_true(json_is_null(json_object_get(rec, "done_at")));
    json_decref(rec);

    /* A won stage closes the deal. */
    snprintf(json, sizeof json, "{\"stage_id\":%lld}", (long long)stage_named(f, "Won"));
    assert_int_equal(update_rc(f, &kind_deal, &f->a_rep1, deal, json, 0, &rec, &err), 0);
    assert_true(json_is_integer(json_object_get(rec, "closed_at")));
    json_decref(rec);

    /* Whole-record rules and references are checked by the store too. */
    err = (struct err)ERR_INIT;
    assert_int_equal(create_rc(f, &kind_deal, &f->a_rep1,
                               "{\"name\":\"No currency\",\"amount_minor\":100}", &err),
                     UPT_EINVAL);
    assert_string_equal(err.field, "currency");
    snprintf(json, sizeof json, "{\"kind\":\"call\",\"contact_id\":%lld}", (long long)c + 1000);
    err = (struct err)ERR_INIT;
    assert_int_equal(create_rc(f, &kind_activity, &f->a_rep1, json, &err), UPT_EINVAL);
    assert_string_equal(err.field, "contact_id");
    err = (struct err)ERR_INIT;
    assert_int_equal(
        update_rc(f, &kind_contact, &f->a_rep1, c, "{\"last_name\":null}", 0, NULL, &err),
        UPT_EINVAL);
    /* Only admins write admin kinds. */
    assert_int_equal(create_rc(f, &kind_team, &f->a_manager, "{\"name\":\"Mine\"}", &err),
                     UPT_EPERM);
    assert_int_equal(create_rc(f, &kind_stage, &f->a_rep1, "{\"name\":\"S\"}", &err), UPT_EPERM);
    /* A rep creates for themselves, not for others (except tasks). */
    snprintf(json, sizeof json, "{\"last_name\":\"X\",\"owner_id\":%lld}", (long long)f->rep2);
    assert_int_equal(create_rc(f, &kind_contact, &f->a_rep1, json, &err), UPT_EPERM);
    snprintf(json, sizeof json, "{\"title\":\"For you\",\"owner_id\":%lld}", (long long)f->rep2);
    assert_int_equal(create_rc(f, &kind_task, &f->a_rep1, json, &err), 0);
}

static int64_t events_of(struct fx *f, const char *kind, int64_t entity_id)
{
    struct event_query q = {0};
    json_t *items = NULL;
    int64_t next = 0, n = 0;
    struct err err = ERR_INIT;

    q.kind = kind;
    q.limit = 1000;
    assert_int_equal(store_events_list(f->st, &q, &items, &next, &err), 0);
    for (size_t i = 0; i < json_array_size(items); i++)
        n += int_of(json_array_get(items, i), "entity_id") == entity_id;
    json_decref(items);
    return n;
}

/* What each kind does beyond its fields: statuses, stages, reasons, defaults, and the events
 * that follow. */
static void test_records_kind_rules(void **state)
{
    struct fx *f = *state;
    json_t *rec = NULL;
    char json[200];
    struct err err = ERR_INIT;
    int64_t lost = stage_named(f, "Lost"), won = stage_named(f, "Won");
    int64_t open = stage_named(f, "Proposal");
    int64_t lead = create(f, &kind_lead, &f->a_rep1, "{\"last_name\":\"Rules\"}");
    int64_t deal = create(f, &kind_deal, &f->a_rep1, "{\"name\":\"Rules\"}");
    int64_t task = create(f, &kind_task, &f->a_rep1, "{\"title\":\"Rules\"}");
    int64_t act, stage;

    /* Leads: 'converted' only through conversion; a reason only when disqualified. */
    err = (struct err)ERR_INIT;
    assert_int_equal(create_rc(f, &kind_lead, &f->a_rep1,
                               "{\"last_name\":\"X\",\"status\":\"converted\"}", &err),
                     UPT_EINVAL);
    assert_string_equal(err.field, "status");
    assert_int_equal(
        update_rc(f, &kind_lead, &f->a_rep1, lead, "{\"status\":\"converted\"}", 0, NULL, &err),
        UPT_EINVAL);
    assert_int_equal(update_rc(f, &kind_lead, &f->a_rep1, lead, "{\"status\":null}", 0, NULL, &err),
                     UPT_EINVAL);
    assert_int_equal(update_rc(f, &kind_lead, &f->a_rep1, lead,
                               "{\"status\":\"working\",\"disqualified_reason\":\"No budget\"}", 0,
                               &rec, &err),
                     0);
    assert_true(json_is_null(json_object_get(rec, "disqualified_reason")));
    json_decref(rec);
    assert_int_equal(update_rc(f, &kind_lead, &f->a_rep1, lead,
                               "{\"status\":\"disqualified\",\"disqualified_reason\":\"No "
                               "budget\"}",
                               0, &rec, &err),
                     0);
    assert_string_equal(str_of(rec, "disqualified_reason"), "No budget");
    json_decref(rec);

    /* Deals: a closing stage sets closed_at and its event; a lost reason only when lost;
     * reopening clears both. */
    snprintf(json, sizeof json, "{\"stage_id\":%lld,\"lost_reason\":\"Price\"}", (long long)open);
    assert_int_equal(update_rc(f, &kind_deal, &f->a_rep1, deal, json, 0, &rec, &err), 0);
    assert_true(json_is_null(json_object_get(rec, "lost_reason")));
    assert_true(json_is_null(json_object_get(rec, "closed_at")));
    json_decref(rec);
    assert_int_equal(events_of(f, "deal.stage_changed", deal), 1);
    snprintf(json, sizeof json, "{\"stage_id\":%lld,\"lost_reason\":\"Price\"}", (long long)lost);
    assert_int_equal(update_rc(f, &kind_deal, &f->a_rep1, deal, json, 0, &rec, &err), 0);
    assert_string_equal(str_of(rec, "lost_reason"), "Price");
    assert_true(json_is_integer(json_object_get(rec, "closed_at")));
    json_decref(rec);
    assert_int_equal(events_of(f, "deal.lost", deal), 1);
    snprintf(json, sizeof json, "{\"stage_id\":%lld}", (long long)open);
    assert_int_equal(update_rc(f, &kind_deal, &f->a_rep1, deal, json, 0, &rec, &err), 0);
    assert_true(json_is_null(json_object_get(rec, "lost_reason")));
    assert_true(json_is_null(json_object_get(rec, "closed_at")));
    json_decref(rec);
    snprintf(json, sizeof json, "{\"stage_id\":%lld}", (long long)won);
    assert_int_equal(update_rc(f, &kind_deal, &f->a_rep1, deal, json, 0, NULL, &err), 0);
    assert_int_equal(events_of(f, "deal.won", deal), 1);
    assert_int_equal(events_of(f, "deal.stage_changed", deal), 4);
    err = (struct err)ERR_INIT;
    assert_int_equal(
        update_rc(f, &kind_deal, &f->a_rep1, deal, "{\"stage_id\":null}", 0, NULL, &err),
        UPT_EINVAL);
    assert_string_equal(err.field, "stage_id");

    /* Tasks: completing one is an event. */
    assert_int_equal(update_rc(f, &kind_task, &f->a_rep1, task, "{\"done\":true}", 0, NULL, &err),
                     0);
    assert_int_equal(events_of(f, "task.completed", task), 1);

    /* Activities happen now unless told; stages go last with probability 0. */
    snprintf(json, sizeof json, "{\"kind\":\"note\",\"deal_id\":%lld}", (long long)deal);
    act = create(f, &kind_activity, &f->a_rep1, json);
    assert_int_equal(store_record_get(f->st, &kind_activity, &f->a_rep1, act, &rec, &err), 0);
    assert_int_equal(int_of(rec, "occurred_at"), f->now);
    json_decref(rec);
    assert_int_equal(events_of(f, "activity.logged", act), 1);
    stage = create(f, &kind_stage, &f->a_admin, "{\"name\":\"Later\"}");
    assert_int_equal(store_record_get(f->st, &kind_stage, &f->a_admin, stage, &rec, &err), 0);
    assert_true(int_of(rec, "position") > 6);
    assert_int_equal(int_of(rec, "probability"), 0);
    assert_false(json_is_true(json_object_get(rec, "is_won")));
    json_decref(rec);
    assert_int_equal(
        update_rc(f, &kind_stage, &f->a_admin, stage, "{\"position\":null}", 0, NULL, &err),
        UPT_EINVAL);
    assert_int_equal(create_rc(f, &kind_stage, &f->a_admin,
                               "{\"name\":\"Both\",\"is_won\":true,\"is_lost\":true}", &err),
                     UPT_EINVAL);
}

static void test_records_version_conflict(void **state)
{
    struct fx *f = *state;
    json_t *rec = NULL;
    struct err err = ERR_INIT;
    int64_t deal = create(f, &kind_deal, &f->a_rep1, "{\"name\":\"V\"}");

    assert_int_equal(
        update_rc(f, &kind_deal, &f->a_rep1, deal, "{\"next_step\":\"a\"}", 1, &rec, &err), 0);
    assert_int_equal(int_of(rec, "version"), 2);
    json_decref(rec);
    rec = NULL;
    /* A second writer still holding version 1 loses, and nothing of theirs is written. */
    assert_int_equal(
        update_rc(f, &kind_deal, &f->a_manager, deal, "{\"next_step\":\"b\"}", 1, &rec, &err),
        UPT_ECONFLICT);
    assert_null(rec);
    assert_int_equal(store_record_get(f->st, &kind_deal, &f->a_rep1, deal, &rec, &err), 0);
    assert_string_equal(str_of(rec, "next_step"), "a");
    assert_int_equal(int_of(rec, "version"), 2);
    json_decref(rec);
    /* Without if_version, last writer wins. */
    assert_int_equal(
        update_rc(f, &kind_deal, &f->a_manager, deal, "{\"next_step\":\"c\"}", 0, &rec, &err), 0);
    assert_int_equal(int_of(rec, "version"), 3);
    json_decref(rec);
}

static void test_records_list_filters_sort_cursor(void **state)
{
    struct fx *f = *state;
    struct list_query q = {0};
    char ids[256], want[256];
    int64_t next = 0, o[5];
    static const char *const names[] = {"delta", "Alpha", "charlie", "Bravo", "echo"};

    for (int i = 0; i < 5; i++) {
        char json[100];
        snprintf(json, sizeof json, "{\"name\":\"%s\",\"industry\":\"%s\"}", names[i],
                 i % 2 ? "Retail" : "Energy");
        o[i] = create(f, &kind_organization, i < 4 ? &f->a_rep1 : &f->a_rep2, json);
    }

    /* Default: newest first, with a keyset cursor. */
    q.limit = 2;
    list_ids(f, &kind_organization, &f->a_rep1, &q, ids, sizeof ids, &next);
    snprintf(want, sizeof want, "%lld,%lld", (long long)o[4], (long long)o[3]);
    assert_string_equal(ids, want);
    assert_int_equal(next, o[3]);
    q.cursor = next;
    list_ids(f, &kind_organization, &f->a_rep1, &q, ids, sizeof ids, &next);
    snprintf(want, sizeof want, "%lld,%lld", (long long)o[2], (long long)o[1]);
    assert_string_equal(ids, want);
    q.cursor = next;
    list_ids(f, &kind_organization, &f->a_rep1, &q, ids, sizeof ids, &next);
    snprintf(want, sizeof want, "%lld", (long long)o[0]);
    assert_string_equal(ids, want);
    assert_int_equal(next, 0);

    /* Filters: a field equal to a value as typed, and an owner. */
    memset(&q, 0, sizeof q);
    q.filters[0].field = "industry";
    q.filters[0].value = "Retail";
    q.filters[0].op = '=';
    q.nfilters = 1;
    list_ids(f, &kind_organization, &f->a_rep1, &q, ids, sizeof ids, NULL);
    snprintf(want, sizeof want, "%lld,%lld", (long long)o[3], (long long)o[1]);
    assert_string_equal(ids, want);
    {
        char owner[24];
        snprintf(owner, sizeof owner, "%lld", (long long)f->rep2);
        memset(&q, 0, sizeof q);
        q.filters[0].field = "owner_id";
        q.filters[0].value = owner;
        q.filters[0].op = '=';
        q.nfilters = 1;
        list_ids(f, &kind_organization, &f->a_rep1, &q, ids, sizeof ids, NULL);
        snprintf(want, sizeof want, "%lld", (long long)o[4]);
        assert_string_equal(ids, want);
    }

    /* Sort by name, case-insensitively, paged with the sort value in the cursor. */
    memset(&q, 0, sizeof q);
    q.sort = "name";
    q.limit = 3;
    list_ids(f, &kind_organization, &f->a_rep1, &q, ids, sizeof ids, &next);
    snprintf(want, sizeof want, "%lld,%lld,%lld", (long long)o[1], (long long)o[3],
             (long long)o[2]);
    assert_string_equal(ids, want);
    assert_int_equal(next, o[2]);
    q.cursor = next;
    q.cursor_text = "charlie";
    list_ids(f, &kind_organization, &f->a_rep1, &q, ids, sizeof ids, &next);
    snprintf(want, sizeof want, "%lld,%lld", (long long)o[0], (long long)o[4]);
    assert_string_equal(ids, want);
    assert_int_equal(next, 0);
    memset(&q, 0, sizeof q);
    q.sort = "name";
    q.sort_desc = 1;
    q.limit = 1;
    list_ids(f, &kind_organization, &f->a_rep1, &q, ids, sizeof ids, NULL);
    snprintf(want, sizeof want, "%lld", (long long)o[4]);
    assert_string_equal(ids, want);

    /* Unknown sorts and filters that are not of the field's type are the caller's mistake. */
    {
        json_t *items = NULL;
        struct err err = ERR_INIT;
        memset(&q, 0, sizeof q);
        q.limit = 10;
        q.sort = "nonsense";
        assert_int_equal(
            store_record_list(f->st, &kind_organization, &f->a_rep1, &q, &items, &next, &err),
            UPT_EMALFORMED);
        assert_string_equal(err.field, "sort");
        memset(&q, 0, sizeof q);
        q.limit = 10;
        q.filters[0].field = "owner_id";
        q.filters[0].value = "abc";
        q.filters[0].op = '=';
        q.nfilters = 1;
        err = (struct err)ERR_INIT;
        assert_int_equal(
            store_record_list(f->st, &kind_organization, &f->a_rep1, &q, &items, &next, &err),
            UPT_EMALFORMED);
        assert_null(items);
    }

    /* The trash lists the deleted only. */
    assert_int_equal(
        store_record_delete(f->st, &kind_organization, &f->a_rep1, o[2], &(struct err)ERR_INIT), 0);
    memset(&q, 0, sizeof q);
    q.deleted = 1;
    list_ids(f, &kind_organization, &f->a_rep1, &q, ids, sizeof ids, NULL);
    snprintf(want, sizeof want, "%lld", (long long)o[2]);
    assert_string_equal(ids, want);
    memset(&q, 0, sizeof q);
    list_ids(f, &kind_organization, &f->a_rep1, &q, ids, sizeof ids, NULL);
    snprintf(want, sizeof want, "%lld,%lld,%lld,%lld", (long long)o[4], (long long)o[3],
             (long long)o[1], (long long)o[0]);
    assert_string_equal(ids, want);
}

/* Sorting by a field some records leave empty: NULLs last both ways, pages keyed on the value. */
static void test_records_sort_nulls_and_ranges(void **state)
{
    struct fx *f = *state;
    struct list_query q = {0};
    char ids[256], want[256];
    int64_t next = 0;
    int64_t jan = create(f, &kind_deal, &f->a_rep1,
                         "{\"name\":\"Jan\",\"close_date\":\"2026-01-15\",\"amount_minor\":300,"
                         "\"currency\":\"EUR\"}");
    int64_t none = create(f, &kind_deal, &f->a_rep1, "{\"name\":\"Undated\"}");
    int64_t mar = create(f, &kind_deal, &f->a_rep1,
                         "{\"name\":\"Mar\",\"close_date\":\"2026-03-15\",\"amount_minor\":100,"
                         "\"currency\":\"EUR\"}");
    int64_t none2 = create(f, &kind_deal, &f->a_rep1, "{\"name\":\"Undated too\"}");

    q.sort = "close_date";
    q.limit = 2;
    list_ids(f, &kind_deal, &f->a_rep1, &q, ids, sizeof ids, &next);
    snprintf(want, sizeof want, "%lld,%lld", (long long)jan, (long long)mar);
    assert_string_equal(ids, want);
    assert_int_equal(next, mar);
    q.cursor = next;
    q.cursor_text = "2026-03-15";
    q.limit = 1;
    list_ids(f, &kind_deal, &f->a_rep1, &q, ids, sizeof ids, &next);
    snprintf(want, sizeof want, "%lld", (long long)none);
    assert_string_equal(ids, want);
    assert_int_equal(next, none);
    q.cursor = next; /* a cursor on a row without a value */
    q.cursor_text = NULL;
    q.cursor_null = 1;
    list_ids(f, &kind_deal, &f->a_rep1, &q, ids, sizeof ids, &next);
    snprintf(want, sizeof want, "%lld", (long long)none2);
    assert_string_equal(ids, want);
    assert_int_equal(next, 0);

    memset(&q, 0, sizeof q);
    q.sort = "close_date";
    q.sort_desc = 1;
    list_ids(f, &kind_deal, &f->a_rep1, &q, ids, sizeof ids, NULL);
    snprintf(want, sizeof want, "%lld,%lld,%lld,%lld", (long long)mar, (long long)jan,
             (long long)none2, (long long)none);
    assert_string_equal(ids, want);

    /* An integer sort, paged by its value. */
    memset(&q, 0, sizeof q);
    q.sort = "amount_minor";
    q.limit = 1;
    list_ids(f, &kind_deal, &f->a_rep1, &q, ids, sizeof ids, &next);
    snprintf(want, sizeof want, "%lld", (long long)mar);
    assert_string_equal(ids, want);
    q.cursor = next;
    q.cursor_int = 100;
    list_ids(f, &kind_deal, &f->a_rep1, &q, ids, sizeof ids, &next);
    snprintf(want, sizeof want, "%lld", (long long)jan);
    assert_string_equal(ids, want);
    q.cursor = next;
    q.cursor_int = 300;
    list_ids(f, &kind_deal, &f->a_rep1, &q, ids, sizeof ids, &next);
    snprintf(want, sizeof want, "%lld", (long long)none);
    assert_string_equal(ids, want);

    /* Ranges: before and after a date. */
    memset(&q, 0, sizeof q);
    q.filters[0].field = "close_date";
    q.filters[0].value = "2026-02-01";
    q.filters[0].op = '<';
    q.nfilters = 1;
    list_ids(f, &kind_deal, &f->a_rep1, &q, ids, sizeof ids, NULL);
    snprintf(want, sizeof want, "%lld", (long long)jan);
    assert_string_equal(ids, want);
    q.filters[0].op = '>';
    list_ids(f, &kind_deal, &f->a_rep1, &q, ids, sizeof ids, NULL);
    snprintf(want, sizeof want, "%lld", (long long)mar);
    assert_string_equal(ids, want);
    q.filters[0].value = "null";
    q.filters[0].op = '=';
    list_ids(f, &kind_deal, &f->a_rep1, &q, ids, sizeof ids, NULL);
    snprintf(want, sizeof want, "%lld,%lld", (long long)none2, (long long)none);
    assert_string_equal(ids, want);
}

static void test_records_search(void **state)
{
    struct fx *f = *state;
    struct list_query q = {0};
    char ids[256], want[64];
    int64_t zed, deal;
    struct err err = ERR_INIT;

    zed = create(f, &kind_contact, &f->a_rep1,
                 "{\"first_name\":\"Zed\",\"last_name\":\"Quarrington\",\"email\":"
                 "\"zed@quarry.example\"}");
    create(f, &kind_contact, &f->a_rep1, "{\"first_name\":\"Amy\",\"last_name\":\"Other\"}");
    deal = create(f, &kind_deal, &f->a_rep1, "{\"name\":\"Quarrington renewal\"}");

    q.q = "quarrington";
    list_ids(f, &kind_contact, &f->a_rep1, &q, ids, sizeof ids, NULL);
    snprintf(want, sizeof want, "%lld", (long long)zed);
    assert_string_equal(ids, want);
    q.q = "Quarr"; /* a prefix */
    list_ids(f, &kind_contact, &f->a_rep1, &q, ids, sizeof ids, NULL);
    assert_string_equal(ids, want);
    q.q = "quarrington";
    list_ids(f, &kind_deal, &f->a_rep1, &q, ids, sizeof ids, NULL);
    snprintf(want, sizeof want, "%lld", (long long)deal);
    assert_string_equal(ids, want);
    q.q = "nothingmatches";
    list_ids(f, &kind_contact, &f->a_rep1, &q, ids, sizeof ids, NULL);
    assert_string_equal(ids, "");
    /* Search follows changes, and the reader's visibility. */
    assert_int_equal(update_rc(f, &kind_contact, &f->a_rep1, zed, "{\"last_name\":\"Renamed\"}", 0,
                               NULL, &(struct err)ERR_INIT),
                     0);
    q.q = "quarrington"; /* the old name is out of the search text */
    list_ids(f, &kind_contact, &f->a_rep1, &q, ids, sizeof ids, NULL);
    assert_string_equal(ids, "");
    q.q = "quarry"; /* the email is still in */
    list_ids(f, &kind_contact, &f->a_rep1, &q, ids, sizeof ids, NULL);
    snprintf(want, sizeof want, "%lld", (long long)zed);
    assert_string_equal(ids, want);
    q.q = "renamed";
    list_ids(f, &kind_contact, &f->a_rep1, &q, ids, sizeof ids, NULL);
    assert_string_equal(ids, want);
    list_ids(f, &kind_contact, &f->a_repb, &q, ids, sizeof ids, NULL);
    assert_string_equal(ids, "");
    /* A hidden organization's name finds nothing, neither it nor the people at it; and what
     * one may not see one may not link to. */
    {
        int64_t hidden_org =
            create(f, &kind_organization, &f->a_repb, "{\"name\":\"Zanzibar Holdings\"}");
        char json[160];
        int64_t at_hidden;
        snprintf(json, sizeof json, "{\"last_name\":\"Placed\",\"org_id\":%lld}",
                 (long long)hidden_org);
        err = (struct err)ERR_INIT;
        assert_int_equal(create_rc(f, &kind_contact, &f->a_rep1, json, &err), UPT_EINVAL);
        assert_string_equal(err.field, "org_id");
        snprintf(json, sizeof json, "{\"last_name\":\"Placed\",\"org_id\":%lld,\"owner_id\":%lld}",
                 (long long)hidden_org, (long long)f->rep1);
        at_hidden = create(f, &kind_contact, &f->a_admin, json);
        q.q = "zanzibar";
        list_ids(f, &kind_contact, &f->a_rep1, &q, ids, sizeof ids, NULL);
        assert_string_equal(ids, "");
        list_ids(f, &kind_organization, &f->a_rep1, &q, ids, sizeof ids, NULL);
        assert_string_equal(ids, "");
        list_ids(f, &kind_contact, &f->a_admin, &q, ids, sizeof ids, NULL);
        snprintf(want, sizeof want, "%lld", (long long)at_hidden);
        assert_string_equal(ids, want);
        q.q = "placed"; /* by its own words, still */
        list_ids(f, &kind_contact, &f->a_rep1, &q, ids, sizeof ids, NULL);
        assert_string_equal(ids, want);
        /* Renaming an organization refreshes the people at it. */
        assert_int_equal(update_rc(f, &kind_organization, &f->a_repb, hidden_org,
                                   "{\"name\":\"Xylophone Group\"}", 0, NULL, &err),
                         0);
        q.q = "xylophone";
        list_ids(f, &kind_contact, &f->a_admin, &q, ids, sizeof ids, NULL);
        assert_string_equal(ids, want);
        q.q = "zanzibar";
        list_ids(f, &kind_contact, &f->a_admin, &q, ids, sizeof ids, NULL);
        assert_string_equal(ids, "");
        snprintf(want, sizeof want, "%lld", (long long)zed);
    }
    q.q = "!!! ***"; /* no words: nothing, not everything */
    list_ids(f, &kind_contact, &f->a_rep1, &q, ids, sizeof ids, NULL);
    assert_string_equal(ids, "");
    q.q = "\"renamed"; /* search syntax is just text */
    list_ids(f, &kind_contact, &f->a_rep1, &q, ids, sizeof ids, NULL);
    assert_string_equal(ids, want);
    /* Deleted records are not found. */
    assert_int_equal(
        store_record_delete(f->st, &kind_contact, &f->a_rep1, zed, &(struct err)ERR_INIT), 0);
    q.q = "renamed";
    list_ids(f, &kind_contact, &f->a_rep1, &q, ids, sizeof ids, NULL);
    assert_string_equal(ids, "");
}

/* ---- visibility -------------------------------------------------------------------------------
 */

static void test_visibility_own_team_all(void **state)
{
    struct fx *f = *state;
    int64_t c = create(f, &kind_contact, &f->a_rep1, "{\"last_name\":\"Seen\"}");
    struct actor own2 = actor_of(f, f->rep2, VIS_OWN), all_b = actor_of(f, f->repb, VIS_ALL);
    struct list_query q = {0};
    char ids[64], want[32];
    int may = -1;
    struct err err = ERR_INIT;

    snprintf(want, sizeof want, "%lld", (long long)c);
    /* team: team-mates and the team's manager read; another team does not. */
    assert_int_equal(get_rc(f, &kind_contact, &f->a_rep2, c), 0);
    assert_int_equal(get_rc(f, &kind_contact, &f->a_manager, c), 0);
    assert_int_equal(get_rc(f, &kind_contact, &f->a_repb, c), UPT_ENOTFOUND);
    assert_int_equal(get_rc(f, &kind_contact, &f->a_admin, c), 0);
    list_ids(f, &kind_contact, &f->a_repb, &q, ids, sizeof ids, NULL);
    assert_string_equal(ids, "");
    list_ids(f, &kind_contact, &f->a_rep2, &q, ids, sizeof ids, NULL);
    assert_string_equal(ids, want);
    /* own: only one's own. */
    assert_int_equal(get_rc(f, &kind_contact, &own2, c), UPT_ENOTFOUND);
    list_ids(f, &kind_contact, &own2, &q, ids, sizeof ids, NULL);
    assert_string_equal(ids, "");
    /* all: everyone reads. */
    assert_int_equal(get_rc(f, &kind_contact, &all_b, c), 0);

    /* Reading is not changing: reps change their own, managers their teams'. */
    assert_int_equal(update_rc(f, &kind_contact, &f->a_rep2, c, "{\"title\":\"x\"}", 0, NULL, &err),
                     UPT_EPERM);
    assert_int_equal(update_rc(f, &kind_contact, &all_b, c, "{\"title\":\"x\"}", 0, NULL, &err),
                     UPT_EPERM);
    assert_int_equal(store_record_delete(f->st, &kind_contact, &f->a_rep2, c, &err), UPT_EPERM);
    assert_int_equal(
        update_rc(f, &kind_contact, &f->a_manager, c, "{\"title\":\"y\"}", 0, NULL, &err), 0);
    assert_int_equal(store_record_may_change(f->st, &kind_contact, &f->a_rep2, f->rep1, &may, &err),
                     0);
    assert_int_equal(may, 0);
    assert_int_equal(
        store_record_may_change(f->st, &kind_contact, &f->a_manager, f->rep1, &may, &err), 0);
    assert_int_equal(may, 1);
    assert_int_equal(store_record_may_change(f->st, &kind_contact, &f->a_rep1, f->rep1, &may, &err),
                     0);
    assert_int_equal(may, 1);
    assert_int_equal(store_record_may_change(f->st, &kind_team, &f->a_manager, 0, &may, &err), 0);
    assert_int_equal(may, 0);
    assert_int_equal(store_record_may_change(f->st, &kind_team, &f->a_admin, 0, &may, &err), 0);
    assert_int_equal(may, 1);

    /* The trash follows the same rules: a team-mate may not restore what they may not change. */
    assert_int_equal(store_record_delete(f->st, &kind_contact, &f->a_rep1, c, &err), 0);
    {
        json_t *rec = NULL;
        assert_int_equal(store_record_restore(f->st, &kind_contact, &f->a_rep2, c, &rec, &err),
                         UPT_EPERM);
        assert_int_equal(store_record_restore(f->st, &kind_contact, &f->a_repb, c, &rec, &err),
                         UPT_ENOTFOUND);
        q.deleted = 1;
        list_ids(f, &kind_contact, &f->a_repb, &q, ids, sizeof ids, NULL);
        assert_string_equal(ids, "");
        q.deleted = 0;
        assert_int_equal(store_record_restore(f->st, &kind_contact, &f->a_rep1, c, &rec, &err), 0);
        json_decref(rec);
    }

    /* A deleted team has no manager and no members. */
    assert_int_equal(store_record_delete(f->st, &kind_team, &f->a_admin, f->team_a, &err), 0);
    assert_int_equal(get_rc(f, &kind_contact, &f->a_manager, c), UPT_ENOTFOUND);
    assert_int_equal(get_rc(f, &kind_contact, &f->a_rep2, c), UPT_ENOTFOUND);
    assert_int_equal(get_rc(f, &kind_contact, &f->a_rep1, c), 0);
    assert_int_equal(
        store_record_may_change(f->st, &kind_contact, &f->a_manager, f->rep1, &may, &err), 0);
    assert_int_equal(may, 0);
}

/* ---- timelines, relationships, history, lead conversion ----------------------------------------
 */

static void test_timeline_pages_newest_first(void **state)
{
    struct fx *f = *state;
    struct timeline_pos start = {0, 0}, next, after;
    json_t *items = NULL, *page2 = NULL;
    char json[200];
    struct err err = ERR_INIT;
    int64_t org = create(f, &kind_organization, &f->a_rep1, "{\"name\":\"Timeline Inc\"}");
    int64_t c, other;

    snprintf(json, sizeof json, "{\"last_name\":\"Tim\",\"org_id\":%lld}", (long long)org);
    c = create(f, &kind_contact, &f->a_rep1, json);
    for (int i = 0; i < 3; i++) {
        snprintf(json, sizeof json,
                 "{\"kind\":\"call\",\"contact_id\":%lld,\"subject\":\"call %d\","
                 "\"occurred_at\":\"2026-01-0%dT10:00:00Z\"}",
                 (long long)c, i, i + 1);
        create(f, &kind_activity, &f->a_rep1, json);
    }
    snprintf(json, sizeof json, "{\"title\":\"Task for Tim\",\"contact_id\":%lld}", (long long)c);
    create(f, &kind_task, &f->a_rep1, json);
    other = create(f, &kind_contact, &f->a_repb, "{\"last_name\":\"Hidden\"}");

    assert_int_equal(
        store_timeline(f->st, &f->a_rep1, &kind_contact, c, &start, 2, &items, &next, &err), 0);
    assert_int_equal(json_array_size(items), 2);
    assert_string_equal(str_of(json_array_get(items, 0), "type"), "task"); /* created now */
    assert_int_equal(int_of(json_array_get(items, 0), "at"), f->now);      /* in ms */
    assert_string_equal(str_of(json_array_get(items, 1), "summary"), "call 2");
    assert_true(next.key != 0);
    assert_int_equal(
        store_timeline(f->st, &f->a_rep1, &kind_contact, c, &next, 2, &page2, &after, &err), 0);
    assert_int_equal(json_array_size(page2), 2);
    assert_string_equal(str_of(json_array_get(page2, 0), "summary"), "call 1");
    assert_string_equal(str_of(json_array_get(page2, 1), "summary"), "call 0");
    assert_int_equal(after.key, 0);
    json_decref(items);
    json_decref(page2);

    /* Items at the same time are neither skipped nor repeated across pages. */
    {
        int64_t tied = create(f, &kind_contact, &f->a_rep1, "{\"last_name\":\"Tied\"}");
        struct timeline_pos pos = {0, 0}, after2;
        int seen = 0;
        for (int i = 0; i < 5; i++) {
            snprintf(json, sizeof json,
                     "{\"kind\":\"note\",\"contact_id\":%lld,\"subject\":\"tie %d\","
                     "\"occurred_at\":\"2026-01-05T10:00:00Z\"}",
                     (long long)tied, i);
            create(f, &kind_activity, &f->a_rep1, json);
        }
        do {
            json_t *page = NULL;
            assert_int_equal(store_timeline(f->st, &f->a_rep1, &kind_contact, tied, &pos, 2, &page,
                                            &after2, &err),
                             0);
            for (size_t i = 0; i < json_array_size(page); i++) {
                char want[16];
                snprintf(want, sizeof want, "tie %d", 4 - seen);
                assert_string_equal(str_of(json_array_get(page, i), "summary"), want);
                seen++;
            }
            json_decref(page);
            pos = after2;
        } while (pos.key != 0 && seen < 10);
        assert_int_equal(seen, 5);
    }

    /* An organization's timeline holds its people's touch points. */
    assert_int_equal(
        store_timeline(f->st, &f->a_rep1, &kind_organization, org, &start, 50, &items, &next, &err),
        0);
    assert_int_equal(json_array_size(items), 4);
    json_decref(items);
    assert_int_equal(
        store_timeline(f->st, &f->a_rep1, &kind_contact, other, &start, 50, &items, &next, &err),
        UPT_ENOTFOUND);
    assert_int_equal(
        store_timeline(f->st, &f->a_rep1, &kind_deal, 1, &start, 50, &items, &next, &err),
        UPT_ENOTFOUND);
}

static void test_relationships_and_deal_history(void **state)
{
    struct fx *f = *state;
    struct timeline_pos start = {0, 0}, next;
    json_t *items = NULL;
    char json[200];
    struct err err = ERR_INIT;
    int64_t org = create(f, &kind_organization, &f->a_rep1, "{\"name\":\"Rel Org\"}");
    int64_t c1 = create(f, &kind_contact, &f->a_rep1, "{\"last_name\":\"A\"}");
    int64_t c2 = create(f, &kind_contact, &f->a_rep1, "{\"last_name\":\"B\"}");
    int64_t rel, deal;

    snprintf(json, sizeof json, "{\"kind\":\"works_at\",\"contact_id\":%lld,\"org_id\":%lld}",
             (long long)c1, (long long)org);
    rel = create(f, &kind_relationship, &f->a_rep1, json);
    /* The kind's rules: works_at needs an organization, knows another contact, not itself. */
    snprintf(json, sizeof json, "{\"kind\":\"works_at\",\"contact_id\":%lld}", (long long)c1);
    assert_int_equal(create_rc(f, &kind_relationship, &f->a_rep1, json, &err), UPT_EINVAL);
    snprintf(json, sizeof json,
             "{\"kind\":\"knows\",\"contact_id\":%lld,\"other_contact_id\":%lld}", (long long)c1,
             (long long)c1);
    assert_int_equal(create_rc(f, &kind_relationship, &f->a_rep1, json, &err), UPT_EINVAL);
    snprintf(json, sizeof json,
             "{\"kind\":\"knows\",\"contact_id\":%lld,\"other_contact_id\":%lld,"
             "\"since\":\"2026-02-01\",\"until\":\"2026-01-01\"}",
             (long long)c1, (long long)c2);
    assert_int_equal(create_rc(f, &kind_relationship, &f->a_rep1, json, &err), UPT_EINVAL);
    /* Relationship changes show on the contact's timeline. */
    assert_int_equal(store_record_delete(f->st, &kind_relationship, &f->a_rep1, rel, &err), 0);
    assert_int_equal(
        store_timeline(f->st, &f->a_rep1, &kind_contact, c1, &start, 50, &items, &next, &err), 0);
    assert_int_equal(json_array_size(items), 2);
    assert_string_equal(str_of(json_array_get(items, 0), "type"), "relationship");
    assert_string_equal(str_of(json_array_get(items, 0), "summary"), "works_at");
    json_decref(items);

    snprintf(json, sizeof json, "{\"name\":\"Hist\",\"contact_id\":%lld}", (long long)c1);
    deal = create(f, &kind_deal, &f->a_rep1, json);
    snprintf(json, sizeof json, "{\"stage_id\":%lld}", (long long)stage_named(f, "Proposal"));
    assert_int_equal(update_rc(f, &kind_deal, &f->a_rep1, deal, json, 0, NULL, &err), 0);
    assert_int_equal(store_deal_history(f->st, &f->a_rep1, deal, &items, &err), 0);
    assert_int_equal(json_array_size(items), 2);
    assert_true(json_is_null(json_object_get(json_array_get(items, 0), "from_stage_id")));
    assert_int_equal(int_of(json_array_get(items, 0), "changed_at"), f->now); /* ms */
    assert_int_equal(int_of(json_array_get(items, 1), "to_stage_id"), stage_named(f, "Proposal"));
    json_decref(items);
    assert_int_equal(store_deal_history(f->st, &f->a_repb, deal, &items, &err), UPT_ENOTFOUND);
}

static void test_lead_convert(void **state)
{
    struct fx *f = *state;
    json_t *opts = json_object(), *out = NULL, *rec = NULL;
    struct err err = ERR_INIT;
    int64_t lead = create(f, &kind_lead, &f->a_rep1,
                          "{\"first_name\":\"Lou\",\"last_name\":\"Lead\",\"company\":\"Leadco\"}");
    int64_t bare = create(f, &kind_lead, &f->a_rep1, "{\"company\":\"Nobody Inc\"}");
    int64_t contact_id, deal_id, logged;
    char json[120];

    snprintf(json, sizeof json, "{\"kind\":\"call\",\"lead_id\":%lld}", (long long)lead);
    logged = create(f, &kind_activity, &f->a_rep1, json);

    assert_int_equal(store_lead_convert(f->st, &f->a_rep2, lead, opts, &out, &err), UPT_EPERM);
    assert_int_equal(store_lead_convert(f->st, &f->a_repb, lead, opts, &out, &err), UPT_ENOTFOUND);
    assert_int_equal(store_lead_convert(f->st, &f->a_rep1, lead, opts, &out, &err), 0);
    assert_string_equal(str_of(json_object_get(out, "lead"), "status"), "converted");
    assert_string_equal(str_of(json_object_get(out, "organization"), "name"), "Leadco");
    assert_string_equal(str_of(json_object_get(out, "contact"), "last_name"), "Lead");
    assert_string_equal(str_of(json_object_get(out, "deal"), "name"), "Leadco deal");
    /* All four in storage form: times in ms. */
    assert_int_equal(int_of(json_object_get(out, "lead"), "converted_at"), f->now);
    assert_int_equal(int_of(json_object_get(out, "lead"), "updated_at"), f->now);
    assert_int_equal(int_of(json_object_get(out, "contact"), "created_at"), f->now);
    assert_int_equal(int_of(json_object_get(out, "organization"), "created_at"), f->now);
    assert_int_equal(int_of(json_object_get(out, "deal"), "created_at"), f->now);
    contact_id = int_of(json_object_get(out, "contact"), "id");
    deal_id = int_of(json_object_get(out, "deal"), "id");
    json_decref(out);
    out = NULL;
    assert_int_equal(store_record_get(f->st, &kind_lead, &f->a_rep1, lead, &rec, &err), 0);
    assert_int_equal(int_of(rec, "converted_contact_id"), contact_id);
    assert_int_equal(int_of(rec, "converted_deal_id"), deal_id);
    json_decref(rec);
    assert_int_equal(store_record_get(f->st, &kind_deal, &f->a_rep1, deal_id, &rec, &err), 0);
    assert_int_equal(int_of(rec, "contact_id"), contact_id);
    assert_int_equal(int_of(rec, "owner_id"), f->rep1);
    json_decref(rec);
    /* What was logged on the lead is now about the contact and the deal, and still the lead's. */
    assert_int_equal(store_record_get(f->st, &kind_activity, &f->a_rep1, logged, &rec, &err), 0);
    assert_int_equal(int_of(rec, "contact_id"), contact_id);
    assert_int_equal(int_of(rec, "deal_id"), deal_id);
    assert_int_equal(int_of(rec, "lead_id"), lead);
    json_decref(rec);
    /* Once only. */
    assert_int_equal(store_lead_convert(f->st, &f->a_rep1, lead, opts, &out, &err), UPT_ECONFLICT);

    /* Without a person, a contact must be named; with create_deal false, no deal. */
    assert_int_equal(store_lead_convert(f->st, &f->a_rep1, bare, opts, &out, &err), UPT_EINVAL);
    json_object_set_new(opts, "contact_id", json_integer(contact_id));
    json_object_set_new(opts, "create_deal", json_false());
    assert_int_equal(store_lead_convert(f->st, &f->a_rep1, bare, opts, &out, &err), 0);
    assert_true(json_is_null(json_object_get(out, "deal")));
    assert_int_equal(int_of(json_object_get(out, "contact"), "id"), contact_id);
    json_decref(out);
    json_object_set_new(opts, "bogus", json_true());
    assert_int_equal(store_lead_convert(f->st, &f->a_rep1, bare, opts, &out, &err), UPT_EMALFORMED);
    json_decref(opts);
}

/* ---- reports -----------------------------------------------------------------------------------
 */

static void test_report_pipeline(void **state)
{
    struct fx *f = *state;
    json_t *stages = NULL;
    struct err err = ERR_INIT;
    int64_t prospecting = stage_named(f, "Prospecting");

    create(f, &kind_deal, &f->a_rep1,
           "{\"name\":\"A\",\"amount_minor\":1000,\"currency\":\"EUR\"}");
    create(f, &kind_deal, &f->a_rep1, "{\"name\":\"B\",\"amount_minor\":500,\"currency\":\"EUR\"}");
    create(f, &kind_deal, &f->a_rep2, "{\"name\":\"C\",\"amount_minor\":7,\"currency\":\"USD\"}");
    create(f, &kind_deal, &f->a_repb, "{\"name\":\"D\",\"amount_minor\":9,\"currency\":\"EUR\"}");

    assert_int_equal(store_report_pipeline(f->st, &f->a_manager, 0, 0, 0, &stages, &err), 0);
    assert_int_equal(json_array_size(stages), 6);
    json_t *first = json_array_get(stages, 0);
    assert_int_equal(int_of(first, "id"), prospecting);
    assert_int_equal(int_of(first, "count"), 3); /* team B's deal is not the manager's to see */
    json_t *amounts = json_object_get(first, "amounts");
    assert_int_equal(json_array_size(amounts), 2);
    for (size_t i = 0; i < 2; i++) {
        json_t *am = json_array_get(amounts, i);
        if (strcmp(str_of(am, "currency"), "EUR") == 0)
            assert_int_equal(int_of(am, "amount_minor"), 1500);
        else
            assert_int_equal(int_of(am, "amount_minor"), 7);
    }
    json_decref(stages);
    assert_int_equal(store_report_pipeline(f->st, &f->a_admin, f->rep2, 0, 0, &stages, &err), 0);
    assert_int_equal(int_of(json_array_get(stages, 0), "count"), 1);
    json_decref(stages);
    assert_int_equal(store_report_pipeline(f->st, &f->a_admin, 0, f->team_b, 0, &stages, &err), 0);
    assert_int_equal(int_of(json_array_get(stages, 0), "count"), 1);
    json_decref(stages);

    /* Deleted deals are not in it; closed ones before closed_after neither. */
    {
        char json[100];
        int64_t gone = create(f, &kind_deal, &f->a_rep1, "{\"name\":\"Gone\"}");
        int64_t won = create(f, &kind_deal, &f->a_rep1, "{\"name\":\"Won\"}");
        size_t won_at = 0;
        assert_int_equal(store_record_delete(f->st, &kind_deal, &f->a_rep1, gone, &err), 0);
        snprintf(json, sizeof json, "{\"stage_id\":%lld}", (long long)stage_named(f, "Won"));
        assert_int_equal(update_rc(f, &kind_deal, &f->a_rep1, won, json, 0, NULL, &err), 0);
        assert_int_equal(store_report_pipeline(f->st, &f->a_admin, 0, 0, 0, &stages, &err), 0);
        assert_int_equal(int_of(json_array_get(stages, 0), "count"), 4);
        for (size_t i = 0; i < json_array_size(stages); i++)
            if (json_is_true(json_object_get(json_array_get(stages, i), "is_won")))
                won_at = i;
        assert_int_equal(int_of(json_array_get(stages, won_at), "count"), 1);
        json_decref(stages);
        assert_int_equal(
            store_report_pipeline(f->st, &f->a_admin, 0, 0, f->now + DAY_MS, &stages, &err), 0);
        assert_int_equal(int_of(json_array_get(stages, won_at), "count"), 0);
        assert_int_equal(int_of(json_array_get(stages, 0), "count"), 4); /* open ones stay */
        json_decref(stages);
    }
}

static void test_report_team_and_at_risk(void **state)
{
    struct fx *f = *state;
    json_t *out = NULL;
    struct err err = ERR_INIT;
    int64_t risky, fine;
    char json[200], today[16], future[16];

    clock_format_day(f->now - 3 * DAY_MS, today, sizeof today);
    clock_format_day(f->now + 30 * DAY_MS, future, sizeof future);
    snprintf(json, sizeof json, "{\"name\":\"Past due\",\"close_date\":\"%s\"}", today);
    risky = create(f, &kind_deal, &f->a_rep1, json);
    snprintf(json, sizeof json,
             "{\"name\":\"Healthy\",\"close_date\":\"%s\",\"next_step\":\"Demo\"}", future);
    fine = create(f, &kind_deal, &f->a_rep2, json);
    snprintf(json, sizeof json, "{\"kind\":\"call\",\"deal_id\":%lld}", (long long)fine);
    create(f, &kind_activity, &f->a_rep2, json);
    create(f, &kind_deal, &f->a_repb, "{\"name\":\"Other team\"}");

    assert_int_equal(store_report_team(f->st, &f->a_manager, 0, &out, &err), 0);
    assert_int_equal(int_of(json_object_get(out, "team"), "id"), f->team_a);
    assert_int_equal(json_array_size(json_object_get(out, "reps")), 3);
    assert_int_equal(int_of(out, "at_risk_total"), 1);
    assert_int_equal(int_of(json_array_get(json_object_get(out, "at_risk"), 0), "id"), risky);
    json_decref(out);

    assert_int_equal(store_report_team(f->st, &f->a_rep1, 0, &out, &err), UPT_EPERM);
    assert_int_equal(store_report_team(f->st, &f->a_manager, f->team_b, &out, &err), UPT_EPERM);
    assert_int_equal(store_report_team(f->st, &f->a_admin, 9999, &out, &err), UPT_ENOTFOUND);

    assert_int_equal(store_report_at_risk(f->st, &f->a_admin, f->team_a, 0, 10, &out, &err), 0);
    assert_int_equal(int_of(out, "total"), 1);
    assert_int_equal(json_array_size(json_object_get(out, "items")), 1);
    json_t *item = json_array_get(json_object_get(out, "items"), 0);
    assert_int_equal(int_of(item, "id"), risky);
    assert_string_equal(str_of(item, "owner_name"), "Rita Rep");
    assert_true(json_array_size(json_object_get(item, "reasons")) >= 1);
    json_decref(out);
    assert_int_equal(store_report_at_risk(f->st, &f->a_admin, f->team_a, 1, 10, &out, &err), 0);
    assert_int_equal(json_array_size(json_object_get(out, "items")), 0);
    json_decref(out);
    assert_int_equal(store_report_at_risk(f->st, &f->a_rep1, f->team_a, 0, 10, &out, &err),
                     UPT_EPERM);

    /* What needs a rep's care: their own deal at risk and their untouched lead. */
    create(f, &kind_lead, &f->a_rep1, "{\"last_name\":\"Waiting\"}");
    {
        struct actor later = f->a_rep1;
        later.now += (REPORT_AT_RISK_DAYS + 1) * DAY_MS;
        assert_int_equal(store_report_attention(f->st, &later, 10, &out, &err), 0);
        assert_int_equal(int_of(out, "window_days"), REPORT_AT_RISK_DAYS);
        assert_int_equal(int_of(out, "deals_total"), 1);
        assert_int_equal(int_of(out, "leads_total"), 1);
        json_decref(out);
    }
}

/* ---- people: colleagues, recent views ---------------------------------------------------------
 */

static void test_colleagues_and_recent_views(void **state)
{
    struct fx *f = *state;
    json_t *items = NULL;
    char json[120];
    struct err err = ERR_INIT;
    int64_t c = create(f, &kind_contact, &f->a_rep1, "{\"last_name\":\"Known\"}");
    int64_t hidden = create(f, &kind_contact, &f->a_repb, "{\"last_name\":\"Hidden\"}");

    snprintf(json, sizeof json, "{\"kind\":\"call\",\"contact_id\":%lld}", (long long)c);
    create(f, &kind_activity, &f->a_rep1, json);
    create(f, &kind_activity, &f->a_rep1, json);
    create(f, &kind_activity, &f->a_manager, json);
    assert_int_equal(store_contact_colleagues(f->st, &f->a_rep2, c, &items, &err), 0);
    assert_int_equal(json_array_size(items), 2);
    for (size_t i = 0; i < 2; i++) {
        json_t *it = json_array_get(items, i);
        assert_int_equal(int_of(it, "touches"), int_of(it, "user_id") == f->rep1 ? 2 : 1);
        assert_int_equal(int_of(it, "last_at"), f->now); /* storage form: ms */
    }
    json_decref(items);
    assert_int_equal(store_contact_colleagues(f->st, &f->a_rep2, hidden, &items, &err),
                     UPT_ENOTFOUND);

    /* Recent views come from the actor's own view events. */
    assert_int_equal(store_event_add(f->st, &f->a_rep2, EV_CONTACT_VIEW, "contact", c, NULL, &err),
                     0);
    assert_int_equal(
        store_event_add(f->st, &f->a_rep1, EV_CONTACT_VIEW, "contact", hidden, NULL, &err), 0);
    assert_int_equal(store_recent_views(f->st, &f->a_rep2, 10, &items, &err), 0);
    assert_int_equal(json_array_size(items), 1);
    assert_string_equal(str_of(json_array_get(items, 0), "entity"), "contact");
    assert_int_equal(int_of(json_array_get(items, 0), "id"), c);
    assert_int_equal(int_of(json_array_get(items, 0), "viewed_at"), f->now); /* ms */
    json_decref(items);
    {
        struct actor later = f->a_rep2;
        int64_t d = create(f, &kind_deal, &f->a_rep1, "{\"name\":\"Viewed deal\"}");
        later.now += 1000;
        assert_int_equal(store_event_add(f->st, &later, EV_DEAL_VIEW, "deal", d, NULL, &err), 0);
        later.now += 1000;
        assert_int_equal(store_event_add(f->st, &later, EV_CONTACT_VIEW, "contact", c, NULL, &err),
                         0);
        assert_int_equal(store_recent_views(f->st, &f->a_rep2, 10, &items, &err), 0);
        assert_int_equal(json_array_size(items), 2); /* the contact once */
        assert_int_equal(int_of(json_array_get(items, 0), "id"), c);
        assert_string_equal(str_of(json_array_get(items, 1), "entity"), "deal");
        assert_string_equal(str_of(json_array_get(items, 1), "title"), "Viewed deal");
        json_decref(items);
        assert_int_equal(store_recent_views(f->st, &f->a_rep2, 1, &items, &err), 0);
        assert_int_equal(json_array_size(items), 1);
        json_decref(items);
    }
    assert_int_equal(store_recent_views(f->st, &f->a_rep1, 10, &items, &err), 0);
    assert_int_equal(json_array_size(items), 0); /* viewed, but no longer visible */
    json_decref(items);
}

/* ---- events ------------------------------------------------------------------------------------
 */

static void test_events_add_and_list(void **state)
{
    struct fx *f = *state;
    struct event_query q = {0};
    json_t *items = NULL, *detail = json_pack("{s:s}", "q", "acme");
    int64_t next = 0, first_at;
    struct err err = ERR_INIT;
    struct event_row rows[2] = {
        {f->now - DAY_MS, f->rep2, "contact.view", "contact", 1, NULL, 0},
        {f->now - DAY_MS, f->rep2, "search", "", 0, "{\"q\":\"x\"}", 0},
    };

    assert_int_equal(store_event_add(f->st, &f->a_rep1, EV_SEARCH, NULL, 0, detail, &err), 0);
    json_decref(detail);
    assert_int_equal(store_events_insert(f->st, rows, 2, &err), 0);

    q.user_id = f->rep1;
    q.kind = "search";
    assert_int_equal(store_events_list(f->st, &q, &items, &next, &err), 0);
    assert_int_equal(json_array_size(items), 1);
    json_t *e = json_array_get(items, 0);
    assert_int_equal(int_of(e, "user_id"), f->rep1);
    assert_int_equal(int_of(e, "at"), f->now); /* storage form: ms */
    assert_string_equal(str_of(json_object_get(e, "detail"), "q"), "acme");
    json_decref(items);

    /* Paged newest first, by user, and by time. */
    memset(&q, 0, sizeof q);
    q.user_id = f->rep2;
    q.limit = 1;
    assert_int_equal(store_events_list(f->st, &q, &items, &next, &err), 0);
    assert_int_equal(json_array_size(items), 1);
    assert_string_equal(str_of(json_array_get(items, 0), "kind"), "search");
    assert_true(next > 0);
    json_decref(items);
    q.cursor = next;
    assert_int_equal(store_events_list(f->st, &q, &items, &next, &err), 0);
    assert_int_equal(json_array_size(items), 1);
    assert_string_equal(str_of(json_array_get(items, 0), "kind"), "contact.view");
    assert_int_equal(next, 0);
    json_decref(items);
    memset(&q, 0, sizeof q);
    q.user_id = f->rep2;
    q.since = f->now - DAY_MS + 1;
    assert_int_equal(store_events_list(f->st, &q, &items, &next, &err), 0);
    assert_int_equal(json_array_size(items), 0);
    json_decref(items);
    first_at = f->now - DAY_MS;
    memset(&q, 0, sizeof q);
    q.user_id = f->rep2;
    q.until = first_at + 1;
    assert_int_equal(store_events_list(f->st, &q, &items, &next, &err), 0);
    assert_int_equal(json_array_size(items), 2);
    json_decref(items);

    /* Every record change writes its event. */
    int64_t c = create(f, &kind_contact, &f->a_rep1, "{\"last_name\":\"Evented\"}");
    memset(&q, 0, sizeof q);
    q.kind = "contact.created";
    assert_int_equal(store_events_list(f->st, &q, &items, &next, &err), 0);
    assert_int_equal(json_array_size(items), 1);
    assert_int_equal(int_of(json_array_get(items, 0), "entity_id"), c);
    assert_string_equal(str_of(json_array_get(items, 0), "entity"), "contact");
    json_decref(items);
}

/* ---- field settings and usage --------------------------------------------------------------- */

static void test_field_settings_and_usage(void **state)
{
    struct fx *f = *state;
    json_t *hidden = NULL, *filled = NULL;
    int64_t total = -1;
    struct err err = ERR_INIT;

    assert_int_equal(store_field_hidden(f->st, &hidden, &err), 0);
    assert_int_equal(json_object_size(hidden), 0);
    json_decref(hidden);
    assert_int_equal(store_field_set_hidden(f->st, &f->a_manager, &kind_contact, "title", 1, &err),
                     UPT_EPERM);
    assert_int_equal(store_field_set_hidden(f->st, &f->a_admin, &kind_contact, "title", 1, &err),
                     0);
    assert_int_equal(store_field_hidden(f->st, &hidden, &err), 0);
    assert_true(json_is_true(json_object_get(json_object_get(hidden, "contact"), "title")));
    json_decref(hidden);
    assert_int_equal(store_field_set_hidden(f->st, &f->a_admin, &kind_contact, "title", 0, &err),
                     0);
    assert_int_equal(store_field_hidden(f->st, &hidden, &err), 0);
    assert_null(json_object_get(json_object_get(hidden, "contact"), "title"));
    json_decref(hidden);

    create(f, &kind_contact, &f->a_rep1, "{\"last_name\":\"Full\",\"title\":\"CEO\"}");
    create(f, &kind_contact, &f->a_rep1, "{\"last_name\":\"Bare\"}");
    create(f, &kind_contact, &f->a_rep1,
           "{\"last_name\":\"Listed\",\"other_emails\":[{\"label\":\"work\",\"value\":"
           "\"l@example.com\"}],\"other_phones\":[]}");
    int64_t gone = create(f, &kind_contact, &f->a_rep1, "{\"last_name\":\"Gone\",\"title\":\"X\"}");
    assert_int_equal(store_record_delete(f->st, &kind_contact, &f->a_rep1, gone, &err), 0);
    assert_int_equal(store_field_usage(f->st, &kind_contact, &total, &filled, &err), 0);
    assert_int_equal(total, 3);
    assert_int_equal(int_of(filled, "last_name"), 3);
    assert_int_equal(int_of(filled, "title"), 1);
    assert_int_equal(int_of(filled, "other_emails"), 1);
    assert_int_equal(int_of(filled, "other_phones"), 0); /* an empty list is not filled */
    json_decref(filled);
}

/* ---- adoption ----------------------------------------------------------------------------------
 */

static void adoption_query_init(struct adoption_query *q)
{
    memset(q, 0, sizeof *q);
    q->weights = (struct adoption_weights){0.3, 0.4, 0.3};
    q->stale_days = 30;
}

static int64_t score_of(const json_t *out, int64_t user_id)
{
    const json_t *items = json_object_get(out, "items");

    for (size_t i = 0; i < json_array_size(items); i++)
        if (int_of(json_array_get(items, i), "user_id") == user_id)
            return int_of(json_array_get(items, i), "score");
    fail_msg("user %lld not in the scorecard", (long long)user_id);
    return -1;
}

static void test_adoption_activity_scores_higher(void **state)
{
    struct fx *f = *state;
    struct adoption_query q;
    json_t *out = NULL;
    char json[300];
    struct err err = ERR_INIT;
    int64_t c = create(f, &kind_contact, &f->a_rep1,
                       "{\"first_name\":\"Busy\",\"last_name\":\"Customer\",\"email\":"
                       "\"busy@example.com\",\"phone\":\"+44 20 7946 0000\",\"title\":\"CEO\"}");

    for (int i = 0; i < 5; i++) {
        struct actor a = f->a_rep1;
        a.now = f->now - i * DAY_MS;
        snprintf(json, sizeof json,
                 "{\"kind\":\"call\",\"contact_id\":%lld,\"body\":\"Discussed the rollout plan "
                 "for quarter %d in detail with the whole team\"}",
                 (long long)c, i);
        create(f, &kind_activity, &a, json);
        assert_int_equal(store_event_add(f->st, &a, EV_SEARCH, NULL, 0, NULL, &err), 0);
    }

    adoption_query_init(&q);
    assert_int_equal(store_adoption_users(f->st, &f->a_admin, &q, &out, &err), 0);
    assert_true(score_of(out, f->rep1) > score_of(out, f->rep2));
    json_decref(out);

    /* Reps see themselves only; managers their team; one person's answer is explained. */
    assert_int_equal(store_adoption_users(f->st, &f->a_rep2, &q, &out, &err), 0);
    assert_int_equal(json_array_size(json_object_get(out, "items")), 1);
    json_decref(out);
    assert_int_equal(store_adoption_users(f->st, &f->a_manager, &q, &out, &err), 0);
    assert_int_equal(json_array_size(json_object_get(out, "items")), 3);
    json_decref(out);
    assert_int_equal(store_adoption_user(f->st, &f->a_manager, &q, f->rep1, &out, &err), 0);
    assert_int_equal(int_of(out, "user_id"), f->rep1);
    assert_non_null(json_object_get(out, "parts"));
    assert_non_null(json_object_get(out, "raise"));
    json_decref(out);
    assert_int_equal(store_adoption_user(f->st, &f->a_manager, &q, f->repb, &out, &err),
                     UPT_ENOTFOUND);
    assert_int_equal(store_adoption_teams(f->st, &f->a_rep1, &q, &out, &err), UPT_EPERM);
    assert_int_equal(store_adoption_teams(f->st, &f->a_admin, &q, &out, &err), 0);
    json_decref(out);
    assert_int_equal(store_adoption_org(f->st, &f->a_manager, &q, &out, &err), UPT_EPERM);
    assert_int_equal(store_adoption_org(f->st, &f->a_admin, &q, &out, &err), 0);
    json_decref(out);

    /* A deleted team has no manager here either (as for records). */
    assert_int_equal(store_record_delete(f->st, &kind_team, &f->a_admin, f->team_a, &err), 0);
    assert_int_equal(store_adoption_user(f->st, &f->a_manager, &q, f->rep1, &out, &err),
                     UPT_ENOTFOUND);
    assert_int_equal(get_rc(f, &kind_contact, &f->a_manager, c), UPT_ENOTFOUND);
}

static const json_t *part_named(const json_t *person, const char *name)
{
    const json_t *parts = json_object_get(person, "parts");

    for (size_t i = 0; i < json_array_size(parts); i++)
        if (strcmp(str_of(json_array_get(parts, i), "part"), name) == 0)
            return json_array_get(parts, i);
    fail_msg("no part '%s'", name);
    return NULL;
}

/* A field an admin hides is expected nowhere: not in the score, not in the records that pull
 * the completion part down. */
static void test_adoption_hidden_field_expected_nowhere(void **state)
{
    struct fx *f = *state;
    struct adoption_query q;
    json_t *out = NULL;
    const json_t *records;
    char json[300];
    struct err err = ERR_INIT;
    int64_t org = create(f, &kind_organization, &f->a_rep1, "{\"name\":\"Complete Ltd\"}");
    int64_t bare, untitled;

    snprintf(json, sizeof json,
             "{\"first_name\":\"No\",\"last_name\":\"Title\",\"email\":\"nt@example.com\","
             "\"phone\":\"+44 20 7946 0001\",\"city\":\"Leeds\",\"org_id\":%lld}",
             (long long)org);
    untitled = create(f, &kind_contact, &f->a_rep1, json);
    bare = create(f, &kind_contact, &f->a_rep1, "{\"last_name\":\"Bare\"}");
    assert_int_equal(store_field_set_hidden(f->st, &f->a_admin, &kind_contact, "title", 1, &err),
                     0);

    adoption_query_init(&q);
    assert_int_equal(store_adoption_user(f->st, &f->a_admin, &q, f->rep1, &out, &err), 0);
    records = json_object_get(part_named(out, "completion"), "records");
    int found_bare = 0;
    for (size_t i = 0; i < json_array_size(records); i++) {
        const json_t *r = json_array_get(records, i);
        if (strcmp(str_of(r, "entity"), "contact") != 0)
            continue;
        assert_int_not_equal(int_of(r, "id"), untitled); /* complete but for a hidden field */
        found_bare |= int_of(r, "id") == bare;
    }
    assert_true(found_bare);
    json_decref(out);
}

/* ---- points (docs/POINTS.md) ------------------------------------------------------------ */

/* A call with real notes, each different in all its facts (not "nearly the same" as another). */
static const char *const GENUINE[] = {
    "Spoke with Maria about the renewal; budget approved for the third quarter, security review "
    "first.",
    "Jonas walked through the pricing sheet, procurement insists on two competing quotes.",
    "Warehouse manager Priya described scanner failures during night shifts in Leeds.",
    "Hiroshi confirmed legal signed the data processing addendum yesterday afternoon.",
    "Olga wants integration with their payroll vendor before expanding seats further.",
    "Finance director Samuel questioned invoicing cadence, prefers annual prepayment terms.",
    "Grace reported onboarding stalled because trainers left; suggested recorded webinars.",
    "Mateo compared our reporting module against spreadsheets exported from accounting.",
    "Aisha escalated delayed shipments from Rotterdam, asked about customs paperwork help.",
};

static int64_t activity_with(struct fx *f, const struct actor *a, int64_t contact, int64_t owner,
                             const char *kind, const char *body)
{
    json_t *in =
        json_pack("{s:s,s:I,s:s}", "kind", kind, "contact_id", (json_int_t)contact, "body", body);
    char *text;
    int64_t id;

    if (owner)
        json_object_set_new(in, "owner_id", json_integer(owner));
    text = json_dumps(in, 0);
    id = create(f, &kind_activity, a, text);
    free(text);
    json_decref(in);
    return id;
}

/* The user's net points and their history (newest first; caller frees). */
static int64_t points_of(struct fx *f, int64_t user, json_t **items)
{
    json_t *v = NULL;
    int64_t next = 0, total = 0;
    struct err err = ERR_INIT;
    int rc = store_points_history(f->st, &f->a_admin, user, 0, 500, &v, &next, &total, &err);

    if (rc != 0)
        fail_msg("store_points_history: %d %s", rc, err.message);
    if (items)
        *items = v;
    else
        json_decref(v);
    return total;
}

static void test_points_award_junk_and_owner(void **state)
{
    struct fx *f = *state;
    json_t *items = NULL, *row;
    int64_t contact = create(f, &kind_contact, &f->a_rep1,
                             "{\"first_name\":\"Maria\",\"email\":\"maria@example.com\"}");

    /* a contact with an email: 1 point */
    assert_int_equal(points_of(f, f->rep1, NULL), 1);
    activity_with(f, &f->a_rep1, contact, 0, "call", GENUINE[0]);
    assert_int_equal(points_of(f, f->rep1, &items), 6);
    row = json_array_get(items, 0);
    assert_int_equal(int_of(row, "points"), 5);
    assert_string_equal(str_of(row, "rule_name"), "Call with real notes");
    assert_string_equal(str_of(row, "entity"), "activity");
    assert_true(int_of(row, "event_id") > 0);
    json_decref(items);
    /* filler earns nothing: a zero row says why */
    activity_with(f, &f->a_rep1, contact, 0, "call",
                  "call done ok follow up call done ok follow up");
    assert_int_equal(points_of(f, f->rep1, &items), 6);
    row = json_array_get(items, 0);
    assert_int_equal(int_of(row, "points"), 0);
    assert_string_equal(str_of(row, "reason"), "junk");
    assert_non_null(str_of(row, "note"));
    json_decref(items);
    /* the same notes again: nearly the same as an earlier note, nothing */
    activity_with(f, &f->a_rep1, contact, 0, "call", GENUINE[0]);
    assert_int_equal(points_of(f, f->rep1, NULL), 6);
    /* logged by the manager for rep1: rep1 is credited, not the manager */
    activity_with(f, &f->a_manager, contact, f->rep1, "call", GENUINE[1]);
    assert_int_equal(points_of(f, f->rep1, NULL), 11);
    assert_int_equal(points_of(f, f->manager, NULL), 0);
    /* the summary: two genuine calls, the first-call badge, a streak of today (a working day) */
    {
        json_t *sum = NULL;
        struct err err = ERR_INIT;
        int64_t wd = ((f->now / DAY_MS) % 7 + 7 + 3) % 7; /* 0 Monday */
        assert_int_equal(store_points_summary(f->st, &f->a_rep1, f->rep1, &sum, &err), 0);
        assert_int_equal(int_of(sum, "total"), 11);
        assert_int_equal(int_of(sum, "genuine_calls"), 2);
        assert_int_equal(json_array_size(json_object_get(sum, "badges")), 1);
        assert_string_equal(str_of(json_array_get(json_object_get(sum, "badges"), 0), "key"),
                            "first_call");
        assert_int_equal(int_of(json_object_get(sum, "streak"), "current"), wd < 5 ? 1 : 0);
        json_decref(sum);
        assert_int_equal(store_points_summary(f->st, &f->a_repb, f->rep1, &sum, &err), UPT_EPERM);
    }
}

static void test_points_daily_cap(void **state)
{
    struct fx *f = *state;
    int64_t contact = create(f, &kind_contact, &f->a_rep2, "{\"first_name\":\"Jonas\"}");

    for (size_t i = 0; i < sizeof GENUINE / sizeof GENUINE[0]; i++)
        activity_with(f, &f->a_rep2, contact, 0, "call", GENUINE[i]);
    /* nine genuine calls at 5 are 45, cut at the daily cap of 40 */
    assert_int_equal(points_of(f, f->rep2, NULL), 40);
}

static void test_points_reversal_restore_and_junk_edit(void **state)
{
    struct fx *f = *state;
    json_t *items = NULL;
    struct err err = ERR_INIT;
    int64_t contact = create(f, &kind_contact, &f->a_repb, "{\"first_name\":\"Priya\"}");
    int64_t call = activity_with(f, &f->a_repb, contact, 0, "call", GENUINE[2]);
    int64_t other = activity_with(f, &f->a_repb, contact, 0, "call", GENUINE[3]);
    json_t *out = NULL;

    assert_int_equal(points_of(f, f->repb, NULL), 10);
    assert_int_equal(store_record_delete(f->st, &kind_activity, &f->a_repb, call, &err), 0);
    assert_int_equal(points_of(f, f->repb, &items), 5);
    assert_int_equal(int_of(json_array_get(items, 0), "points"), -5);
    assert_string_equal(str_of(json_array_get(items, 0), "reason"), "record deleted");
    assert_true(int_of(json_array_get(items, 0), "reverses_id") > 0);
    json_decref(items);
    assert_int_equal(store_record_restore(f->st, &kind_activity, &f->a_repb, call, &out, &err), 0);
    json_decref(out);
    assert_int_equal(points_of(f, f->repb, NULL), 10);
    /* edited into junk: taken back; edited back into real content: earned again, once */
    assert_int_equal(update_rc(f, &kind_activity, &f->a_repb, other,
                               "{\"body\":\"a                                      b\"}", 0, NULL,
                               &err),
                     0);
    assert_int_equal(points_of(f, f->repb, NULL), 5);
    assert_int_equal(update_rc(f, &kind_activity, &f->a_repb, other,
                               "{\"body\":\"Hiroshi confirmed legal signed the addendum; the "
                               "rollout starts with the Osaka office.\"}",
                               0, NULL, &err),
                     0);
    assert_int_equal(points_of(f, f->repb, NULL), 10);
    assert_int_equal(
        update_rc(f, &kind_activity, &f->a_repb, other, "{\"subject\":\"Legal\"}", 0, NULL, &err),
        0);
    assert_int_equal(points_of(f, f->repb, NULL), 10);
}

static void test_points_deal_won_once(void **state)
{
    struct fx *f = *state;
    char json[160];
    struct err err = ERR_INIT;
    int64_t won = stage_named(f, "Won"), open = stage_named(f, "Proposal");
    int64_t deal = create(f, &kind_deal, &f->a_rep1,
                          "{\"name\":\"Big\",\"amount_minor\":2500000,\"currency\":\"EUR\"}");

    snprintf(json, sizeof json, "{\"stage_id\":%lld}", (long long)won);
    assert_int_equal(update_rc(f, &kind_deal, &f->a_rep1, deal, json, 0, NULL, &err), 0);
    assert_int_equal(points_of(f, f->rep1, NULL), 50);
    /* reopened and won again: still once */
    snprintf(json, sizeof json, "{\"stage_id\":%lld}", (long long)open);
    assert_int_equal(update_rc(f, &kind_deal, &f->a_rep1, deal, json, 0, NULL, &err), 0);
    snprintf(json, sizeof json, "{\"stage_id\":%lld}", (long long)won);
    assert_int_equal(update_rc(f, &kind_deal, &f->a_rep1, deal, json, 0, NULL, &err), 0);
    assert_int_equal(points_of(f, f->rep1, NULL), 50);
    /* a small deal won straight away: the lower tier */
    snprintf(json, sizeof json,
             "{\"name\":\"Small\",\"amount_minor\":5000,\"currency\":\"EUR\",\"stage_id\":%lld}",
             (long long)won);
    create(f, &kind_deal, &f->a_rep1, json);
    assert_int_equal(points_of(f, f->rep1, NULL), 70);
}

static void test_points_adjust_history_access_totals(void **state)
{
    struct fx *f = *state;
    struct err err = ERR_INIT;
    json_t *row = NULL, *items = NULL;
    int64_t next = 0, total = 0;

    assert_int_equal(store_points_adjust(f->st, &f->a_admin, f->rep1, 15, "  ", &row, &err),
                     UPT_EINVAL);
    assert_string_equal(err.field, "reason");
    err = (struct err)ERR_INIT;
    assert_int_equal(store_points_adjust(f->st, &f->a_admin, f->rep1, 15, NULL, &row, &err),
                     UPT_EINVAL);
    assert_int_equal(store_points_adjust(f->st, &f->a_manager, f->rep1, 15, "nice", &row, &err),
                     UPT_EPERM);
    assert_int_equal(store_points_adjust(f->st, &f->a_admin, f->rep1, 0, "zero", &row, &err),
                     UPT_EINVAL);
    assert_int_equal(store_points_adjust(f->st, &f->a_admin, 999999, 5, "who", &row, &err),
                     UPT_ENOTFOUND);
    assert_int_equal(
        store_points_adjust(f->st, &f->a_admin, f->rep1, 15, "trade show booth", &row, &err), 0);
    assert_int_equal(int_of(row, "adjusted_by"), f->admin);
    assert_string_equal(str_of(row, "note"), "trade show booth");
    json_decref(row);
    assert_int_equal(points_of(f, f->rep1, NULL), 15);
    /* a rep sees their own, not another team's; the manager their team's */
    assert_int_equal(
        store_points_history(f->st, &f->a_rep1, f->rep1, 0, 10, &items, &next, &total, &err), 0);
    assert_int_equal(total, 15);
    json_decref(items);
    assert_int_equal(
        store_points_history(f->st, &f->a_repb, f->rep1, 0, 10, &items, &next, &total, &err),
        UPT_EPERM);
    assert_int_equal(
        store_points_history(f->st, &f->a_manager, f->rep1, 0, 10, &items, &next, &total, &err), 0);
    json_decref(items);
    assert_int_equal(
        store_points_history(f->st, &f->a_manager, f->repb, 0, 10, &items, &next, &total, &err),
        UPT_EPERM);
    /* totals: this period and the one before */
    assert_int_equal(
        store_points_totals(f->st, f->now - DAY_MS, f->now, f->now + DAY_MS, &items, &err), 0);
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *p = json_array_get(items, i);
        assert_int_equal(int_of(p, "points"), int_of(p, "user_id") == f->rep1 ? 15 : 0);
        assert_int_equal(int_of(p, "previous"), 0);
    }
    assert_int_equal(json_array_size(items), 5);
    json_decref(items);
}

/* Totals over ranges that start and end mid-week come out of the sums per week and per day
 * (migration 0022) exactly as the ledger rows add up: rows on the edges' days, in whole weeks,
 * on the day after the range, and a negative adjustment. */
static void test_points_totals_weeks_and_days(void **state)
{
    struct fx *f = *state;
    struct err err = ERR_INIT;
    json_t *items = NULL, *row = NULL;
    int64_t from = 0, to, prev;
    /* days from `from` (a Thursday), points */
    static const struct {
        int day;
        int points;
    } rows[] = {{-40, 3}, {-3, 4}, {0, 5}, {3, 6}, {4, 7}, {11, -2}, {40, 8}, {41, 9}, {42, 11}};
    int64_t want_now = 0, want_before = 0;

    assert_int_equal(clock_parse_iso("2026-10-01", &from), 0);
    to = from + 42 * DAY_MS; /* a Thursday too: six weeks, five of them whole */
    prev = from - 42 * DAY_MS;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct actor a = f->a_admin;
        a.now = from + rows[i].day * DAY_MS + 13 * 3600 * 1000;
        assert_int_equal(
            store_points_adjust(f->st, &a, f->rep1, rows[i].points, "for the sums", &row, &err), 0);
        json_decref(row);
        if (rows[i].day >= 0 && rows[i].day < 42)
            want_now += rows[i].points;
        else if (rows[i].day < 0 && rows[i].day >= -42)
            want_before += rows[i].points;
    }
    assert_int_equal(store_points_totals(f->st, prev, from, to, &items, &err), 0);
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *p = json_array_get(items, i);
        int mine = int_of(p, "user_id") == f->rep1;
        assert_int_equal(int_of(p, "points"), mine ? want_now : 0);
        assert_int_equal(int_of(p, "previous"), mine ? want_before : 0);
    }
    json_decref(items);
    /* One day alone, and a whole week alone. */
    assert_int_equal(store_points_totals(f->st, from + 3 * DAY_MS, from + 4 * DAY_MS,
                                         from + 5 * DAY_MS, &items, &err),
                     0);
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *p = json_array_get(items, i);
        int mine = int_of(p, "user_id") == f->rep1;
        assert_int_equal(int_of(p, "points"), mine ? 7 : 0);
        assert_int_equal(int_of(p, "previous"), mine ? 6 : 0);
    }
    json_decref(items);
    assert_int_equal(store_points_totals(f->st, from + 4 * DAY_MS, from + 11 * DAY_MS,
                                         from + 18 * DAY_MS, &items, &err),
                     0);
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *p = json_array_get(items, i);
        int mine = int_of(p, "user_id") == f->rep1;
        assert_int_equal(int_of(p, "points"), mine ? -2 : 0);
        assert_int_equal(int_of(p, "previous"), mine ? 7 : 0);
    }
    json_decref(items);
}

static void test_points_rules_save(void **state)
{
    struct fx *f = *state;
    struct err err = ERR_INIT;
    json_t *items = NULL, *out = NULL;
    struct points_rule r = {
        .name = "Task done", .kind = EV_TASK_COMPLETED, .points = 2, .cap_day = 10, .active = 1};

    assert_int_equal(store_points_rules_list(f->st, &items, &err), 0);
    assert_int_equal(json_array_size(items), 6);
    assert_string_equal(str_of(json_array_get(items, 0), "condition"), "call_notes");
    json_decref(items);
    assert_int_equal(store_points_rule_save(f->st, &f->a_manager, &r, &out, &err), UPT_EPERM);
    r.points = 0;
    assert_int_equal(store_points_rule_save(f->st, &f->a_admin, &r, &out, &err), UPT_EINVAL);
    assert_string_equal(err.field, "points");
    r.points = 2;
    assert_int_equal(store_points_rule_save(f->st, &f->a_admin, &r, &out, &err), 0);
    r.id = int_of(out, "id");
    assert_string_equal(str_of(out, "event_kind"), "task.completed");
    json_decref(out);
    /* the new rule earns: a task completed */
    {
        int64_t task = create(f, &kind_task, &f->a_rep2, "{\"title\":\"Send the quote\"}");
        assert_int_equal(
            update_rc(f, &kind_task, &f->a_rep2, task, "{\"done\":true}", 0, NULL, &err), 0);
        assert_int_equal(points_of(f, f->rep2, NULL), 2);
    }
    r.active = 0;
    r.points = 3;
    assert_int_equal(store_points_rule_save(f->st, &f->a_admin, &r, &out, &err), 0);
    assert_false(json_is_true(json_object_get(out, "active")));
    json_decref(out);
    r.id = 4242;
    assert_int_equal(store_points_rule_save(f->st, &f->a_admin, &r, &out, &err), UPT_ENOTFOUND);
}

static void test_points_week_end(void **state)
{
    struct fx *f = *state;
    struct err err = ERR_INIT;
    json_t *out = NULL;
    int64_t today = f->now / DAY_MS;

    create(f, &kind_deal, &f->a_rep1,
           "{\"name\":\"Clean\",\"close_date\":\"2999-01-31\",\"next_step\":\"Send the quote\"}");
    create(f, &kind_deal, &f->a_rep2, "{\"name\":\"No step\",\"close_date\":\"2999-01-31\"}");
    create(f, &kind_deal, &f->a_rep2,
           "{\"name\":\"Fine\",\"close_date\":\"2999-01-31\",\"next_step\":\"Call\"}");
    assert_int_equal(store_points_week_end(f->st, &f->a_manager, today - 7, &out, &err), UPT_EPERM);
    assert_int_equal(store_points_week_end(f->st, &f->a_admin, today, &out, &err), UPT_EINVAL);
    assert_int_equal(store_points_week_end(f->st, &f->a_admin, today - 7, &out, &err), 0);
    assert_int_equal(int_of(out, "checked"), 2);
    assert_int_equal(int_of(out, "clean"), 1);
    assert_int_equal(json_array_size(json_object_get(out, "awarded")), 1);
    json_decref(out);
    assert_int_equal(points_of(f, f->rep1, NULL), 25);
    assert_int_equal(points_of(f, f->rep2, NULL), 0);
    /* again: nothing more */
    assert_int_equal(store_points_week_end(f->st, &f->a_admin, today - 7, &out, &err), 0);
    assert_int_equal(json_array_size(json_object_get(out, "awarded")), 0);
    json_decref(out);
    assert_int_equal(points_of(f, f->rep1, NULL), 25);
}

static void test_points_draw(void **state)
{
    struct fx *f = *state;
    struct err err = ERR_INIT;
    json_t *out = NULL, *items = NULL;
    static const char seed[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    int64_t contact = create(f, &kind_contact, &f->a_rep2, "{\"first_name\":\"Olga\"}");
    int64_t ids[2], winner = 0;
    size_t index = 0;
    char json[200];

    assert_int_equal(store_points_draw(f->st, &f->a_admin, "pipeline", "Lunch", seed, &out, &err),
                     UPT_ECONFLICT);
    create(f, &kind_deal, &f->a_rep1,
           "{\"name\":\"A\",\"close_date\":\"2999-01-31\",\"next_step\":\"Call\"}");
    create(f, &kind_deal, &f->a_rep2,
           "{\"name\":\"B\",\"close_date\":\"2999-01-31\",\"next_step\":\"Demo\"}");
    create(f, &kind_deal, &f->a_repb, "{\"name\":\"C\",\"close_date\":\"2999-01-31\"}");
    assert_int_equal(store_points_draw(f->st, &f->a_manager, "pipeline", "Lunch", seed, &out, &err),
                     UPT_EPERM);
    assert_int_equal(store_points_draw(f->st, &f->a_admin, "luck", "Lunch", seed, &out, &err),
                     UPT_EINVAL);
    assert_int_equal(store_points_draw(f->st, &f->a_admin, "pipeline", "Lunch", "abc", &out, &err),
                     UPT_EINVAL);
    assert_int_equal(store_points_draw(f->st, &f->a_admin, "pipeline", "Lunch", seed, &out, &err),
                     0);
    /* the eligible list, ascending, and the winner core/draw.c picks from the seed */
    ids[0] = f->rep1 < f->rep2 ? f->rep1 : f->rep2;
    ids[1] = f->rep1 < f->rep2 ? f->rep2 : f->rep1;
    assert_int_equal(json_array_size(json_object_get(out, "eligible")), 2);
    assert_int_equal(json_integer_value(json_array_get(json_object_get(out, "eligible"), 0)),
                     ids[0]);
    assert_int_equal(draw_pick(seed, ids, 2, &index, &winner), 0);
    assert_int_equal(int_of(out, "winner_id"), winner);
    assert_string_equal(str_of(out, "seed"), seed);
    json_decref(out);
    /* a meeting this week with filler notes: rep2 no longer qualifies for both */
    snprintf(json, sizeof json,
             "{\"kind\":\"meeting\",\"contact_id\":%lld,\"body\":\"test test test test test\"}",
             (long long)contact);
    create(f, &kind_activity, &f->a_rep2, json);
    assert_int_equal(
        store_points_draw(f->st, &f->a_admin, "pipeline_and_meetings", "Lunch", NULL, &out, &err),
        0);
    assert_int_equal(json_array_size(json_object_get(out, "eligible")), 1);
    assert_int_equal(int_of(out, "winner_id"), f->rep1);
    assert_int_equal(strlen(str_of(out, "seed")), 64);
    json_decref(out);
    assert_int_equal(store_points_draws_list(f->st, &items, &err), 0);
    assert_int_equal(json_array_size(items), 2);
    json_decref(items);
}

/* Contests: admins only, checked, standings from the ledger (reversals lower them), the items a
 * points step queues for a running contest, cancelling. */
/* Targets: who sets whose, the range, clearing, the totals carry per_week; holidays: admins
 * only, checked, duplicates, listing by range and the day numbers leaderboards use. */
static void test_targets_holidays(void **state)
{
    struct fx *f = *state;
    struct err err = ERR_INIT;
    json_t *out = NULL, *items = NULL;
    int64_t *days = NULL, d = 0;
    size_t n = 0;
    int seen = 0;

    assert_int_equal(store_points_target_set(f->st, &f->a_rep1, f->rep1, 50, NULL, &err),
                     UPT_EPERM);
    assert_int_equal(store_points_target_set(f->st, &f->a_manager, f->repb, 50, NULL, &err),
                     UPT_EPERM);
    assert_int_equal(store_points_target_set(f->st, &f->a_manager, f->manager, 50, NULL, &err),
                     UPT_EPERM);
    assert_int_equal(store_points_target_set(f->st, &f->a_admin, 999999, 50, NULL, &err),
                     UPT_ENOTFOUND);
    assert_int_equal(store_points_target_set(f->st, &f->a_admin, f->rep1, 0, NULL, &err),
                     UPT_EINVAL);
    assert_string_equal(err.field, "per_week");
    assert_int_equal(
        store_points_target_set(f->st, &f->a_admin, f->rep1, POINTS_TARGET_MAX + 1, NULL, &err),
        UPT_EINVAL);
    assert_int_equal(store_points_target_set(f->st, &f->a_manager, f->rep1, 50, &out, &err), 0);
    assert_int_equal(int_of(out, "per_week"), 50);
    assert_int_equal(int_of(out, "set_by"), f->manager);
    json_decref(out);
    assert_int_equal(store_points_target_set(f->st, &f->a_admin, f->rep1, 60, NULL, &err), 0);
    assert_int_equal(store_points_target_set(f->st, &f->a_admin, f->repb, 70, NULL, &err), 0);

    /* the manager sees their team and themselves; a rep only themselves */
    assert_int_equal(store_points_targets_list(f->st, &f->a_manager, &items, &err), 0);
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *t = json_array_get(items, i);
        assert_true(int_of(t, "user_id") != f->repb && int_of(t, "user_id") != f->admin);
        if (int_of(t, "user_id") == f->rep1) {
            assert_int_equal(int_of(t, "per_week"), 60);
            assert_true(json_is_true(json_object_get(t, "may_change")));
            seen++;
        }
        if (int_of(t, "user_id") == f->manager)
            assert_true(json_is_false(json_object_get(t, "may_change")));
    }
    assert_int_equal(seen, 1);
    json_decref(items);
    assert_int_equal(store_points_targets_list(f->st, &f->a_repb, &items, &err), 0);
    assert_int_equal(json_array_size(items), 1);
    assert_int_equal(int_of(json_array_get(items, 0), "per_week"), 70);
    json_decref(items);
    assert_int_equal(
        store_points_totals(f->st, f->now - DAY_MS, f->now, f->now + DAY_MS, &items, &err), 0);
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *t = json_array_get(items, i);
        if (int_of(t, "user_id") == f->rep1)
            assert_int_equal(int_of(t, "per_week"), 60);
        else if (int_of(t, "user_id") == f->rep2)
            assert_true(json_is_null(json_object_get(t, "per_week")));
    }
    json_decref(items);
    assert_int_equal(store_points_target_clear(f->st, &f->a_repb, f->repb, &err), UPT_EPERM);
    assert_int_equal(store_points_target_clear(f->st, &f->a_admin, f->repb, &err), 0);
    assert_int_equal(store_points_target_clear(f->st, &f->a_admin, f->repb, &err), UPT_ENOTFOUND);

    /* holidays */
    assert_int_equal(store_holiday_add(f->st, &f->a_manager, "2026-12-25", "Christmas", NULL, &err),
                     UPT_EPERM);
    assert_int_equal(store_holiday_add(f->st, &f->a_admin, "2026-02-30", "x", NULL, &err),
                     UPT_EINVAL);
    assert_string_equal(err.field, "day");
    assert_int_equal(store_holiday_add(f->st, &f->a_admin, "2026-12-26", "", NULL, &err),
                     UPT_EINVAL);
    assert_string_equal(err.field, "name");
    assert_int_equal(store_holiday_add(f->st, &f->a_admin, "2026-12-25", "Christmas", &out, &err),
                     0);
    assert_string_equal(str_of(out, "day"), "2026-12-25");
    json_decref(out);
    assert_int_equal(store_holiday_add(f->st, &f->a_admin, "2026-12-25", "Again", NULL, &err),
                     UPT_ECONFLICT);
    assert_int_equal(store_holiday_add(f->st, &f->a_admin, "2027-01-01", "New year", NULL, &err),
                     0);
    assert_int_equal(store_holidays_list(f->st, "2026-12-01", "2026-12-31", &items, &err), 0);
    assert_int_equal(json_array_size(items), 1);
    json_decref(items);
    assert_int_equal(store_holidays_list(f->st, NULL, NULL, &items, &err), 0);
    assert_int_equal(json_array_size(items), 2);
    json_decref(items);
    assert_int_equal(clock_parse_iso("2026-12-21", &d), 0);
    assert_int_equal(store_holidays_days(f->st, d, d + 14 * DAY_MS, &days, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_true(days[0] == d / DAY_MS + 4 && days[1] == d / DAY_MS + 11);
    free(days);
    assert_int_equal(store_holidays_days(f->st, d, d + 4 * DAY_MS, &days, &n, &err), 0);
    assert_int_equal(n, 0);
    free(days);
    assert_int_equal(store_holiday_delete(f->st, &f->a_rep1, "2026-12-25", &err), UPT_EPERM);
    assert_int_equal(store_holiday_delete(f->st, &f->a_admin, "2026-12-25", &err), 0);
    assert_int_equal(store_holiday_delete(f->st, &f->a_admin, "2026-12-25", &err), UPT_ENOTFOUND);
}

static void test_contests(void **state)
{
    struct fx *f = *state;
    struct err err = ERR_INIT;
    struct live_log l = {.n = 0};
    json_t *out = NULL, *items = NULL, *first;
    int64_t teams[] = {f->team_a, f->team_b}, contact, call, id;
    struct contest_def d = {.name = "Race",
                            .starts_at = f->now - 1000,
                            .ends_at = f->now + DAY_MS,
                            .metric = CONTEST_POINTS,
                            .format = CONTEST_RACE,
                            .target = 5,
                            .prize = "Cake"};
    char json[300];

    assert_int_equal(store_contest_save(f->st, &f->a_manager, &d, &out, &err), UPT_EPERM);
    d.target = 0;
    assert_int_equal(store_contest_save(f->st, &f->a_admin, &d, &out, &err), UPT_EINVAL);
    assert_string_equal(err.field, "target");
    d.target = 5;
    d.nteams = 1, d.team_ids = (int64_t[]){99999};
    assert_int_equal(store_contest_save(f->st, &f->a_admin, &d, &out, &err), UPT_EINVAL);
    assert_string_equal(err.field, "team_ids");
    d.nteams = 0, d.team_ids = NULL;
    assert_int_equal(store_contest_save(f->st, &f->a_admin, &d, &out, &err), 0);
    id = int_of(out, "id");
    assert_string_equal(str_of(out, "state"), "running");
    json_decref(out);

    pthread_mutex_init(&l.lock, NULL);
    store_set_live_sink(f->st, live_record_all, &l);
    contact = create(f, &kind_contact, &f->a_rep1, "{\"first_name\":\"Olga\"}");
    snprintf(json, sizeof json,
             "{\"kind\":\"call\",\"contact_id\":%lld,\"body\":\"Olga explained the warehouse "
             "scanners fail during night shifts; they want a trial in Leeds next month.\"}",
             (long long)contact);
    call = create(f, &kind_activity, &f->a_rep1, json);
    assert_true(live_wait(&l, 2, 3000) >= 2);
    assert_true(live_wait(&l, 8, 200) <= 3); /* badge, maybe rank, contest */
    store_set_live_sink(f->st, NULL, NULL);
    assert_string_equal(l.types[0], "badge.earned");
    assert_non_null(strstr(l.data[0], "\"badge\":\"first_call\""));
    assert_string_equal(l.types[l.n - 1], "contest.updated");
    snprintf(json, sizeof json, "\"contest_id\":%lld,", (long long)id);
    assert_non_null(strstr(l.data[l.n - 1], json));
    pthread_mutex_destroy(&l.lock);
    assert_int_equal(store_contest_get(f->st, &f->a_rep2, id, &out, &err), 0);
    first = json_array_get(json_object_get(out, "standings"), 0);
    assert_int_equal(int_of(first, "user_id"), f->rep1);
    assert_int_equal(int_of(first, "total"), 5);
    assert_true(json_is_true(json_object_get(first, "winner")));
    json_decref(out);
    assert_int_equal(store_record_delete(f->st, &kind_activity, &f->a_rep1, call, &err), 0);
    assert_int_equal(store_contest_get(f->st, &f->a_rep2, id, &out, &err), 0);
    assert_int_equal(json_array_size(json_object_get(out, "winners")), 0);
    json_decref(out);

    d = (struct contest_def){.name = "Teams",
                             .starts_at = f->now - 1000,
                             .ends_at = f->now + 1,
                             .format = CONTEST_TEAMS,
                             .teams = 1,
                             .team_ids = teams,
                             .nteams = 2};
    assert_int_equal(store_contest_save(f->st, &f->a_admin, &d, &out, &err), 0);
    assert_int_equal(json_array_size(json_object_get(out, "standings")), 2);
    json_decref(out);
    assert_int_equal(store_contest_cancel(f->st, &f->a_rep1, id, &out, &err), UPT_EPERM);
    assert_int_equal(store_contest_cancel(f->st, &f->a_admin, id, &out, &err), 0);
    assert_string_equal(str_of(out, "state"), "cancelled");
    json_decref(out);
    assert_int_equal(store_contest_cancel(f->st, &f->a_admin, id, &out, &err), UPT_ECONFLICT);
    assert_int_equal(store_contests_list(f->st, &f->a_rep1, &items, &err), 0);
    assert_int_equal(json_array_size(items), 2);
    json_decref(items);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest lifecycle[] = {
        T(test_reopen_migrates_nothing_twice), T(test_transactions_undo_inner_part_only),
        T(test_live_items_after_commit_only),  T(test_threads_share_one_store),
        T(test_housekeeping_keeps_data),
    };
    const struct CMUnitTest users[] = {
        T(test_users_add_and_look_up),
        T(test_users_update_keeps_an_admin),
        T(test_users_deactivate_hands_over_and_reactivate),
        T(test_users_deactivate_manager_hands_over_team),
    };
    const struct CMUnitTest sign_in[] = {
        T(test_sessions_live_expire_and_end),
        T(test_tokens_create_lookup_revoke),
        T(test_tv_channels_and_display_tokens),
        T(test_sign_in_limit),
        T(test_sign_in_minute_slides),
        T(test_sign_in_clear_and_independent_keys),
        T(test_sign_in_counts_across_connections),
    };
    const struct CMUnitTest records[] = {
        T(test_records_every_kind_round_trip),
        T(test_records_audit_trail),
        T(test_records_defaults_and_rules),
        T(test_records_sort_nulls_and_ranges),
        T(test_records_kind_rules),
        T(test_records_version_conflict),
        T(test_records_list_filters_sort_cursor),
        T(test_records_search),
        T(test_visibility_own_team_all),
    };
    const struct CMUnitTest domain[] = {
        T(test_timeline_pages_newest_first),
        T(test_relationships_and_deal_history),
        T(test_lead_convert),
        T(test_colleagues_and_recent_views),
    };
    const struct CMUnitTest reports[] = {
        T(test_report_pipeline),
        T(test_report_team_and_at_risk),
        T(test_events_add_and_list),
        T(test_field_settings_and_usage),
        T(test_adoption_activity_scores_higher),
        T(test_adoption_hidden_field_expected_nowhere),
    };
    const struct CMUnitTest points[] = {
        T(test_points_award_junk_and_owner),
        T(test_points_daily_cap),
        T(test_points_reversal_restore_and_junk_edit),
        T(test_points_deal_won_once),
        T(test_points_adjust_history_access_totals),
        T(test_points_totals_weeks_and_days),
        T(test_points_rules_save),
        T(test_points_week_end),
        T(test_points_draw),
        T(test_board_consent),
        T(test_contests),
        T(test_targets_holidays),
    };
#undef T
    int failed = 0;

    log_level = LOG_WARN; /* no line per migration of each fresh store */
    failed += cmocka_run_group_tests_name("lifecycle", lifecycle, NULL, NULL);
    failed += cmocka_run_group_tests_name("users", users, NULL, NULL);
    failed += cmocka_run_group_tests_name("sessions and tokens", sign_in, NULL, NULL);
    failed += cmocka_run_group_tests_name("records", records, NULL, NULL);
    failed += cmocka_run_group_tests_name("domain", domain, NULL, NULL);
    failed += cmocka_run_group_tests_name("reports, events, fields, adoption", reports, NULL, NULL);
    failed += cmocka_run_group_tests_name("points", points, NULL, NULL);
    return failed ? 1 : 0;
}
