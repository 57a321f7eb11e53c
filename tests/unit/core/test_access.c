/* SPDX-License-Identifier: MIT */
/* Tests of src/core/access.c: the read and change rules over roles x visibility (own, team,
 * all), own team, managed team and a deleted team (whose facts carry no team and no manager),
 * and the filters the backends render. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/access.h"
#include "core/records.h"

enum { ME = 10, MATE = 11, MANAGED_REP = 12, STRANGER = 13, ORPHAN = 14 };
enum { MY_TEAM = 1, MANAGED_TEAM = 2, OTHER_TEAM = 3 };

/* Owners as the backend describes them to the actor. ORPHAN was in a team the actor managed
 * until an admin deleted it: the facts say no team and no manager. */
static const struct access_owner own = {ME, MY_TEAM, 0};
static const struct access_owner mate = {MATE, MY_TEAM, 0};
static const struct access_owner managed = {MANAGED_REP, MANAGED_TEAM, 1};
static const struct access_owner stranger = {STRANGER, OTHER_TEAM, 0};
static const struct access_owner orphan = {ORPHAN, 0, 0};
static const struct access_owner nobody = {0, 0, 0};

struct rule_case {
    int role, visibility;
    const struct access_owner *owner;
    int may_read, may_change;
};

#define R ROLE_REP
#define M ROLE_MANAGER
#define A ROLE_ADMIN

static const struct rule_case cases[] = {
    /* a rep under "own": reads and changes only their own */
    {R, VIS_OWN, &own, 1, 1},
    {R, VIS_OWN, &mate, 0, 0},
    {R, VIS_OWN, &managed, 0, 0},
    {R, VIS_OWN, &stranger, 0, 0},
    {R, VIS_OWN, &orphan, 0, 0},
    /* a rep under "team": reads the team's, changes only their own */
    {R, VIS_TEAM, &own, 1, 1},
    {R, VIS_TEAM, &mate, 1, 0},
    {R, VIS_TEAM, &stranger, 0, 0},
    {R, VIS_TEAM, &orphan, 0, 0},
    /* a rep under "all": reads all, changes only their own */
    {R, VIS_ALL, &mate, 1, 0},
    {R, VIS_ALL, &stranger, 1, 0},
    {R, VIS_ALL, &orphan, 1, 0},
    /* a manager, whatever the visibility: their own team and the teams they manage */
    {M, VIS_OWN, &own, 1, 1},
    {M, VIS_OWN, &mate, 1, 1},
    {M, VIS_OWN, &managed, 1, 1},
    {M, VIS_OWN, &stranger, 0, 0},
    {M, VIS_OWN, &orphan, 0, 0},
    {M, VIS_TEAM, &managed, 1, 1},
    {M, VIS_TEAM, &stranger, 0, 0},
    {M, VIS_TEAM, &orphan, 0, 0},
    {M, VIS_ALL, &stranger, 1, 0},
    {M, VIS_ALL, &orphan, 1, 0},
    /* an admin: everything */
    {A, VIS_OWN, &stranger, 1, 1},
    {A, VIS_TEAM, &orphan, 1, 1},
    {A, VIS_ALL, &nobody, 1, 1},
    /* a record without owner is read by all and changed by admins only */
    {R, VIS_OWN, &nobody, 1, 0},
    {M, VIS_TEAM, &nobody, 1, 0},
};

static void test_rule_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct rule_case *c = &cases[i];
        struct actor a = {ME, c->role, MY_TEAM, c->visibility, 0};
        print_message("case %zu\n", i);
        assert_int_equal(access_may_read(&a, c->owner), c->may_read);
        assert_int_equal(access_may_change(&a, c->owner, K_OWNED), c->may_change);
        /* a kind that can be handed over follows the same rule for its current owner */
        assert_int_equal(access_may_change(&a, c->owner, K_OWNED | K_HANDOVER), c->may_change);
    }
}

static void test_deleted_own_team(void **state)
{
    /* The actor's own team was deleted: actor.team_id still names it, but the facts of its
     * former members carry team 0, so they are nobody's team-mates. */
    struct actor rep = {ME, ROLE_REP, MY_TEAM, VIS_TEAM, 0};
    struct actor mgr = {ME, ROLE_MANAGER, MY_TEAM, VIS_OWN, 0};
    struct access_owner former_mate = {MATE, 0, 0};

    (void)state;
    assert_false(access_may_read(&rep, &former_mate));
    assert_false(access_may_read(&mgr, &former_mate));
    assert_false(access_may_change(&mgr, &former_mate, K_OWNED));
    /* an actor without team never matches an owner without team */
    struct actor loner = {ME, ROLE_MANAGER, 0, VIS_TEAM, 0};
    assert_false(access_may_read(&loner, &orphan));
    assert_true(access_may_read(&loner, &own));
}

static void test_kind_flags(void **state)
{
    struct actor rep = {ME, ROLE_REP, MY_TEAM, VIS_OWN, 0};
    struct actor mgr = {ME, ROLE_MANAGER, MY_TEAM, VIS_OWN, 0};
    struct actor admin = {ME, ROLE_ADMIN, 0, VIS_OWN, 0};

    (void)state;
    /* admin-only kinds (teams, stages) */
    assert_false(access_may_change(&rep, &nobody, K_ADMIN_WRITE));
    assert_false(access_may_change(&mgr, &nobody, K_ADMIN_WRITE));
    assert_true(access_may_change(&admin, &nobody, K_ADMIN_WRITE));
    /* kinds without owner and not admin-only: whoever reads them */
    assert_true(access_may_change(&rep, &nobody, 0));
    assert_true(access_may_change(&rep, &stranger, 0));
}

static void test_filters(void **state)
{
    struct access_filter f;
    struct actor a = {ME, ROLE_REP, MY_TEAM, VIS_OWN, 0};

    (void)state;
    access_read_filter(&a, &f);
    assert_int_equal(f.kind, ACCESS_OWNER_IS_ME);
    assert_int_equal(f.user_id, ME);
    access_change_filter(&a, &f);
    assert_int_equal(f.kind, ACCESS_OWNER_IS_ME);

    a.visibility = VIS_TEAM;
    access_read_filter(&a, &f);
    assert_int_equal(f.kind, ACCESS_OWNER_IN_MY_TEAMS);
    assert_int_equal(f.team_id, MY_TEAM);
    access_change_filter(&a, &f);
    assert_int_equal(f.kind, ACCESS_OWNER_IS_ME);

    a.visibility = VIS_ALL;
    access_read_filter(&a, &f);
    assert_int_equal(f.kind, ACCESS_ALL);

    a.role = ROLE_MANAGER;
    a.visibility = VIS_OWN;
    access_read_filter(&a, &f);
    assert_int_equal(f.kind, ACCESS_OWNER_IN_MY_TEAMS);
    access_change_filter(&a, &f);
    assert_int_equal(f.kind, ACCESS_OWNER_IN_MY_TEAMS);
    assert_true(access_filter_matches(&f, &managed));
    assert_false(access_filter_matches(&f, &orphan));
    /* a team's figures (owner 0): the actor's own team and managed teams */
    struct access_owner my_team = {0, MY_TEAM, 0}, other = {0, OTHER_TEAM, 0};
    assert_true(access_filter_matches(&f, &my_team));
    assert_false(access_filter_matches(&f, &other));

    a.role = ROLE_ADMIN;
    access_change_filter(&a, &f);
    assert_int_equal(f.kind, ACCESS_ALL);
    assert_true(access_filter_matches(&f, &orphan));
}

/* One role-name mapping for the API, the CLI and the store: names round-trip, nothing else
 * (other spellings, NULL) is a role. */
static void test_role_names(void **state)
{
    (void)state;
    for (int r = ROLE_REP; r <= ROLE_ADMIN; r++)
        assert_int_equal(access_role_parse(access_role_name(r)), r);
    assert_string_equal(access_role_name(ROLE_MANAGER), "manager");
    assert_int_equal(access_role_parse("Admin"), -1);
    assert_int_equal(access_role_parse("administrator"), -1);
    assert_int_equal(access_role_parse(""), -1);
    assert_int_equal(access_role_parse(NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_table), cmocka_unit_test(test_deleted_own_team),
        cmocka_unit_test(test_kind_flags), cmocka_unit_test(test_filters),
        cmocka_unit_test(test_role_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
