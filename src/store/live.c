/* SPDX-License-Identifier: MIT */
/* The live items a change sends to the event streams (store_set_live_sink): what a won deal
 * shows, read inside the write's transaction and queued to go out once it commits. The
 * payload is built in one function, deal_won_items(), so what public boards may show (consent,
 * amounts) can be filtered in one place. */
#include "store/internal.h"

#include "core/buf.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static const char SQL_DEAL_WON[] =
    "SELECT d.id, d.name, d.amount_minor, d.currency, d.owner_id, u.name, u.board_visibility"
    " FROM deals d LEFT JOIN users u ON u.id = d.owner_id WHERE d.id = $id";

/* The "deal.won" item's data and the ticker's sentence of one won deal (new objects). The
 * stream is one broadcast to every screen, so both carry the public form (core/consent.h,
 * viewer NULL): the owner's name as they chose to show on boards ("A teammate" when hidden),
 * the amount only when the admin lets peers see amounts. */
static void deal_won_items(int64_t id, const char *name, int has_amount, int64_t amount_minor,
                           const char *currency, int64_t owner_id, const char *owner_name,
                           const struct consent_settings *cs, const char *choice, json_t **won,
                           json_t **ticker)
{
    struct buf text = BUF_INIT;
    const char *shown;

    *won = json_pack("{s:I, s:s}", "deal_id", (json_int_t)id, "name", name ? name : "");
    json_object_set_new(*won, "amount_minor",
                        has_amount ? json_integer((json_int_t)amount_minor) : json_null());
    json_object_set_new(*won, "currency", currency ? json_string(currency) : json_null());
    json_object_set_new(*won, "owner_id",
                        owner_id ? json_integer((json_int_t)owner_id) : json_null());
    json_object_set_new(*won, "owner_name", owner_name ? json_string(owner_name) : json_null());
    if (owner_id)
        consent_apply(*won, "owner_id", "owner_name", cs, choice, NULL);
    else if (!consent_sees_amounts(cs, NULL, 0))
        json_object_set_new(*won, "amount_minor", json_null());
    has_amount = json_is_integer(json_object_get(*won, "amount_minor"));
    shown = json_string_value(json_object_get(*won, "owner_name"));
    buf_addf(&text, "%s won %s", shown ? shown : "Someone", name ? name : "a deal");
    if (has_amount) {
        /* 1250000 minor units: "12,500.00"; the ticker is read from across a room. */
        uint64_t v =
            amount_minor < 0 ? (uint64_t)0 - (uint64_t)amount_minor : (uint64_t)amount_minor;
        char digits[32], grouped[48];
        int n = snprintf(digits, sizeof digits, "%" PRIu64, v / 100), k = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0 && (n - i) % 3 == 0)
                grouped[k++] = ',';
            grouped[k++] = digits[i];
        }
        grouped[k] = '\0';
        buf_addf(&text, " (%s%s.%02u%s%s)", amount_minor < 0 ? "-" : "", grouped,
                 (unsigned)(v % 100), currency ? " " : "", currency ? currency : "");
    }
    *ticker =
        json_pack("{s:s, s:s, s:I}", "text", text.s, "kind", "deal.won", "deal_id", (json_int_t)id);
    buf_release(&text);
}

/* Queues item as one line of compact JSON. */
static int add_json(struct store *st, const char *type, const json_t *item, struct err *err)
{
    char *data = json_dumps(item, JSON_COMPACT);
    int rc = data ? store_live_add(st, type, data, err) : 0;

    free(data);
    return rc;
}

int live_deal_won(struct store *st, int64_t deal_id, struct err *err)
{
    struct stmt *s = NULL;
    struct consent_settings cs;
    json_t *won = NULL, *ticker = NULL;
    int rc;

    if (!store_live_wanted(st))
        return 0;
    rc = store_board_settings(st, &cs, err);
    if (rc < 0)
        return rc;
    rc = stmt_get(st, SQL_DEAL_WON, &s, err);
    if (rc < 0)
        return rc;
    bind_int(s, "$id", deal_id);
    rc = stmt_step(st, s, err);
    if (rc == STMT_ROW)
        deal_won_items(column_int(s, 0), column_text(s, 1), !column_is_null(s, 2), column_int(s, 2),
                       column_is_null(s, 3) ? NULL : column_text(s, 3), column_int(s, 4),
                       column_is_null(s, 5) ? NULL : column_text(s, 5), &cs, column_text(s, 6),
                       &won, &ticker);
    stmt_done(s);
    if (rc < 0)
        return rc;
    rc = 0;
    if (won)
        rc = add_json(st, "deal.won", won, err);
    if (rc == 0 && ticker)
        rc = add_json(st, "ticker", ticker, err);
    json_decref(won);
    json_decref(ticker);
    return rc;
}
