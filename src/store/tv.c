/* SPDX-License-Identifier: MIT */
/* The live TV board's storage: channels (an ordered loop of slides kept as JSON text, checked
 * by api/tv.c) and display tokens, stored only as their hash like API tokens. A display token
 * opens one channel read-only; its lookup notes when it was last seen (at most once a minute,
 * so a TV does not write on every read). */
#include "store/internal.h"

#include <stdio.h>
#include <stdlib.h>

#define SEEN_EVERY_MS 60000

static json_t *channel_row(struct stmt *s)
{
    json_t *slides = json_loads(column_text(s, 3) ? column_text(s, 3) : "[]", 0, NULL);

    return json_pack("{s:o,s:o,s:o,s:o,s:b,s:b,s:o,s:o}", "id", column_json(s, 0), "slug",
                     column_json(s, 1), "name", column_json(s, 2), "slides",
                     slides ? slides : json_array(), "ticker", column_int(s, 4) != 0, "sound",
                     column_int(s, 5) != 0, "created_at", column_json(s, 6), "updated_at",
                     column_json(s, 7));
}

#define CHANNEL_COLUMNS "id, slug, name, slides, ticker, sound, created_at, updated_at"

int store_tv_channel_list(struct store *st, json_t **items, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, "SELECT " CHANNEL_COLUMNS " FROM tv_channels ORDER BY id", &s, err);

    *items = NULL;
    if (rc < 0)
        return rc;
    return stmt_collect(st, s, channel_row, items, err);
}

int store_tv_channel_get(struct store *st, int64_t id, const char *slug, json_t **out,
                         struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st,
                      slug ? "SELECT " CHANNEL_COLUMNS " FROM tv_channels WHERE slug = $slug"
                           : "SELECT " CHANNEL_COLUMNS " FROM tv_channels WHERE id = $id",
                      &s, err);

    *out = NULL;
    if (rc < 0)
        return rc;
    if (slug)
        bind_text(s, "$slug", slug);
    else
        bind_int(s, "$id", id);
    return stmt_one(st, s, channel_row, "channel", out, err);
}

/* UPT_ECONFLICT when slug is taken. */
static int slug_free(struct store *st, const char *slug, int64_t except, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st, "SELECT id FROM tv_channels WHERE slug = $slug AND id <> $id", &s, err);

    if (rc < 0)
        return rc;
    bind_text(s, "$slug", slug);
    bind_int(s, "$id", except);
    rc = stmt_step(st, s, err);
    stmt_done(s);
    if (rc < 0)
        return rc;
    return rc == STMT_ROW
               ? err_field(err, UPT_ECONFLICT, "slug", "a channel '%s' exists already", slug)
               : 0;
}

int store_tv_channel_create(struct store *st, const struct tv_channel *c, int64_t now,
                            int64_t *id_out, struct err *err)
{
    struct stmt *s = NULL;
    int rc = store_tx_begin(st, err);

    if (rc < 0)
        return rc;
    rc = slug_free(st, c->slug, 0, err);
    if (rc == 0)
        rc = stmt_get(st,
                      "INSERT INTO tv_channels (slug, name, slides, ticker, sound, created_at,"
                      " updated_at) VALUES ($slug, $name, $slides, $ticker, $sound, $now, $now)"
                      " RETURNING id",
                      &s, err);
    if (rc == 0) {
        bind_text(s, "$slug", c->slug);
        bind_text(s, "$name", c->name);
        bind_text(s, "$slides", c->slides);
        bind_int(s, "$ticker", c->ticker != 0);
        bind_int(s, "$sound", c->sound != 0);
        bind_int(s, "$now", now);
        rc = stmt_step(st, s, err);
        if (rc == STMT_ROW)
            *id_out = column_int(s, 0);
        stmt_done(s);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0)
        return store_tx_commit(st, err);
    store_tx_rollback(st);
    return rc;
}

int store_tv_channel_update(struct store *st, int64_t id, const struct tv_channel *c, int64_t now,
                            struct err *err)
{
    struct stmt *s = NULL;
    int rc = store_tx_begin(st, err);

    if (rc < 0)
        return rc;
    if (c->slug)
        rc = slug_free(st, c->slug, id, err);
    if (rc == 0)
        rc = stmt_get(st,
                      "UPDATE tv_channels SET slug = coalesce($slug, slug),"
                      " name = coalesce($name, name), slides = coalesce($slides, slides),"
                      " ticker = CASE WHEN $ticker < 0 THEN ticker ELSE $ticker END,"
                      " sound = CASE WHEN $sound < 0 THEN sound ELSE $sound END,"
                      " updated_at = $now WHERE id = $id",
                      &s, err);
    if (rc == 0) {
        bind_text(s, "$slug", c->slug);
        bind_text(s, "$name", c->name);
        bind_text(s, "$slides", c->slides);
        bind_int(s, "$ticker", c->ticker);
        bind_int(s, "$sound", c->sound);
        bind_int(s, "$now", now);
        bind_int(s, "$id", id);
        rc = stmt_exec(st, s, err);
        if (rc == 0 && stmt_changes(s) == 0)
            rc = err_set(err, UPT_ENOTFOUND, "channel '%lld' not found", (long long)id);
    }
    if (rc == 0)
        return store_tx_commit(st, err);
    store_tx_rollback(st);
    return rc;
}

/* Deletes the channel and its display tokens, which stop working at once. */
int store_tv_channel_delete(struct store *st, int64_t id, struct err *err)
{
    struct stmt *s = NULL;
    int rc = store_tx_begin(st, err);

    if (rc < 0)
        return rc;
    rc = stmt_get(st, "DELETE FROM display_tokens WHERE channel_id = $id", &s, err);
    if (rc == 0) {
        bind_int(s, "$id", id);
        rc = stmt_exec(st, s, err);
    }
    if (rc == 0)
        rc = stmt_get(st, "DELETE FROM tv_channels WHERE id = $id", &s, err);
    if (rc == 0) {
        bind_int(s, "$id", id);
        rc = stmt_exec(st, s, err);
        if (rc == 0 && stmt_changes(s) == 0)
            rc = err_set(err, UPT_ENOTFOUND, "channel '%lld' not found", (long long)id);
    }
    if (rc == 0)
        return store_tx_commit(st, err);
    store_tx_rollback(st);
    return rc;
}

int store_tv_token_create(struct store *st, const char *name, int64_t channel_id,
                          const unsigned char hash[32], int64_t created_by, int64_t now,
                          int64_t *id_out, struct err *err)
{
    struct stmt *s = NULL;
    json_t *channel = NULL;
    int rc = store_tv_channel_get(st, channel_id, NULL, &channel, err);

    json_decref(channel);
    if (rc == UPT_ENOTFOUND)
        return err_field(err, UPT_EINVAL, "channel_id", "channel '%lld' does not exist",
                         (long long)channel_id);
    if (rc == 0)
        rc = stmt_get(st,
                      "INSERT INTO display_tokens (name, channel_id, token_hash, created_by,"
                      " created_at) VALUES ($name, $channel, $hash, $by, $now) RETURNING id",
                      &s, err);
    if (rc < 0)
        return rc;
    bind_text(s, "$name", name);
    bind_int(s, "$channel", channel_id);
    bind_blob(s, "$hash", hash, 32);
    bind_int(s, "$by", created_by);
    bind_int(s, "$now", now);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW)
        *id_out = column_int(s, 0);
    stmt_done(s);
    return rc < 0 ? rc : 0;
}

static json_t *token_row(struct stmt *s)
{
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id", column_json(s, 0), "name",
                     column_json(s, 1), "channel_id", column_json(s, 2), "channel_slug",
                     column_json(s, 3), "created_by", column_json(s, 4), "created_at",
                     column_json(s, 5), "revoked_at", column_json(s, 6), "last_seen_at",
                     column_json(s, 7));
}

int store_tv_token_list(struct store *st, json_t **items, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st,
                      "SELECT t.id, t.name, t.channel_id, c.slug, t.created_by, t.created_at,"
                      " t.revoked_at, t.last_seen_at FROM display_tokens t"
                      " JOIN tv_channels c ON c.id = t.channel_id ORDER BY t.id",
                      &s, err);

    *items = NULL;
    if (rc < 0)
        return rc;
    return stmt_collect(st, s, token_row, items, err);
}

int store_tv_token_revoke(struct store *st, int64_t id, int64_t now, struct err *err)
{
    struct stmt *s = NULL;
    int rc = stmt_get(st,
                      "UPDATE display_tokens SET revoked_at = $now WHERE id = $id"
                      " AND revoked_at IS NULL",
                      &s, err);

    if (rc < 0)
        return rc;
    bind_int(s, "$now", now);
    bind_int(s, "$id", id);
    rc = stmt_exec(st, s, err);
    if (rc == 0 && stmt_changes(s) == 0)
        rc = err_set(err, UPT_ENOTFOUND, "display token '%lld' not found", (long long)id);
    return rc;
}

int store_tv_token_lookup(struct store *st, const unsigned char hash[32], int64_t now,
                          struct tv_display *d, struct err *err)
{
    struct stmt *s = NULL;
    int64_t seen = 0;
    int rc = stmt_get(st,
                      "SELECT t.id, t.channel_id, c.slug, t.last_seen_at FROM display_tokens t"
                      " JOIN tv_channels c ON c.id = t.channel_id"
                      " WHERE t.token_hash = $hash AND t.revoked_at IS NULL",
                      &s, err);

    if (rc < 0)
        return rc;
    bind_blob(s, "$hash", hash, 32);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW) {
        d->token_id = column_int(s, 0);
        d->channel_id = column_int(s, 1);
        snprintf(d->slug, sizeof d->slug, "%s", column_text(s, 2));
        seen = column_is_null(s, 3) ? 0 : column_int(s, 3);
    }
    stmt_done(s);
    if (rc < 0)
        return rc;
    if (rc != STMT_ROW)
        return err_set(err, UPT_EAUTH, "the display token is not valid");
    if (now - seen >= SEEN_EVERY_MS &&
        stmt_get(st, "UPDATE display_tokens SET last_seen_at = $now WHERE id = $id", &s, err) ==
            0) {
        bind_int(s, "$now", now);
        bind_int(s, "$id", d->token_id);
        if (stmt_exec(st, s, err) < 0)
            err_clear(err); /* only a note: the token is still good */
    }
    return 0;
}

static json_t *win_row(struct stmt *s)
{
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "deal_id", column_json(s, 0), "name",
                     column_json(s, 1), "amount_minor", column_json(s, 2), "currency",
                     column_json(s, 3), "owner_id", column_json(s, 4), "owner_name",
                     column_json(s, 5), "closed_at", column_json(s, 6), "board_visibility",
                     column_json(s, 7));
}

int store_tv_recent_wins(struct store *st, int limit, json_t **items, struct err *err)
{
    struct stmt *s = NULL;
    int rc =
        stmt_get(st,
                 "SELECT d.id, d.name, d.amount_minor, d.currency, d.owner_id, u.name,"
                 " d.closed_at, u.board_visibility FROM deals d JOIN stages g ON g.id = d.stage_id"
                 " LEFT JOIN users u ON u.id = d.owner_id"
                 " WHERE g.is_won = 1 AND d.deleted_at IS NULL AND d.closed_at IS NOT NULL"
                 " ORDER BY d.closed_at DESC, d.id DESC LIMIT $limit",
                 &s, err);

    *items = NULL;
    if (rc < 0)
        return rc;
    bind_int(s, "$limit", limit);
    return stmt_collect(st, s, win_row, items, err);
}

int store_tv_announce(struct store *st, int64_t channel_id, const char *text, int64_t now,
                      struct err *err)
{
    json_t *channel = NULL, *item = NULL;
    char *data = NULL;
    int rc = store_tx_begin(st, err);

    if (rc < 0)
        return rc;
    rc = store_tv_channel_get(st, channel_id, NULL, &channel, err);
    if (rc == 0) {
        item = json_pack("{s:I,s:O,s:s,s:I}", "channel_id", (json_int_t)channel_id, "slug",
                         json_object_get(channel, "slug"), "text", text, "at", (json_int_t)now);
        data = item ? json_dumps(item, JSON_COMPACT) : NULL;
        rc = data ? store_live_add(st, "announcement", data, err)
                  : err_set(err, UPT_EIO, "out of memory");
    }
    free(data);
    json_decref(item);
    json_decref(channel);
    if (rc == 0)
        return store_tx_commit(st, err);
    store_tx_rollback(st);
    return rc;
}
