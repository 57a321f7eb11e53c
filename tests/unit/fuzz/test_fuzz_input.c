/* SPDX-License-Identifier: MIT */
/* Bounded, deterministic fuzzing of everything that reads client input without I/O: json_loadb
 * followed by records_input_check for every kind, event_line_parse (lines of an event import),
 * clock_parse_iso, and the validators. Each round asserts no crash (ASan and UBSan do the rest
 * in the sanitizer build) and properties that must hold for any input: accepted records are
 * clean and re-check to themselves, accepted event lines hold what the import promises and
 * re-parse to themselves, parsed times round-trip and agree with timegm(), validate_utf8_text
 * agrees with a reference decoder.
 *
 * UPTAKE_FUZZ_SEED=n changes the seed and UPTAKE_FUZZ_SCALE=n multiplies the rounds, for long
 * runs by hand; CI runs the defaults, which take a few seconds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/clock.h"
#include "core/records.h"
#include "core/validate.h"
#include "io/event_line.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t rng_state;
static long scale = 1;

static uint64_t rnd(void)
{
    /* splitmix64: small, fast, and the same sequence everywhere */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static size_t below(size_t n)
{
    return n ? (size_t)(rnd() % n) : 0;
}

static int chance(int percent)
{
    return (int)below(100) < percent;
}

static int setup(void **state)
{
    const char *seed = getenv("UPTAKE_FUZZ_SEED");
    const char *s = getenv("UPTAKE_FUZZ_SCALE");

    (void)state;
    rng_state = seed ? strtoull(seed, NULL, 10) : 20260131;
    scale = s ? strtol(s, NULL, 10) : 1;
    if (scale < 1)
        scale = 1;
    return 0;
}

/* A growable byte string for building inputs. */
struct bytes {
    char *p;
    size_t len, cap;
};

static void b_add(struct bytes *b, const void *data, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->p = realloc(b->p, b->cap);
        assert_non_null(b->p);
    }
    if (n)
        memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void b_adds(struct bytes *b, const char *s)
{
    b_add(b, s, strlen(s));
}

/* An exact-size heap copy, so that ASan catches any read past the end. */
static char *exact(const char *p, size_t n, int terminate)
{
    char *q = malloc(n + (terminate ? 1 : 0) + (n == 0 && !terminate));
    assert_non_null(q);
    memcpy(q, p, n);
    if (terminate)
        q[n] = '\0';
    return q;
}

/* ---------------------------------------------------------------------------------------- */
/* Values people and programs send.                                                           */

static const char *const words[] = {
    "",
    " ",
    "x",
    "North",
    "  padded\t\n",
    "Zürich",
    "€",
    "😀",
    "a\tb",
    "line\r\nbreak",
    "2026-01-31",
    "2024-02-29",
    "2026-02-29",
    "2026-02-30",
    "2026-13-01",
    " 2026-01-31 ",
    "2026-01-31T09:30:00Z",
    "2026-01-31T09:30:00.123+01:00",
    "2026-01-31T09:30-0530",
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:30:00+01:00",
    "9999-12-31T23:59:59.999Z",
    "9999-12-31T23:30:00-01:00",
    "2016-12-31T23:59:60Z",
    "yesterday",
    "ann@example.com",
    " ann@example.com ",
    "a@b",
    "a@b.c",
    "@x.com",
    "a@@b.com",
    "+49 30 1234567",
    "12",
    "(030) 123-45-67 x9",
    "https://example.com/a?b#c",
    "example.com",
    "javascript:alert(1)",
    "http://",
    "EUR",
    "eur",
    "EURO",
    "works_at",
    "knows",
    "reports_to",
    "referred_by",
    "call",
    "meeting",
    "email",
    "note",
    "inbound",
    "outbound",
    "new",
    "working",
    "qualified",
    "converted",
    "disqualified",
    "\x7f",
    "\xc2\x85",
    "\xe2\x80\xae",
    "\x1b[31m",
    "\xef\xbb\xbf",
    "null",
    "true",
    "0",
    "-1",
};

static const char *const other_keys[] = {
    "id", "created_at", "updated_at", "deleted_at", "version",     "Name",  "name ",
    "",   "__proto__",  "label",      "value",      "email\u00e9", "owner", "x",
};

static const struct record_kind *const kinds[] = {
    &kind_team, &kind_organization, &kind_contact, &kind_relationship, &kind_activity,
    &kind_task, &kind_lead,         &kind_stage,   &kind_deal,
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

static const json_int_t ints[] = {
    0,
    1,
    -1,
    2,
    100,
    101,
    1000,
    1001,
    10080,
    10081,
    1000000000000000LL,
    1000000000000001LL,
    INT64_MAX,
    INT64_MIN,
    INT64_MAX - 1,
    1769851800000LL,
    4294967296LL,
    -4294967296LL,
};

/* A string: a word, perhaps mutated, padded or repeated to great length. */
static json_t *gen_string(void)
{
    struct bytes b = {0};
    const char *w = words[below(sizeof words / sizeof words[0])];
    json_t *s;

    if (chance(10))
        b_adds(&b, "  ");
    b_adds(&b, w);
    if (chance(15) && b.len) {
        /* mutate one byte, never to NUL (see test_known_bugs in tests/unit/core/test_records.c) */
        size_t at = below(b.len);
        b.p[at] = (char)(1 + below(255));
    }
    if (chance(5)) {
        size_t n = chance(20) ? 30000 : 1 + below(300);
        for (size_t i = 0; i < n; i++)
            b_add(&b, "y", 1);
    }
    if (chance(10))
        b_adds(&b, "\n");
    /* json_stringn_nocheck lets invalid UTF-8 reach records_input_check, which must refuse it
     * on its own (the HTTP path's parser refuses it first) */
    s = json_stringn_nocheck(b.p ? b.p : "", b.len);
    free(b.p);
    return s;
}

static json_t *gen_value(int depth);

static json_t *gen_labelled(int depth)
{
    json_t *a = json_array();
    size_t n = chance(5) ? 25 : below(4);

    for (size_t i = 0; i < n; i++) {
        if (chance(90)) {
            json_t *o = json_object();
            if (chance(70))
                json_object_set_new(o, "label", chance(80) ? gen_string() : gen_value(depth + 1));
            if (chance(90))
                json_object_set_new(o, "value", chance(85) ? gen_string() : gen_value(depth + 1));
            if (chance(5))
                json_object_set_new(o, "extra", json_true());
            json_array_append_new(a, o);
        } else {
            json_array_append_new(a, gen_value(depth + 1));
        }
    }
    return a;
}

static json_t *gen_value(int depth)
{
    switch (depth > 4 ? below(6) : below(10)) {
    case 0:
        return json_null();
    case 1:
        return json_boolean(chance(50));
    case 2:
        return json_integer(ints[below(sizeof ints / sizeof ints[0])]);
    case 3:
        return json_integer((json_int_t)rnd());
    case 4:
    case 5:
        return gen_string();
    case 6:
        return json_real(chance(50) ? 1.5 : -0.0);
    case 7:
        return gen_labelled(depth);
    case 8: {
        json_t *a = json_array();
        for (size_t i = below(3); i > 0; i--)
            json_array_append_new(a, gen_value(depth + 1));
        return a;
    }
    default: {
        json_t *o = json_object();
        for (size_t i = below(3); i > 0; i--)
            json_object_set_new(o, words[below(10)], gen_value(depth + 1));
        return o;
    }
    }
}

/* A record body for k: mostly its own fields, sometimes other kinds' or unknown keys. */
static json_t *gen_record(const struct record_kind *k)
{
    json_t *o = json_object();
    size_t nfields = 0;

    while (k->fields[nfields].name)
        nfields++;
    for (size_t i = below(9); i > 0; i--) {
        const char *key;
        if (chance(85))
            key = k->fields[below(nfields)].name;
        else if (chance(50))
            key = kinds[below(NKINDS)]->fields[0].name;
        else
            key = other_keys[below(sizeof other_keys / sizeof other_keys[0])];
        const struct field_def *f = records_field_find(k, key);
        json_t *v;
        /* a value of the right type most of the time, so deeper checks are reached */
        if (f && chance(70)) {
            switch (f->type) {
            case FT_INT:
            case FT_REF:
                v = json_integer(ints[below(sizeof ints / sizeof ints[0])]);
                break;
            case FT_BOOL:
                v = json_boolean(chance(50));
                break;
            case FT_LABELLED:
                v = gen_labelled(1);
                break;
            case FT_ENUM:
                v = chance(70) ? json_string(f->enum_values[0]) : gen_string();
                break;
            default:
                v = gen_string();
                break;
            }
        } else {
            v = gen_value(1);
        }
        json_object_set_new(o, key, v);
    }
    return o;
}

/* ---------------------------------------------------------------------------------------- */
/* Properties of records_input_check.                                                         */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Every value in an accepted clean object is what its field promises. */
static void assert_clean(const struct record_kind *k, const json_t *clean, const char *what)
{
    const char *key;
    json_t *v;

    json_object_foreach((json_t *)clean, key, v)
    {
        const struct field_def *f = records_field_find(k, key);
        if (!f || (f->flags & F_READONLY))
            fail_msg("%s: %s accepted field '%s'", what, k->name, key);
        if (json_is_null(v)) {
            if (f->flags & F_REQUIRED)
                fail_msg("%s: %s.%s is required but null", what, k->name, key);
            continue;
        }
        switch (f->type) {
        case FT_TEXT:
        case FT_DATE:
        case FT_ENUM: {
            const char *s = json_string_value(v);
            size_t len = json_string_length(v);
            if (!s || len == 0 || is_space(s[0]) || is_space(s[len - 1]))
                fail_msg("%s: %s.%s not a trimmed non-empty string", what, k->name, key);
            if (validate_utf8_text(s, len) < 0 || strlen(s) != len)
                fail_msg("%s: %s.%s holds invalid characters", what, k->name, key);
            if (f->type == FT_TEXT && f->max_len && len > f->max_len)
                fail_msg("%s: %s.%s is %zu bytes", what, k->name, key, len);
            if (f->type == FT_TEXT && f->check && f->check(s) < 0)
                fail_msg("%s: %s.%s fails its check: '%s'", what, k->name, key, s);
            if (f->type == FT_DATE && validate_date(s) < 0)
                fail_msg("%s: %s.%s is not a date: '%s'", what, k->name, key, s);
            if (f->type == FT_ENUM) {
                int found = 0;
                for (int i = 0; f->enum_values[i]; i++)
                    found |= strcmp(f->enum_values[i], s) == 0;
                if (!found)
                    fail_msg("%s: %s.%s = '%s' is not allowed", what, k->name, key, s);
            }
            break;
        }
        case FT_TIME:
            if (!json_is_integer(v) || json_integer_value(v) < CLOCK_MIN_MS ||
                json_integer_value(v) > CLOCK_MAX_MS)
                fail_msg("%s: %s.%s is not a time in range", what, k->name, key);
            break;
        case FT_INT:
        case FT_REF:
            if (!json_is_integer(v))
                fail_msg("%s: %s.%s is not an integer", what, k->name, key);
            if (f->type == FT_REF && json_integer_value(v) <= 0)
                fail_msg("%s: %s.%s is not a positive id", what, k->name, key);
            if (f->min < f->max &&
                (json_integer_value(v) < f->min || json_integer_value(v) > f->max))
                fail_msg("%s: %s.%s out of range", what, k->name, key);
            break;
        case FT_BOOL:
            if (!json_is_boolean(v))
                fail_msg("%s: %s.%s is not a boolean", what, k->name, key);
            break;
        case FT_LABELLED: {
            size_t i;
            json_t *item;
            if (!json_is_array(v) || json_array_size(v) > 20)
                fail_msg("%s: %s.%s is not a list of at most 20", what, k->name, key);
            json_array_foreach(v, i, item)
            {
                json_t *label = json_object_get(item, "label");
                json_t *value = json_object_get(item, "value");
                if (json_object_size(item) != 2 || !json_is_string(label) ||
                    !json_is_string(value) || json_string_length(label) > 50 ||
                    validate_utf8_text(json_string_value(label), json_string_length(label)) < 0 ||
                    f->check(json_string_value(value)) < 0)
                    fail_msg("%s: %s.%s[%zu] is not clean", what, k->name, key, i);
            }
            break;
        }
        }
    }
}

static unsigned long accepted_count, refused_count;

/* Checks input as create and as update for every kind, and the properties of the results. */
static void check_all_kinds(const json_t *input)
{
    for (size_t i = 0; i < NKINDS; i++) {
        const struct record_kind *k = kinds[i];
        for (int create = 0; create <= 1; create++) {
            json_t *clean = (json_t *)0x1, *echo = NULL, *again = NULL;
            struct err e = ERR_INIT;
            int rc = records_input_check(k, input, create, &clean, &e);

            if (rc < 0) {
                refused_count++;
                if (rc != UPT_EMALFORMED && rc != UPT_EINVAL)
                    fail_msg("%s: unexpected code %d", k->name, rc);
                if (clean != NULL || e.code != rc || e.message[0] == '\0')
                    fail_msg("%s: error without detail or with output", k->name);
                /* an error about a value names its field (only a non-object body has none,
                 * and an unknown key "" is named as "") */
                if (e.field[0] == '\0' && json_is_object(input) && !json_object_get(input, ""))
                    fail_msg("%s: '%s' names no field", k->name, e.message);
                continue;
            }
            accepted_count++;
            assert_non_null(clean);
            assert_clean(k, clean, create ? "create" : "update");
            /* the rule check only answers 0 or a field error */
            rc = records_record_check(k, clean, &e);
            if (rc != 0 && (rc != UPT_EINVAL || e.field[0] == '\0'))
                fail_msg("%s: record check gave %d '%s'", k->name, rc, e.field);
            /* the clean form, rendered as the API shows it, is accepted as itself */
            echo = json_deep_copy(clean);
            records_render(k, echo);
            rc = records_input_check(k, echo, create, &again, &e);
            if (rc != 0 || !json_equal(again, clean)) {
                char *a = json_dumps(clean, JSON_SORT_KEYS | JSON_ENSURE_ASCII);
                fail_msg("%s: clean input %s re-checks as %d (%s)", k->name, a ? a : "?", rc,
                         e.message);
            }
            json_decref(again);
            json_decref(echo);
            json_decref(clean);
        }
    }
}

/* Parses bytes as the HTTP layer does, then checks the result against every kind. */
static void check_bytes(const char *p, size_t n)
{
    char *copy = exact(p, n, 0);
    json_error_t jerr;
    json_t *doc = json_loadb(copy, n, JSON_REJECT_DUPLICATES, &jerr);

    free(copy);
    if (doc)
        check_all_kinds(doc);
    json_decref(doc);
}

/* One random edit of a JSON text. */
static void mutate(struct bytes *b)
{
    static const char *const tokens[] = {
        "\"",
        "\\",
        "\\u0000",
        "\\ud800",
        "\\udc00\\ud800",
        "\\u00e9",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "null",
        "true",
        "-",
        "1e999",
        "-1e999",
        "99999999999999999999",
        "-9223372036854775809",
        "9223372036854775807",
        "0.0",
        "-0",
        "1.5e3",
        "\xc3\x28",
        "\xff",
        "\xed\xa0\x80",
        "\xc0\xaf",
        " ",
        "\"name\":",
        "\"kind\":\"call\"",
        "\x00",
    };
    size_t at = below(b->len + 1);

    if (!b->p)
        b_add(b, "", 0);
    switch (below(7)) {
    case 0: /* flip a byte */
        if (b->len)
            b->p[below(b->len)] ^= (char)(1 << below(8));
        break;
    case 1: { /* insert a token */
        const char *t = tokens[below(sizeof tokens / sizeof tokens[0])];
        size_t tn = t[0] ? strlen(t) : 1;
        struct bytes nb = {0};
        b_add(&nb, b->p, at);
        b_add(&nb, t, tn);
        b_add(&nb, b->p + at, b->len - at);
        free(b->p);
        *b = nb;
        break;
    }
    case 2: /* truncate */
        b->len = at;
        if (b->p)
            b->p[at] = '\0';
        break;
    case 3: { /* delete a range */
        size_t n = below(b->len - at + 1);
        memmove(b->p + at, b->p + at + n, b->len - at - n + 1);
        b->len -= n;
        break;
    }
    case 4: { /* duplicate a range */
        size_t n = below(b->len - at + 1);
        struct bytes nb = {0};
        b_add(&nb, b->p, at + n);
        b_add(&nb, b->p + at, b->len - at);
        free(b->p);
        *b = nb;
        break;
    }
    case 5: /* a random byte */
        if (b->len)
            b->p[below(b->len)] = (char)below(256);
        break;
    default: { /* insert a random digit run, to make long numbers */
        struct bytes nb = {0};
        b_add(&nb, b->p, at);
        for (size_t i = 1 + below(30); i > 0; i--)
            b_add(&nb, &"0123456789"[below(10)], 1);
        b_add(&nb, b->p + at, b->len - at);
        free(b->p);
        *b = nb;
        break;
    }
    }
}

/* Structured bodies: generated objects checked directly, then their text mutated and parsed. */
static void test_fuzz_records(void **state)
{
    long rounds = 20000 * scale;

    (void)state;
    for (long r = 0; r < rounds; r++) {
        const struct record_kind *k = kinds[below(NKINDS)];
        json_t *doc = gen_record(k);
        char *text;

        check_all_kinds(doc);
        text = json_dumps(doc, JSON_COMPACT | (chance(50) ? JSON_ENSURE_ASCII : 0));
        json_decref(doc);
        if (!text)
            continue; /* the generator made invalid UTF-8, which jansson will not write */
        struct bytes b = {0};
        b_adds(&b, text);
        free(text);
        check_bytes(b.p, b.len);
        for (size_t m = 1 + below(4); m > 0; m--) {
            mutate(&b);
            check_bytes(b.p ? b.p : "", b.len);
        }
        free(b.p);
    }
    print_message("records: %lu accepted, %lu refused\n", accepted_count, refused_count);
    /* the generator must reach both outcomes, or it tests nothing */
    assert_true(accepted_count > (unsigned long)rounds);
    assert_true(refused_count > (unsigned long)rounds);
}

/* Raw bytes, deep nesting, long strings and huge numbers through the parser. */
static void test_fuzz_bytes(void **state)
{
    static const char *const shapes[] = {
        "{\"name\":%s}",
        "{\"other_emails\":%s}",
        "{\"amount_minor\":%s,\"currency\":\"EUR\"}",
        "{\"kind\":\"call\",\"contact_id\":%s}",
        "%s",
    };
    long rounds = 2000 * scale;

    (void)state;
    for (long r = 0; r < rounds; r++) {
        struct bytes b = {0};
        size_t n = below(64);
        for (size_t i = 0; i < n; i++) {
            char c =
                chance(50) ? "{}[]\":,0123456789.eE-+ntrufalse\\ "[below(33)] : (char)below(256);
            b_add(&b, &c, 1);
        }
        check_bytes(b.p ? b.p : "", b.len);
        free(b.p);
    }
    /* nesting far beyond the parser's depth limit, bare and inside a field */
    static const size_t depths[] = {1, 2, 100, 2047, 2048, 2049, 5000, 100000};
    for (size_t i = 0; i < sizeof depths / sizeof depths[0]; i++) {
        for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
            struct bytes inner = {0}, doc = {0};
            for (size_t d = 0; d < depths[i]; d++)
                b_adds(&inner, d % 2 ? "{\"a\":" : "[");
            b_adds(&inner, "1");
            for (size_t d = depths[i]; d > 0; d--)
                b_adds(&inner, (d - 1) % 2 ? "}" : "]");
            const char *pct = strstr(shapes[s], "%s");
            b_add(&doc, shapes[s], (size_t)(pct - shapes[s]));
            b_add(&doc, inner.p, inner.len);
            b_adds(&doc, pct + 2);
            check_bytes(doc.p, doc.len);
            free(inner.p);
            free(doc.p);
        }
    }
    /* huge and odd numbers */
    static const char *const numbers[] = {
        "1e999",
        "-1e999",
        "1e-999",
        "99999999999999999999",
        "-99999999999999999999",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "0",
        "-0",
        "00",
        "01",
        "1.",
        ".1",
        "1e",
        "0x10",
        "NaN",
        "Infinity",
        "1000000000000000",
        "1000000000000001",
        "1e15",
    };
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
            char doc[200];
            int len = snprintf(doc, sizeof doc, shapes[s], numbers[i]);
            check_bytes(doc, (size_t)len);
        }
    }
    /* long strings: one megabyte in a text field and in a labelled value */
    struct bytes big = {0};
    b_adds(&big, "{\"name\":\"");
    for (int i = 0; i < 1 << 20; i++)
        b_add(&big, i % 1000 ? "z" : "\\u00e9", i % 1000 ? 1 : 6);
    b_adds(&big, "\",\"other_emails\":[{\"label\":\"w\",\"value\":\"");
    for (int i = 0; i < 1 << 16; i++)
        b_add(&big, "a", 1);
    b_adds(&big, "@example.com\"}]}");
    check_bytes(big.p, big.len);
    free(big.p);
}

/* ---------------------------------------------------------------------------------------- */
/* event_line_parse: lines of an event import.                                                */

#define EVENT_NOW 1769851800000LL /* the import's "now": 2026-01-31T09:30:00Z */

static unsigned long events_accepted, events_refused;

static const char *const event_kinds[] = {
    "activity.logged",
    "login",
    "search",
    "contact.view",
    "deal.stage_changed",
    "report.pipeline",
    "a",
    "",
    "Login",
    "x-y",
    "a b",
    "caf\xc3\xa9",
    "activity.logged ",
    ".",
    "_9",
    "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk",  /* 47 */
    "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk", /* 48 */
};

static const char *const event_entities[] = {
    "contact",
    "activity",
    "deal",
    "user",
    "",
    "Contact",
    "a.b",
    "x_1",
    "eeeeeeeeeeeeeeeeeeeeeee",  /* 23 */
    "eeeeeeeeeeeeeeeeeeeeeeee", /* 24 */
};

static int word_like(const char *s, size_t max, const char *extra)
{
    size_t n = strlen(s);

    if (n == 0 || n > max)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || strchr(extra, s[i])))
            return 0;
    return 1;
}

static json_t *gen_event_at(void)
{
    static const json_int_t ats[] = {
        EVENT_NOW,    EVENT_NOW - 1,    EVENT_NOW + 60000, EVENT_NOW + 60001, 0, -1, 1,
        CLOCK_MIN_MS, CLOCK_MIN_MS - 1, CLOCK_MAX_MS,      CLOCK_MAX_MS + 1,
    };
    char iso[32];

    switch (below(10)) {
    case 0:
    case 1:
        return json_integer(ats[below(sizeof ats / sizeof ats[0])]);
    case 2:
    case 3:
    case 4:
        return json_integer(EVENT_NOW - (json_int_t)below(400 * CLOCK_DAY_MS));
    case 5:
    case 6:
    case 7:
        clock_format_iso(EVENT_NOW - (int64_t)below(400 * CLOCK_DAY_MS) + (int64_t)below(120000),
                         iso, sizeof iso);
        return json_string(iso);
    case 8:
        return gen_string();
    default:
        return gen_value(2);
    }
}

static json_t *gen_event_detail(void)
{
    json_t *d;

    if (chance(20))
        return gen_value(1);
    d = json_object();
    if (chance(60))
        json_object_set_new(d, "meaningful", chance(70) ? json_boolean(chance(60)) : gen_value(3));
    for (size_t i = below(3); i > 0; i--)
        json_object_set_new(d, words[below(sizeof words / sizeof words[0])], gen_value(2));
    if (chance(2)) { /* near EVENT_DETAIL_MAX, on either side */
        size_t n = EVENT_DETAIL_MAX - 64 + below(128);
        char *big = malloc(n + 1);
        assert_non_null(big);
        memset(big, chance(80) ? 'd' : '"', n);
        big[n] = '\0';
        json_object_set_new(d, "big", json_string(big));
        free(big);
    }
    return d;
}

#define PICK(a)           ((a)[below(sizeof(a) / sizeof((a)[0]))])
#define EVENT_KINDS_VALID 6 /* the first few of event_kinds are real kinds */

/* An event object: mostly the fields an import reads, each of the right type most of the time
 * so the later checks are reached; sometimes wrong types, bad words or unknown keys. */
static json_t *gen_event(void)
{
    json_t *o = json_object();
    json_t *v;

    if (chance(20))
        json_object_set_new(o, "id", gen_value(2));
    if (chance(95))
        json_object_set_new(o, "at", gen_event_at());
    if (chance(95)) {
        if (chance(20))
            v = json_null();
        else if (chance(85))
            v = json_integer(1 + (json_int_t)below(1000));
        else
            v = gen_value(2);
        json_object_set_new(o, "user_id", v);
    }
    if (chance(95)) {
        if (chance(60))
            v = json_string(event_kinds[below(EVENT_KINDS_VALID)]);
        else if (chance(80))
            v = json_string(PICK(event_kinds));
        else
            v = gen_string();
        json_object_set_new(o, "kind", v);
    }
    if (chance(40))
        json_object_set_new(o, "entity",
                            chance(85) ? json_string(PICK(event_entities)) : gen_value(2));
    if (chance(40))
        json_object_set_new(o, "entity_id",
                            json_integer(chance(85) ? (json_int_t)below(100000) : PICK(ints)));
    if (chance(50))
        json_object_set_new(o, "detail", gen_event_detail());
    if (chance(3))
        json_object_set_new(o, PICK(other_keys), json_true());
    return o;
}

/* Parses n bytes as one import line and checks what any answer must be; an accepted row
 * rendered back as a line parses to the same row. */
static void check_event_line(const char *p, size_t n)
{
    char *copy = exact(p, n, 0);
    struct event_row row, again;
    struct err e = ERR_INIT;
    int rc = event_line_parse(copy, n, EVENT_NOW, &row, &e);

    free(copy);
    if (rc < 0) {
        events_refused++;
        if (rc != UPT_EMALFORMED && rc != UPT_EINVAL && rc != UPT_ETOOBIG)
            fail_msg("event line: unexpected code %d", rc);
        if (e.code != rc || e.message[0] == '\0')
            fail_msg("event line: error without detail");
        if (row.detail)
            fail_msg("event line: a refused row keeps its detail");
        return;
    }
    events_accepted++;
    if (rc != 0 || n > EVENT_LINE_MAX)
        fail_msg("event line: %zu bytes accepted with %d", n, rc);
    if (row.at < CLOCK_MIN_MS || row.at > EVENT_NOW + 60000)
        fail_msg("event line: 'at' %lld accepted", (long long)row.at);
    if (row.user_id < 0 || row.entity_id < 0)
        fail_msg("event line: negative id accepted");
    if (!word_like(row.kind, sizeof row.kind - 1, "._"))
        fail_msg("event line: kind '%s' accepted", row.kind);
    if (row.entity[0] && !word_like(row.entity, sizeof row.entity - 1, "_"))
        fail_msg("event line: entity '%s' accepted", row.entity);
    json_t *detail = NULL;
    if (row.detail) {
        json_error_t jerr;
        detail = json_loads(row.detail, JSON_REJECT_DUPLICATES, &jerr);
        char *compact = detail ? json_dumps(detail, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
        if (!json_is_object(detail) || strlen(row.detail) > EVENT_DETAIL_MAX || !compact ||
            strcmp(compact, row.detail) != 0)
            fail_msg("event line: detail '%.80s' is not a compact object within the limit",
                     row.detail);
        free(compact);
    }
    int meant = strcmp(row.kind, "activity.logged") == 0 &&
                json_is_true(json_object_get(detail, "meaningful"));
    if (row.meaningful != meant)
        fail_msg("event line: meaningful %d for kind '%s'", row.meaningful, row.kind);

    json_t *line =
        json_pack("{s:I,s:o,s:s}", "at", (json_int_t)row.at, "user_id",
                  row.user_id ? json_integer(row.user_id) : json_null(), "kind", row.kind);
    if (row.entity[0])
        json_object_set_new(line, "entity", json_string(row.entity));
    if (row.entity_id)
        json_object_set_new(line, "entity_id", json_integer(row.entity_id));
    if (detail)
        json_object_set(line, "detail", detail);
    char *text = json_dumps(line, JSON_COMPACT);
    if (event_line_parse(text, strlen(text), EVENT_NOW, &again, &e) != 0 || again.at != row.at ||
        again.user_id != row.user_id || strcmp(again.kind, row.kind) != 0 ||
        strcmp(again.entity, row.entity) != 0 || again.entity_id != row.entity_id ||
        again.meaningful != row.meaningful || !again.detail != !row.detail ||
        (row.detail && strcmp(again.detail, row.detail) != 0))
        fail_msg("event line: %.200s does not re-parse to itself (%s)", text, e.message);
    free(text);
    free(again.detail);
    json_decref(line);
    json_decref(detail);
    free(row.detail);
}

/* Generated events as lines, then mutated, padded towards the line limit, and raw bytes. */
static void test_fuzz_event_line(void **state)
{
    long rounds = 5000 * scale;

    (void)state;
    for (long r = 0; r < rounds; r++) {
        json_t *ev = gen_event();
        char *text = json_dumps(ev, JSON_COMPACT | (chance(50) ? JSON_ENSURE_ASCII : 0));
        json_decref(ev);
        if (!text)
            continue; /* invalid UTF-8 from the generator, which jansson will not write */
        struct bytes b = {0};
        b_adds(&b, text);
        free(text);
        if (chance(5))
            b_adds(&b, chance(50) ? "\r" : " \t ");
        if (chance(2)) { /* to the line limit, and one byte over it */
            size_t want = EVENT_LINE_MAX - (chance(50) ? 0 : 1) + below(3);
            static char spaces[EVENT_LINE_MAX + 2];
            memset(spaces, ' ', sizeof spaces);
            if (b.len < want)
                b_add(&b, spaces, want - b.len);
        }
        check_event_line(b.p, b.len);
        for (size_t m = 1 + below(4); m > 0; m--) {
            mutate(&b);
            check_event_line(b.p ? b.p : "", b.len);
        }
        free(b.p);
    }
    for (long r = 0; r < rounds / 10; r++) {
        struct bytes b = {0};
        size_t n = below(64);
        for (size_t i = 0; i < n; i++) {
            char c =
                chance(50) ? "{}[]\":,0123456789.eE-+ntrufalse\\ "[below(33)] : (char)below(256);
            b_add(&b, &c, 1);
        }
        check_event_line(b.p ? b.p : "", b.len);
        free(b.p);
    }
    print_message("event lines: %lu accepted, %lu refused\n", events_accepted, events_refused);
    /* the generator must reach both outcomes, or it tests nothing */
    assert_true(events_accepted > (unsigned long)rounds / 5);
    assert_true(events_refused > (unsigned long)rounds);
}

/* ---------------------------------------------------------------------------------------- */
/* clock_parse_iso against timegm(), and round trips.                                         */

static int64_t reference_ms(int y, int mo, int d, int h, int mi, int s, int frac, int tzsign,
                            int tzh, int tzm, int *valid)
{
    struct tm tm = {0};
    time_t t;

    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    t = timegm(&tm);
    /* timegm() normalises 2026-02-30 to March 2: a date is real when nothing moved */
    *valid = y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && tm.tm_mday == d && tm.tm_mon == mo - 1 &&
             h <= 23 && mi <= 59 && s <= 60 && tzh <= 23 && tzm <= 59;
    return (int64_t)t * 1000 + h * 3600000LL + mi * 60000LL + s * 1000LL + frac -
           tzsign * (tzh * 3600000LL + tzm * 60000LL);
}

static void test_fuzz_clock(void **state)
{
    long rounds = 200000 * scale, parsed = 0;
    char s[80], iso[32];

    (void)state;
    /* generated from parts, with a known answer */
    for (long r = 0; r < rounds; r++) {
        int y = chance(5) ? (int)below(3) : chance(5) ? 9998 + (int)below(2) : 1 + (int)below(9999);
        int mo = (int)below(14), d = (int)below(33), h = (int)below(26), mi = (int)below(62);
        int sec = (int)below(62), tzh = (int)below(26), tzm = (int)below(62);
        int fdigits = (int)below(7), frac = 0, tzsign = 0, valid;
        int form = (int)below(4), tz = (int)below(5);
        char fracs[8] = "";
        int n;

        /* the first and last days, where an offset can leave the four-digit years */
        if (chance(3))
            y = 1, mo = 1, d = 1;
        else if (chance(3))
            y = 9999, mo = 12, d = 31;

        for (int i = 0; i < fdigits; i++) {
            int dgt = (int)below(10);
            fracs[i] = (char)('0' + dgt);
            if (i < 3)
                frac += dgt * (i == 0 ? 100 : i == 1 ? 10 : 1);
        }
        fracs[fdigits] = '\0';
        if (form == 0)
            h = mi = sec = frac = 0;
        else if (form == 1)
            sec = frac = 0;
        else if (form == 2)
            frac = 0;
        n = snprintf(s, sizeof s, "%04d-%02d-%02d", y, mo, d);
        if (form >= 1)
            n +=
                snprintf(s + n, sizeof s - (size_t)n, "%c%02d:%02d", chance(50) ? 'T' : ' ', h, mi);
        if (form >= 2)
            n += snprintf(s + n, sizeof s - (size_t)n, ":%02d", sec);
        if (form == 3 && fdigits)
            n += snprintf(s + n, sizeof s - (size_t)n, ".%s", fracs);
        else if (form == 3)
            frac = 0;
        if (tz == 1) {
            n += snprintf(s + n, sizeof s - (size_t)n, "Z");
            tzh = tzm = 0;
        } else if (tz >= 2) {
            tzsign = chance(50) ? 1 : -1;
            n += snprintf(s + n, sizeof s - (size_t)n, "%c%02d%s%02d", tzsign > 0 ? '+' : '-', tzh,
                          tz == 2 ? ":" : "", tzm);
        } else {
            tzh = tzm = 0;
        }
        int64_t want =
            reference_ms(y, mo < 1 ? 1 : mo, d, h, mi, sec, frac, tzsign, tzh, tzm, &valid);
        valid = valid && mo >= 1 && want >= CLOCK_MIN_MS && want <= CLOCK_MAX_MS;
        char *heap = exact(s, (size_t)n, 1);
        int64_t got = 0;
        int rc = clock_parse_iso(heap, &got);
        free(heap);
        if (valid != (rc == 0) || (valid && got != want))
            fail_msg("'%s': parse %d %lld, reference %s %lld", s, rc, (long long)got,
                     valid ? "valid" : "invalid", (long long)want);
        parsed += rc == 0;
    }
    assert_true(parsed > rounds / 10);

    /* formatted times, mutated: whatever parses round-trips through the formatter */
    for (long r = 0; r < rounds; r++) {
        static const char edits[] = "0123456789-:T.Z+ zt\x7f\xff";
        int64_t ms = CLOCK_MIN_MS + (int64_t)(rnd() % (uint64_t)(CLOCK_MAX_MS - CLOCK_MIN_MS));
        size_t len;

        if (chance(5))
            ms = chance(50) ? CLOCK_MIN_MS + (int64_t)below(CLOCK_DAY_MS)
                            : CLOCK_MAX_MS - (int64_t)below(CLOCK_DAY_MS);

        clock_format_iso(ms, s, sizeof s);
        len = strlen(s);
        for (size_t m = 1 + below(3); m > 0; m--) {
            size_t at = below(len);
            switch (below(4)) {
            case 0:
                s[at] = edits[below(sizeof edits - 1)];
                break;
            case 1:
                len = at;
                break;
            case 2:
                memmove(s + at + 1, s + at, len - at + 1);
                s[at] = edits[below(sizeof edits - 1)];
                len++;
                break;
            default:
                len += (size_t)snprintf(s + len, sizeof s - len, "%s",
                                        chance(50) ? "+14:00" : "-0959");
                break;
            }
            s[len] = '\0';
            if (len > 60)
                break;
        }
        char *heap = exact(s, len, 1);
        int64_t got = 0, back = 0;
        if (clock_parse_iso(heap, &got) == 0) {
            if (got < CLOCK_MIN_MS || got > CLOCK_MAX_MS)
                fail_msg("'%s' parsed out of range: %lld", s, (long long)got);
            clock_format_iso(got, iso, sizeof iso);
            if (clock_parse_iso(iso, &back) != 0 || back != got)
                fail_msg("'%s' -> %lld -> '%s' -> %lld", s, (long long)got, iso, (long long)back);
        }
        /* a valid calendar date is a valid time (its midnight) */
        if (len >= 10) {
            char day[11];
            memcpy(day, heap, 10);
            day[10] = '\0';
            if (clock_check_date(day) == 0 && clock_parse_iso(day, &got) != 0)
                fail_msg("date '%s' passes the check but does not parse", day);
            if (clock_check_date(day) != validate_date(day))
                fail_msg("validate_date and clock_check_date disagree on '%s'", day);
        }
        free(heap);
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Validators: a reference UTF-8 decoder, and what each accepted value must look like.        */

/* RFC 3629 decoding written independently of utf8proc, with the control-character policy of
 * validate.h. Returns 0 or -1. */
static int reference_utf8_text(const unsigned char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        unsigned c = s[i];
        uint32_t cp;
        size_t n;

        if (c < 0x80) {
            cp = c, n = 1;
        } else if (c >= 0xc2 && c <= 0xdf) {
            cp = c & 0x1f, n = 2;
        } else if (c >= 0xe0 && c <= 0xef) {
            cp = c & 0x0f, n = 3;
        } else if (c >= 0xf0 && c <= 0xf4) {
            cp = c & 0x07, n = 4;
        } else {
            return -1;
        }
        if (len - i < n)
            return -1;
        for (size_t j = 1; j < n; j++) {
            if ((s[i + j] & 0xc0) != 0x80)
                return -1;
            cp = cp << 6 | (s[i + j] & 0x3f);
        }
        if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return -1;
        if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7f && cp < 0xa0))
            return -1;
        i += n;
    }
    return 0;
}

static void random_text(struct bytes *b)
{
    static const char *const pieces[] = {
        "a",
        "Z",
        "0",
        "@",
        ".",
        "-",
        "+",
        " ",
        "\t",
        "\n",
        "/",
        ":",
        "?",
        "#",
        "(",
        ")",
        "x",
        "example",
        "com",
        "https://",
        "http://",
        "\xc3\xa9",
        "\xe2\x82\xac",
        "\xf0\x9f\x98\x80",
        "\xc3",
        "\x80",
        "\xc0\x80",
        "\xed\xa0\x80",
        "\xf4\x90\x80\x80",
        "\x7f",
        "\xc2\x85",
        "\x01",
        "\xef\xbf\xbf",
        "\xf0\x90\x80",
        "\xe0\xa0\x80",
        "EUR",
        "2026-01-31",
        ",",
        ";",
        "<",
    };
    for (size_t i = below(24); i > 0; i--) {
        if (chance(15)) {
            char c = (char)(1 + below(255));
            b_add(b, &c, 1);
        } else {
            b_adds(b, pieces[below(sizeof pieces / sizeof pieces[0])]);
        }
    }
}

static void test_fuzz_validate(void **state)
{
    long rounds = 200000 * scale, emails = 0, urls = 0;

    (void)state;
    for (long r = 0; r < rounds; r++) {
        struct bytes b = {0};
        random_text(&b);
        if (!b.p)
            b_adds(&b, "");
        char *s = exact(b.p, b.len, 1);
        size_t len = b.len;

        /* utf8: agreement with the reference, on the exact length (NUL included, when the
         * length is made to reach past a terminator inside) */
        if (validate_utf8_text(s, len) != reference_utf8_text((unsigned char *)s, len))
            fail_msg("validate_utf8_text disagrees with the reference on %zu bytes", len);
        if (len &&
            validate_utf8_text(s, len - 1) != reference_utf8_text((unsigned char *)s, len - 1))
            fail_msg("validate_utf8_text disagrees on a prefix");
        char *withnul = exact(b.p, len + 1, 0); /* copies the terminator: a NUL inside */
        if (validate_utf8_text(withnul, len + 1) != -1)
            fail_msg("a NUL inside the length is accepted");
        free(withnul);

        if (validate_domain(s) == 0) {
            size_t n = strlen(s);
            if (n < 3 || n > 253 || !strchr(s, '.') || strstr(s, "..") || s[0] == '.' ||
                s[n - 1] == '.' || strstr(s, "-.") || strstr(s, ".-") || s[0] == '-' ||
                s[n - 1] == '-' || strpbrk(s, " \t\n/:@?#"))
                fail_msg("validate_domain accepted '%s'", s);
        }
        if (validate_email(s) == 0) {
            const char *at = strchr(s, '@');
            emails++;
            if (!at || at == s || strchr(at + 1, '@') || strlen(s) > 254 ||
                validate_domain(at + 1) != 0 || strpbrk(s, " \t\r\n,;<>"))
                fail_msg("validate_email accepted '%s'", s);
        }
        if (validate_url(s) == 0) {
            urls++;
            for (const unsigned char *p = (const unsigned char *)s; *p; p++)
                if (*p <= ' ' || *p == 0x7f)
                    fail_msg("validate_url accepted '%s'", s);
        }
        if (validate_phone(s) == 0) {
            int digits = 0;
            for (const char *p = s; *p; p++) {
                digits += *p >= '0' && *p <= '9';
                if (!strchr("0123456789+ .-()/x", *p))
                    fail_msg("validate_phone accepted '%s'", s);
            }
            if (digits < 4 || digits > 20)
                fail_msg("validate_phone accepted '%s'", s);
        }
        if (validate_currency(s) == 0 &&
            (strlen(s) != 3 || strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3))
            fail_msg("validate_currency accepted '%s'", s);
        if (validate_date(s) == 0 && clock_check_date(s) != 0)
            fail_msg("validate_date accepted '%s'", s);
        free(s);
        free(b.p);
    }
    /* the generator reaches acceptance too */
    assert_true(emails > 0);
    assert_true(urls > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_fuzz_records, setup),
        cmocka_unit_test_setup(test_fuzz_bytes, setup),
        cmocka_unit_test_setup(test_fuzz_event_line, setup),
        cmocka_unit_test_setup(test_fuzz_clock, setup),
        cmocka_unit_test_setup(test_fuzz_validate, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
