/* SPDX-License-Identifier: MIT */
/* Tests of src/io/event_line.c: full lines with ISO and integer times, null users, which events
 * count as meaningful, which kinds must name which entity, detail written compactly, and every
 * refusal (with its code and field, and no detail left behind) up to the byte limits of a line and
 * of its detail. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "io/event_line.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW 1769851800000LL /* 2026-01-31T09:30:00Z */

/* Parses line from an exact-size heap copy without a terminator, so that ASan catches any read
 * past its length. */
static int parse(const char *line, size_t len, struct event_row *row, struct err *err)
{
    char *copy = malloc(len ? len : 1);
    int rc;

    assert_non_null(copy);
    memcpy(copy, line, len);
    err_clear(err);
    rc = event_line_parse(copy, len, NOW, row, err);
    free(copy);
    return rc;
}

static int parse_s(const char *line, struct event_row *row, struct err *err)
{
    return parse(line, strlen(line), row, err);
}

/* Fails unless rc is a refusal with code, as err records it. */
static void assert_refused(int rc, const struct err *err, int code)
{
    if (rc >= 0 || rc != err->code || err->code != code)
        fail_msg("returned %d with code %d ('%s'), want %d", rc, err->code, err->message, code);
}

/* A line with a string field of n repeated c, between before and after. */
static char *with_run(const char *before, char c, size_t n, const char *after)
{
    size_t a = strlen(before), b = strlen(after);
    char *s = malloc(a + n + b + 1);

    assert_non_null(s);
    memcpy(s, before, a);
    memset(s + a, c, n);
    memcpy(s + a + n, after, b + 1);
    return s;
}

static void test_full_line_iso(void **state)
{
    struct event_row row;
    struct err err = ERR_INIT;

    (void)state;
    assert_int_equal(
        parse_s("{\"id\":991,\"at\":\"2026-01-30T12:00:00.250Z\",\"user_id\":3,"
                "\"kind\":\"activity.logged\",\"entity\":\"activity\",\"entity_id\":12,"
                "\"detail\":{\"meaningful\":true,\"kind\":\"call\"}}",
                &row, &err),
        0);
    assert_int_equal(err.code, 0);
    assert_int_equal(row.at, 1769774400250LL);
    assert_int_equal(row.user_id, 3);
    assert_string_equal(row.kind, "activity.logged");
    assert_string_equal(row.entity, "activity");
    assert_int_equal(row.entity_id, 12);
    assert_string_equal(row.detail, "{\"meaningful\":true,\"kind\":\"call\"}");
    assert_int_equal(row.meaningful, 1);
    free(row.detail);

    /* an offset, and a date alone (its midnight) */
    assert_int_equal(
        parse_s("{\"at\":\"2026-01-30T13:00:00+01:00\",\"user_id\":1,\"kind\":\"login\"}", &row,
                &err),
        0);
    assert_int_equal(row.at, 1769774400000LL);
    assert_null(row.detail);
    assert_string_equal(row.entity, "");
    assert_int_equal(row.entity_id, 0);
    assert_int_equal(
        parse_s("{\"at\":\"2026-01-30\",\"user_id\":1,\"kind\":\"login\"}", &row, &err), 0);
    assert_int_equal(row.at, 1769731200000LL);
}

static void test_full_line_integer_at(void **state)
{
    struct event_row row;
    struct err err = ERR_INIT;

    (void)state;
    /* fields in any order, whitespace around them, a CR before the newline */
    assert_int_equal(
        parse_s(" { \"kind\" : \"search\" , \"user_id\" : 42 , \"at\" : 1769774400000 ,"
                " \"entity\" : \"contact\" , \"entity_id\" : null ,"
                " \"detail\" : null } \r",
                &row, &err),
        0);
    assert_int_equal(row.at, 1769774400000LL);
    assert_int_equal(row.user_id, 42);
    assert_string_equal(row.kind, "search");
    assert_string_equal(row.entity, "contact");
    assert_int_equal(row.entity_id, 0);
    assert_null(row.detail);
    assert_int_equal(row.meaningful, 0);

    /* the epoch and times before it are times too */
    assert_int_equal(parse_s("{\"at\":0,\"user_id\":1,\"kind\":\"x\"}", &row, &err), 0);
    assert_int_equal(row.at, 0);
    assert_int_equal(parse_s("{\"at\":-86400000,\"user_id\":1,\"kind\":\"x\"}", &row, &err), 0);
    assert_int_equal(row.at, -86400000LL);
    /* up to a minute ahead is still now */
    char line[128];
    snprintf(line, sizeof line, "{\"at\":%lld,\"user_id\":1,\"kind\":\"x\"}", NOW + 60000);
    assert_int_equal(parse_s(line, &row, &err), 0);
    assert_int_equal(row.at, NOW + 60000);
}

static void test_null_user(void **state)
{
    struct event_row row;
    struct err err = ERR_INIT;

    (void)state;
    memset(&row, 0x5a, sizeof row); /* whatever the row held before is not kept */
    assert_int_equal(parse_s("{\"at\":1769774400000,\"user_id\":null,\"kind\":\"request.failed\","
                             "\"detail\":{\"method\":\"GET\",\"status\":404}}",
                             &row, &err),
                     0);
    assert_int_equal(row.user_id, 0);
    assert_string_equal(row.entity, "");
    assert_int_equal(row.entity_id, 0);
    assert_string_equal(row.detail, "{\"method\":\"GET\",\"status\":404}");
    assert_int_equal(row.meaningful, 0);
    free(row.detail);
}

static void test_meaningful_only_for_activities(void **state)
{
#define HEAD(kind) "{\"at\":1,\"user_id\":1,\"kind\":\"" kind "\""
#define MEANT      "{\"meaningful\":true}"
    static const struct {
        const char *line;
        int meaningful;
    } cases[] = {
        {HEAD("activity.logged") ",\"detail\":" MEANT "}", 1},
        /* detail before kind: decided once the whole line is read */
        {"{\"detail\":" MEANT ",\"at\":1,\"user_id\":1,\"kind\":\"activity.logged\"}", 1},
        {"{\"at\":1,\"user_id\":null,\"kind\":\"activity.logged\",\"detail\":" MEANT "}", 1},
        {HEAD("activity.logged") ",\"detail\":{\"meaningful\":false}}", 0},
        {HEAD("activity.logged") ",\"detail\":{\"meaningful\":1}}", 0},
        {HEAD("activity.logged") ",\"detail\":{\"meaningful\":\"true\"}}", 0},
        {HEAD("activity.logged") ",\"detail\":{}}", 0},
        {HEAD("activity.logged") "}", 0},
        {HEAD("activity.logged") ",\"detail\":{\"x\":" MEANT "}}", 0},
        {HEAD("contact.created") ",\"detail\":" MEANT "}", 0},
        {"{\"detail\":" MEANT ",\"at\":1,\"user_id\":1,\"kind\":\"activity.logged2\"}", 0},
        {HEAD("activity") ",\"detail\":" MEANT "}", 0},
    };
#undef HEAD
#undef MEANT
    struct event_row row;
    struct err err = ERR_INIT;

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (parse_s(cases[i].line, &row, &err) != 0)
            fail_msg("%s: refused: %s", cases[i].line, err.message);
        if (row.meaningful != cases[i].meaningful)
            fail_msg("%s: meaningful %d, want %d", cases[i].line, row.meaningful,
                     cases[i].meaningful);
        free(row.detail);
    }
}

/* Any kind is taken (history from another CRM), but a registered kind with an entity of its
 * own names that entity or none. */
static void test_kinds_and_their_entities(void **state)
{
#define LINE(kind, entity) "{\"at\":1,\"user_id\":1,\"kind\":\"" kind "\"" entity "}"
    static const char *const taken[] = {
        LINE("contact.view", ",\"entity\":\"contact\""),
        LINE("contact.view", ""),
        LINE("contact.view", ",\"entity\":null"),
        LINE("login", ",\"entity\":\"user\""),
        LINE("search", ",\"entity\":\"deal\""),            /* search: the kind searched */
        LINE("request.failed", ",\"entity\":\"contact\""), /* registered without an entity */
        LINE("bulk.import", ",\"entity\":\"anything\""),   /* not registered: as it comes */
        LINE("contact.viewed", ",\"entity\":\"deal\""),
    };
    static const char *const refused[] = {
        LINE("contact.view", ",\"entity\":\"deal\""),
        LINE("login", ",\"entity\":\"contact\""),
        LINE("activity.logged", ",\"entity\":\"activities\""),
    };
#undef LINE
    struct event_row row;
    struct err err = ERR_INIT;

    (void)state;
    for (size_t i = 0; i < sizeof taken / sizeof taken[0]; i++)
        if (parse_s(taken[i], &row, &err) != 0)
            fail_msg("%s: refused: %s", taken[i], err.message);
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        assert_refused(parse_s(refused[i], &row, &err), &err, UPT_EINVAL);
        assert_string_equal(err.field, "entity");
        assert_null(row.detail);
    }
    assert_refused(parse_s(refused[0], &row, &err), &err, UPT_EINVAL);
    assert_string_equal(err.message, "a contact.view event is about a contact, not a deal");
}

static void test_detail_compact(void **state)
{
    struct event_row row;
    struct err err = ERR_INIT;

    (void)state;
    assert_int_equal(parse_s("{\"at\":1,\"user_id\":1,\"kind\":\"contact.updated\",\"detail\":"
                             "{ \"fields\" : [ \"title\" ,\t\"email\" ] ,"
                             " \"note\" : \"caf\xc3\xa9 \\u00e9 \\\"q\\\"\", \"n\" : 1.5 ,"
                             " \"nested\" : { \"a\" : null } }}",
                             &row, &err),
                     0);
    assert_string_equal(row.detail, "{\"fields\":[\"title\",\"email\"],"
                                    "\"note\":\"caf\\u00E9 \\u00E9 \\\"q\\\"\",\"n\":1.5,"
                                    "\"nested\":{\"a\":null}}");
    free(row.detail);
    /* an empty object is a detail; null is none */
    assert_int_equal(parse_s("{\"at\":1,\"user_id\":1,\"kind\":\"k\",\"detail\":{}}", &row, &err),
                     0);
    assert_string_equal(row.detail, "{}");
    free(row.detail);
}

/* Every refusal: its code, the field it names, words of its message, and no detail left. */
static void test_errors(void **state)
{
    static const struct {
        const char *line;
        int code;
        const char *field;
        const char *words;
    } cases[] = {
        /* not JSON */
        {"{", UPT_EMALFORMED, "", "not JSON"},
        {"hello", UPT_EMALFORMED, "", "not JSON"},
        {"{\"at\":1,\"user_id\":1,\"kind\":\"x\"} {}", UPT_EMALFORMED, "", "not JSON"},
        {"{\"at\":1,\"user_id\":1,\"kind\":\"x\",}", UPT_EMALFORMED, "", "not JSON"},
        {"{'at':1}", UPT_EMALFORMED, "", "not JSON"},
        {"{\"at\":1,\"user_id\":1,\"kind\":\"a\\u0000b\"}", UPT_EMALFORMED, "", "not JSON"},
        {"{\"at\":1,\"user_id\":1,\"kind\":\"\xff\"}", UPT_EMALFORMED, "", "not JSON"},
        {"{\"at\":1,\"user_id\":99999999999999999999,\"kind\":\"x\"}", UPT_EMALFORMED, "",
         "not JSON"},
        /* not an object */
        {"[]", UPT_EMALFORMED, "", "must be a JSON object"},
        {"[{\"at\":1,\"user_id\":1,\"kind\":\"x\"}]", UPT_EMALFORMED, "", "must be a JSON object"},
        /* a well-formed scalar is JSON, just not an event */
        {"5", UPT_EMALFORMED, "", "must be a JSON object"},
        {"\"x\"", UPT_EMALFORMED, "", "must be a JSON object"},
        {"null", UPT_EMALFORMED, "", "must be a JSON object"},
        /* missing fields */
        {"{}", UPT_EMALFORMED, "", "'at' is missing"},
        {"{\"user_id\":1,\"kind\":\"x\"}", UPT_EMALFORMED, "", "'at' is missing"},
        {"{\"at\":1,\"kind\":\"x\"}", UPT_EMALFORMED, "", "'user_id' is missing"},
        {"{\"at\":1,\"user_id\":1}", UPT_EMALFORMED, "", "'kind' is missing"},
        {"{\"at\":1,\"user_id\":1,\"entity\":\"contact\",\"detail\":{\"a\":1}}", UPT_EMALFORMED, "",
         "'kind' is missing"},
        /* at */
        {"{\"at\":\"yesterday\",\"user_id\":1,\"kind\":\"x\"}", UPT_EINVAL, "at", "ISO 8601"},
        {"{\"at\":\"2026-02-30\",\"user_id\":1,\"kind\":\"x\"}", UPT_EINVAL, "at", "ISO 8601"},
        {"{\"at\":\"\",\"user_id\":1,\"kind\":\"x\"}", UPT_EINVAL, "at", "ISO 8601"},
        {"{\"at\":\"1769774400000\",\"user_id\":1,\"kind\":\"x\"}", UPT_EINVAL, "at", "ISO 8601"},
        {"{\"at\":1.5,\"user_id\":1,\"kind\":\"x\"}", UPT_EMALFORMED, "at", "unix milliseconds"},
        {"{\"at\":null,\"user_id\":1,\"kind\":\"x\"}", UPT_EMALFORMED, "at", "unix milliseconds"},
        {"{\"at\":true,\"user_id\":1,\"kind\":\"x\"}", UPT_EMALFORMED, "at", "unix milliseconds"},
        {"{\"at\":-62135596800001,\"user_id\":1,\"kind\":\"x\"}", UPT_EINVAL, "at", "out of range"},
        {"{\"at\":9223372036854775807,\"user_id\":1,\"kind\":\"x\"}", UPT_EINVAL, "at",
         "out of range"},
        /* at in the future: more than a minute after now */
        {"{\"at\":1769851860001,\"user_id\":1,\"kind\":\"x\"}", UPT_EINVAL, "at", "in the future"},
        {"{\"at\":\"2026-01-31T09:31:01Z\",\"user_id\":1,\"kind\":\"x\"}", UPT_EINVAL, "at",
         "in the future"},
        {"{\"at\":\"9999-12-31\",\"user_id\":1,\"kind\":\"x\"}", UPT_EINVAL, "at", "in the future"},
        /* user_id */
        {"{\"at\":1,\"user_id\":0,\"kind\":\"x\"}", UPT_EMALFORMED, "user_id", "positive integer"},
        {"{\"at\":1,\"user_id\":-3,\"kind\":\"x\"}", UPT_EMALFORMED, "user_id", "positive integer"},
        {"{\"at\":1,\"user_id\":\"3\",\"kind\":\"x\"}", UPT_EMALFORMED, "user_id",
         "positive integer"},
        {"{\"at\":1,\"user_id\":1.0,\"kind\":\"x\"}", UPT_EMALFORMED, "user_id",
         "positive integer"},
        {"{\"at\":1,\"user_id\":false,\"kind\":\"x\"}", UPT_EMALFORMED, "user_id",
         "positive integer"},
        /* kind */
        {"{\"at\":1,\"user_id\":1,\"kind\":\"\"}", UPT_EINVAL, "kind", "1-47 characters"},
        {"{\"at\":1,\"user_id\":1,\"kind\":\"Login\"}", UPT_EINVAL, "kind", "1-47 characters"},
        {"{\"at\":1,\"user_id\":1,\"kind\":\"contact-view\"}", UPT_EINVAL, "kind",
         "1-47 characters"},
        {"{\"at\":1,\"user_id\":1,\"kind\":\"a b\"}", UPT_EINVAL, "kind", "1-47 characters"},
        {"{\"at\":1,\"user_id\":1,\"kind\":\"caf\xc3\xa9\"}", UPT_EINVAL, "kind",
         "1-47 characters"},
        {"{\"at\":1,\"user_id\":1,\"kind\":\"x/\"}", UPT_EINVAL, "kind", "1-47 characters"},
        {"{\"at\":1,\"user_id\":1,\"kind\":null}", UPT_EINVAL, "kind", "1-47 characters"},
        {"{\"at\":1,\"user_id\":1,\"kind\":7}", UPT_EINVAL, "kind", "1-47 characters"},
        /* entity and entity_id */
        {"{\"at\":1,\"user_id\":1,\"kind\":\"x\",\"entity\":\"\"}", UPT_EINVAL, "entity",
         "1-23 characters"},
        {"{\"at\":1,\"user_id\":1,\"kind\":\"x\",\"entity\":\"Contact\"}", UPT_EINVAL, "entity",
         "1-23 characters"},
        {"{\"at\":1,\"user_id\":1,\"kind\":\"x\",\"entity\":\"contact.note\"}", UPT_EINVAL,
         "entity", "1-23 characters"},
        {"{\"at\":1,\"user_id\":1,\"kind\":\"x\",\"entity\":\"abcdefghijklmnopqrstuvwx\"}",
         UPT_EINVAL, "entity", "1-23 characters"},
        {"{\"at\":1,\"user_id\":1,\"kind\":\"x\",\"entity\":5}", UPT_EINVAL, "entity",
         "1-23 characters"},
        {"{\"at\":1,\"user_id\":1,\"kind\":\"x\",\"entity_id\":-1}", UPT_EMALFORMED, "entity_id",
         "positive integer"},
        {"{\"at\":1,\"user_id\":1,\"kind\":\"x\",\"entity_id\":0}", UPT_EMALFORMED, "entity_id",
         "positive integer"},
        {"{\"at\":1,\"user_id\":1,\"kind\":\"x\",\"entity_id\":\"12\"}", UPT_EMALFORMED,
         "entity_id", "positive integer"},
        /* detail */
        {"{\"at\":1,\"user_id\":1,\"kind\":\"x\",\"detail\":[1]}", UPT_EMALFORMED, "detail",
         "must be an object"},
        {"{\"at\":1,\"user_id\":1,\"kind\":\"x\",\"detail\":\"{}\"}", UPT_EMALFORMED, "detail",
         "must be an object"},
        {"{\"at\":1,\"user_id\":1,\"kind\":\"x\",\"detail\":true}", UPT_EMALFORMED, "detail",
         "must be an object"},
        /* unknown and duplicate keys */
        {"{\"at\":1,\"user_id\":1,\"kind\":\"x\",\"foo\":1}", UPT_EMALFORMED, "foo",
         "unknown field 'foo'"},
        {"{\"at\":1,\"user_id\":1,\"kind\":\"x\",\"Kind\":\"y\"}", UPT_EMALFORMED, "Kind",
         "unknown field 'Kind'"},
        {"{\"at\":1,\"user_id\":1,\"kind\":\"x\",\"\":1}", UPT_EMALFORMED, "", "unknown field ''"},
        {"{\"at\":1,\"user_id\":1,\"kind\":\"x\",\"at\":2}", UPT_EMALFORMED, "", "duplicate"},
        {"{\"at\":1,\"user_id\":1,\"kind\":\"x\",\"detail\":{\"a\":1,\"a\":2}}", UPT_EMALFORMED, "",
         "duplicate"},
        /* a detail read before the refusal is not kept (nor leaked) */
        {"{\"detail\":{\"meaningful\":true},\"at\":1,\"user_id\":1,\"kind\":\"x\",\"foo\":1}",
         UPT_EMALFORMED, "foo", "unknown field"},
        {"{\"detail\":{\"a\":[1,2,3]},\"at\":1,\"user_id\":1}", UPT_EMALFORMED, "",
         "'kind' is missing"},
        {"{\"detail\":{\"a\":1},\"at\":1,\"user_id\":1,\"kind\":\"x\",\"entity_id\":-1}",
         UPT_EMALFORMED, "entity_id", "positive integer"},
        {"{\"detail\":{\"a\":1},\"at\":1769851860001,\"user_id\":1,\"kind\":\"x\"}", UPT_EINVAL,
         "at", "in the future"},
    };
    struct event_row row;

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct err err = ERR_INIT;
        int rc = parse_s(cases[i].line, &row, &err);
        if (rc >= 0)
            fail_msg("%s: accepted", cases[i].line);
        if (err.code != cases[i].code || rc != err.code)
            fail_msg("%s: code %d (returned %d), want %d: %s", cases[i].line, err.code, rc,
                     cases[i].code, err.message);
        if (strcmp(err.field, cases[i].field) != 0)
            fail_msg("%s: field '%s', want '%s'", cases[i].line, err.field, cases[i].field);
        if (!strstr(err.message, cases[i].words))
            fail_msg("%s: message '%s' lacks '%s'", cases[i].line, err.message, cases[i].words);
        if (row.detail)
            fail_msg("%s: detail left behind", cases[i].line);
    }
}

static void test_kind_and_entity_lengths(void **state)
{
    struct event_row row;
    struct err err = ERR_INIT;
    char *line;

    (void)state;
    line = with_run("{\"at\":1,\"user_id\":1,\"kind\":\"", 'k', 47, "\"}");
    assert_int_equal(parse_s(line, &row, &err), 0);
    assert_int_equal(strlen(row.kind), 47);
    free(line);
    line = with_run("{\"at\":1,\"user_id\":1,\"kind\":\"", 'k', 48, "\"}");
    assert_refused(parse_s(line, &row, &err), &err, UPT_EINVAL);
    assert_string_equal(err.field, "kind");
    free(line);
    line = with_run("{\"at\":1,\"user_id\":1,\"kind\":\"", 'k', 5000, "\"}");
    assert_refused(parse_s(line, &row, &err), &err, UPT_EINVAL);
    assert_string_equal(err.field, "kind");
    free(line);
    line = with_run("{\"at\":1,\"user_id\":1,\"kind\":\"a._9\",\"entity\":\"", 'e', 23, "\"}");
    assert_int_equal(parse_s(line, &row, &err), 0);
    assert_int_equal(strlen(row.entity), 23);
    assert_string_equal(row.kind, "a._9");
    free(line);
    line = with_run("{\"at\":1,\"user_id\":1,\"kind\":\"x\",\"entity\":\"", 'e', 24, "\"}");
    assert_refused(parse_s(line, &row, &err), &err, UPT_EINVAL);
    assert_string_equal(err.field, "entity");
    free(line);
}

static void test_detail_limit(void **state)
{
    static const char head[] = "{\"at\":1,\"user_id\":1,\"kind\":\"x\",\"detail\":{\"x\":\"";
    struct event_row row;
    struct err err = ERR_INIT;
    char *line;

    (void)state;
    /* {"x":"…"} is 8 bytes plus the run: exactly EVENT_DETAIL_MAX passes */
    line = with_run(head, 'd', EVENT_DETAIL_MAX - 8, "\"}}");
    assert_int_equal(parse_s(line, &row, &err), 0);
    assert_int_equal(strlen(row.detail), EVENT_DETAIL_MAX);
    free(row.detail);
    free(line);
    line = with_run(head, 'd', EVENT_DETAIL_MAX - 7, "\"}}");
    assert_refused(parse_s(line, &row, &err), &err, UPT_ETOOBIG);
    assert_string_equal(err.field, "detail");
    assert_non_null(strstr(err.message, "over 16384 bytes"));
    assert_null(row.detail);
    free(line);
    /* the limit is on the compact text: whitespace in the line does not count... */
    line = with_run("{\"at\":1,\"user_id\":1,\"kind\":\"x\",\"detail\":{", ' ', 30000, "}}");
    assert_int_equal(parse_s(line, &row, &err), 0);
    assert_string_equal(row.detail, "{}");
    free(row.detail);
    free(line);
    /* ...but the escapes written for non-ASCII text do: 3000 "\xc3\xa9" (6000 bytes in the
     * line) are 18000 bytes as \u00e9 */
    static const char head2[] = "{\"at\":1,\"user_id\":1,\"kind\":\"x\",\"detail\":{\"x\":\"";
    size_t len = sizeof head2 - 1;
    line = malloc(len + 3000 * 2 + 4);
    assert_non_null(line);
    memcpy(line, head2, len);
    for (int i = 0; i < 3000; i++, len += 2)
        memcpy(line + len, "\xc3\xa9", 2);
    memcpy(line + len, "\"}}", 4);
    assert_refused(parse_s(line, &row, &err), &err, UPT_ETOOBIG);
    assert_null(row.detail);
    free(line);
}

static void test_line_limit(void **state)
{
    static const char body[] = "{\"at\":1,\"user_id\":1,\"kind\":\"x\"}";
    struct event_row row;
    struct err err = ERR_INIT;
    size_t n = EVENT_LINE_MAX + 1;
    char *line = malloc(n);

    (void)state;
    assert_non_null(line);
    /* a valid object padded with spaces to exactly EVENT_LINE_MAX bytes passes */
    memset(line, ' ', n);
    memcpy(line, body, sizeof body - 1);
    assert_int_equal(parse(line, EVENT_LINE_MAX, &row, &err), 0);
    assert_string_equal(row.kind, "x");
    /* one byte more is refused before it is parsed */
    assert_refused(parse(line, EVENT_LINE_MAX + 1, &row, &err), &err, UPT_ETOOBIG);
    assert_non_null(strstr(err.message, "over 65536 bytes"));
    assert_null(row.detail);
    free(line);
    /* a detail near the limit, in a line over it */
    line = with_run("{\"at\":1,\"user_id\":1,\"kind\":\"x\",\"detail\":{\"x\":\"", 'd',
                    EVENT_LINE_MAX, "\"}}");
    assert_refused(parse_s(line, &row, &err), &err, UPT_ETOOBIG);
    assert_string_equal(err.field, "");
    assert_null(row.detail);
    free(line);
    /* an empty line is not an event */
    assert_refused(parse("", 0, &row, &err), &err, UPT_EMALFORMED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_line_iso),
        cmocka_unit_test(test_full_line_integer_at),
        cmocka_unit_test(test_null_user),
        cmocka_unit_test(test_meaningful_only_for_activities),
        cmocka_unit_test(test_kinds_and_their_entities),
        cmocka_unit_test(test_detail_compact),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_kind_and_entity_lengths),
        cmocka_unit_test(test_detail_limit),
        cmocka_unit_test(test_line_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
