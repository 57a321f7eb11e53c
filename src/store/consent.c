/* SPDX-License-Identifier: MIT */
/* Consent on public boards, stored: the org's board settings (one row, id 1, made by migration
 * 0018) and each user's own choice (users.board_visibility, NULL: the default). Read per
 * request: one small row by primary key costs less than keeping a cache coherent across
 * PostgreSQL instances. core/consent.c decides what a board shows. */
#include "store/internal.h"

static const char SQL_SETTINGS[] =
    "SELECT default_visibility, allow_hiding, peers_see_amounts FROM board_settings WHERE id = 1";

int store_board_settings(struct store *st, struct consent_settings *cs, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_SETTINGS, &s, err);

    *cs = (struct consent_settings)CONSENT_SETTINGS_DEFAULT;
    if (rc < 0)
        return rc;
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW) {
        int c = consent_parse(column_text(s, 0));
        cs->default_choice = c < 0 ? CONSENT_NAME : c;
        cs->allow_hiding = column_int(s, 1) != 0;
        cs->peers_see_amounts = column_int(s, 2) != 0;
    }
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

static json_t *settings_json(const struct consent_settings *cs)
{
    return json_pack("{s:s,s:b,s:b}", "default_visibility", consent_choice_name(cs->default_choice),
                     "allow_hiding", cs->allow_hiding, "peers_see_amounts", cs->peers_see_amounts);
}

static const char SQL_SETTINGS_SET[] =
    "UPDATE board_settings SET default_visibility = $d, allow_hiding = $h,"
    " peers_see_amounts = $p, updated_by = $by, updated_at = $at WHERE id = 1";

int store_board_settings_set(struct store *st, const struct actor *a,
                             const struct consent_settings *cs, struct err *err)
{
    struct consent_settings was;
    struct stmt *s = NULL;
    json_t *before = NULL, *after = NULL;
    int rc, in_tx = 0;

    if (a->role != ROLE_ADMIN)
        return err_set(err, UPT_EPERM, "only an admin may change the board settings");
    rc = store_tx_begin(st, err);
    if (rc < 0)
        goto out;
    in_tx = 1;
    rc = store_board_settings(st, &was, err);
    if (rc < 0)
        goto out;
    rc = stmt_get(st, SQL_SETTINGS_SET, &s, err);
    if (rc < 0)
        goto out;
    bind_text(s, "$d", consent_choice_name(cs->default_choice));
    bind_int(s, "$h", cs->allow_hiding != 0);
    bind_int(s, "$p", cs->peers_see_amounts != 0);
    bind_int_or_null(s, "$by", a->user_id);
    bind_int(s, "$at", a->now);
    rc = stmt_exec(st, s, err);
    if (rc < 0)
        goto out;
    before = settings_json(&was);
    after = settings_json(cs);
    rc = audit_add(st, a, "board_settings", 1, "update", before, after, err);
    if (rc < 0)
        goto out;
    rc = store_tx_commit(st, err);
    in_tx = 0;
out:
    if (in_tx)
        store_tx_rollback(st);
    json_decref(before);
    json_decref(after);
    return rc;
}

static const char SQL_PERSON[] =
    "SELECT u.id, u.name, u.board_visibility, t.manager_id FROM users u"
    " LEFT JOIN teams t ON t.id = u.team_id AND t.deleted_at IS NULL WHERE u.id = $id";

int store_board_person(struct store *st, int64_t user_id, json_t **out, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, SQL_PERSON, &s, err);

    *out = NULL;
    if (rc < 0)
        return rc;
    bind_int(s, "$id", user_id);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW)
        *out = json_pack("{s:I,s:s,s:o,s:o}", "user_id", (json_int_t)column_int(s, 0), "name",
                         column_text(s, 1), "board_visibility", column_json(s, 2),
                         "team_manager_id", column_json(s, 3));
    stmt_done(s);
    if (rc < 0)
        return rc;
    return *out ? 0 : err_set(err, UPT_ENOTFOUND, "no such user");
}

static const char SQL_CHOICE_SET[] = "UPDATE users SET board_visibility = $v WHERE id = $id";

int store_board_visibility_set(struct store *st, const struct actor *a, int choice, struct err *err)
{
    struct consent_settings cs;
    struct stmt *s = NULL;
    json_t *before = NULL, *after = NULL, *person = NULL;
    int rc, in_tx = 0;

    rc = store_tx_begin(st, err);
    if (rc < 0)
        goto out;
    in_tx = 1;
    rc = store_board_settings(st, &cs, err);
    if (rc == 0 && choice == CONSENT_HIDDEN && !cs.allow_hiding)
        rc = err_field(err, UPT_EINVAL, "visibility",
                       "your admin does not allow hiding from public boards; choose your name "
                       "or your initials");
    if (rc == 0)
        rc = store_board_person(st, a->user_id, &person, err);
    if (rc == 0)
        rc = stmt_get(st, SQL_CHOICE_SET, &s, err);
    if (rc < 0)
        goto out;
    bind_text(s, "$v", choice < 0 ? NULL : consent_choice_name(choice));
    bind_int(s, "$id", a->user_id);
    rc = stmt_exec(st, s, err);
    if (rc < 0)
        goto out;
    before = json_pack("{s:O}", "board_visibility", json_object_get(person, "board_visibility"));
    after = json_pack("{s:o}", "board_visibility",
                      choice < 0 ? json_null() : json_string(consent_choice_name(choice)));
    rc = audit_add(st, a, "user", a->user_id, "update", before, after, err);
    if (rc < 0)
        goto out;
    rc = store_tx_commit(st, err);
    in_tx = 0;
out:
    if (in_tx)
        store_tx_rollback(st);
    json_decref(before);
    json_decref(after);
    json_decref(person);
    return rc;
}

int board_person_for(json_t *item, const char *id_key, const char *name_key,
                     const struct consent_settings *cs, const char *choice, const struct actor *a)
{
    struct consent_viewer viewer = {.user_id = a ? a->user_id : 0};

    if (a && a->user_id && a->role == ROLE_ADMIN)
        return 1;
    return consent_apply(item, id_key, name_key, cs, choice, a && a->user_id ? &viewer : NULL);
}
