/* SPDX-License-Identifier: MIT */
/* Parsing and checking one NDJSON line of an event import. */
#include "io/event_line.h"

#include "core/clock.h"
#include "core/event_kinds.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUTURE_SLACK_MS 60000 /* clocks differ: a minute ahead is still now */

/* s is 1..max-1 bytes, each a lower-case letter, digit, or one of extra. */
static int word_ok(const char *s, size_t max, const char *extra)
{
    size_t n = 0;

    for (; s[n]; n++)
        if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') ||
              strchr(extra, s[n])) ||
            n + 1 >= max)
            return 0;
    return n > 0;
}

static int parse_at(const json_t *v, int64_t now, int64_t *at, struct err *err)
{
    if (json_is_string(v)) {
        if (clock_parse_iso(json_string_value(v), at) < 0)
            return err_field(err, UPT_EINVAL, "at", "'at' is not an ISO 8601 time");
    } else if (json_is_integer(v)) {
        *at = json_integer_value(v);
        if (*at < CLOCK_MIN_MS || *at > CLOCK_MAX_MS)
            return err_field(err, UPT_EINVAL, "at", "'at' is out of range");
    } else {
        return err_field(err, UPT_EMALFORMED, "at",
                         "'at' must be an ISO 8601 time or unix milliseconds");
    }
    if (*at > now + FUTURE_SLACK_MS)
        return err_field(err, UPT_EINVAL, "at", "'at' is in the future");
    return 0;
}

static int parse_field(const char *key, const json_t *v, int64_t now, struct event_row *row,
                       int *has, struct err *err)
{
    if (strcmp(key, "at") == 0) {
        *has |= 1;
        return parse_at(v, now, &row->at, err);
    }
    if (strcmp(key, "user_id") == 0) {
        *has |= 2;
        if (json_is_null(v))
            return 0;
        if (!json_is_integer(v) || json_integer_value(v) <= 0)
            return err_field(err, UPT_EMALFORMED, key, "'user_id' must be a positive integer");
        row->user_id = json_integer_value(v);
        return 0;
    }
    if (strcmp(key, "kind") == 0) {
        *has |= 4;
        if (!json_is_string(v) || !word_ok(json_string_value(v), sizeof row->kind, "._"))
            return err_field(err, UPT_EINVAL, key,
                             "'kind' must be 1-47 characters of a-z, 0-9, '.' and '_'");
        snprintf(row->kind, sizeof row->kind, "%s", json_string_value(v));
        return 0;
    }
    if (strcmp(key, "entity") == 0) {
        if (json_is_null(v))
            return 0;
        if (!json_is_string(v) || !word_ok(json_string_value(v), sizeof row->entity, "_"))
            return err_field(err, UPT_EINVAL, key,
                             "'entity' must be 1-23 characters of a-z, 0-9 and '_'");
        snprintf(row->entity, sizeof row->entity, "%s", json_string_value(v));
        return 0;
    }
    if (strcmp(key, "entity_id") == 0) {
        if (json_is_null(v))
            return 0;
        if (!json_is_integer(v) || json_integer_value(v) <= 0)
            return err_field(err, UPT_EMALFORMED, key, "'entity_id' must be a positive integer");
        row->entity_id = json_integer_value(v);
        return 0;
    }
    if (strcmp(key, "detail") == 0) {
        if (json_is_null(v))
            return 0;
        if (!json_is_object(v))
            return err_field(err, UPT_EMALFORMED, key, "'detail' must be an object");
        row->detail = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII);
        if (!row->detail || strlen(row->detail) > EVENT_DETAIL_MAX)
            return err_field(err, UPT_ETOOBIG, key, "'detail' is over %d bytes", EVENT_DETAIL_MAX);
        row->meaningful = json_is_true(json_object_get(v, "meaningful"));
        return 0;
    }
    if (strcmp(key, "id") == 0) /* an exported event's id: the import gives new ones */
        return 0;
    return err_field(err, UPT_EMALFORMED, key, "unknown field '%.40s'", key);
}

/* A kind from the registry is held to it: its entity, when it has one, and meaningful notes
 * only for activities. Any other kind (history from another CRM) is taken as it comes, and
 * counts as an event only (core/event_kinds.h). */
static int check_kind(struct event_row *row, struct err *err)
{
    const struct event_kind_def *def = event_kind_def(event_kind_lookup(row->kind));

    if (!def || !(def->tallies & EVT_ACTIVITY))
        row->meaningful = 0;
    if (def && def->entity && row->entity[0] && strcmp(row->entity, def->entity) != 0)
        return err_field(err, UPT_EINVAL, "entity", "a %s event is about a %s, not a %s", def->name,
                         def->entity, row->entity);
    return 0;
}

int event_line_parse(const char *line, size_t len, int64_t now, struct event_row *row,
                     struct err *err)
{
    json_error_t jerr;
    json_t *obj, *v;
    const char *key;
    int has = 0, rc = 0;

    memset(row, 0, sizeof *row);
    if (len > EVENT_LINE_MAX)
        return err_set(err, UPT_ETOOBIG, "the line is over %d bytes", EVENT_LINE_MAX);
    obj = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
    if (!obj)
        return err_set(err, UPT_EMALFORMED, "not JSON: %s (column %d)", jerr.text, jerr.column);
    if (!json_is_object(obj)) {
        json_decref(obj);
        return err_set(err, UPT_EMALFORMED, "an event must be a JSON object");
    }
    json_object_foreach(obj, key, v)
    {
        rc = parse_field(key, v, now, row, &has, err);
        if (rc < 0)
            break;
    }
    json_decref(obj);
    if (rc == 0 && (has & 7) != 7)
        rc = err_set(err, UPT_EMALFORMED, "'%s' is missing",
                     !(has & 1)   ? "at"
                     : !(has & 2) ? "user_id"
                                  : "kind");
    if (rc == 0)
        rc = check_kind(row, err);
    if (rc < 0) {
        free(row->detail);
        row->detail = NULL;
    }
    return rc;
}
