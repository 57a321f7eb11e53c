/* SPDX-License-Identifier: MIT */
/* Tests of src/core/validate.c: one table of accepted and refused values per validator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/validate.h"

#include <string.h>

struct str_case {
    const char *in;
    int ok;
};

static void run_table(const char *what, int (*fn)(const char *), const struct str_case *cases,
                      size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int rc = fn(cases[i].in);
        if (rc != (cases[i].ok ? 0 : -1))
            fail_msg("%s('%s') = %d, want %d", what, cases[i].in, rc, cases[i].ok ? 0 : -1);
    }
}

#define RUN(fn, cases) run_table(#fn, fn, cases, sizeof cases / sizeof cases[0])

static const struct str_case emails[] = {
    {"ann@example.com", 1},
    {"a@b.c", 1},
    {"first.last+tag@mail.example.co.uk", 1},
    {"o'brien@example.ie", 1},
    {"jos\xc3\xa9@exampl\xc3\xa9.fr", 1},
    {"ANN@EXAMPLE.COM", 1},
    {"", 0},
    {"ann", 0},
    {"@example.com", 0},
    {"ann@", 0},
    {"ann@example", 0},
    {"ann@@example.com", 0},
    {"ann@b@example.com", 0},
    {"ann smith@example.com", 0},
    {"ann@example .com", 0},
    {" ann@example.com", 0},
    {"ann@example.com ", 0},
    {"ann\t@example.com", 0},
    {"ann\x01@example.com", 0},
    {"ann,bob@example.com", 0},
    {"ann;bob@example.com", 0},
    {"<ann@example.com>", 0},
    {"Ann <ann@example.com>", 0},
    {"ann@.example.com", 0},
    {"ann@example.com.", 0},
    {"ann@example..com", 0},
    {"ann@exa_mple.com", 0},
    {"ann@-example.com", 0},
    {"ann@example-.com", 0},
};

static void test_email(void **state)
{
    char longest[255], too_long[256];

    (void)state;
    RUN(validate_email, emails);
    /* 254 characters in all is the limit */
    memset(longest, 'a', sizeof longest - 1);
    longest[sizeof longest - 1] = '\0';
    memcpy(longest + 254 - 12, "@example.com", 12);
    assert_int_equal(strlen(longest), 254);
    assert_int_equal(validate_email(longest), 0);
    memset(too_long, 'a', sizeof too_long - 1);
    too_long[sizeof too_long - 1] = '\0';
    memcpy(too_long + 255 - 12, "@example.com", 12);
    assert_int_equal(validate_email(too_long), -1);
}

static const struct str_case phones[] = {
    {"1234", 1},
    {"+49 30 1234567", 1},
    {"(030) 123-45-67", 1},
    {"030/1234567", 1},
    {"+1 (555) 123.4567 x89", 1},
    {"12345678901234567890", 1},
    {"", 0},
    {"123", 0},
    {"+", 0},
    {"(12) 3", 0},
    {"123456789012345678901", 0},
    {"12+34567", 0},
    {"++4930123456", 0},
    {"call me", 0},
    {"0301234567#", 0},
    {"030\t1234567", 0},
    {"030_1234567", 0},
    {"\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4", 0}, /* Arabic-Indic digits */
};

static void test_phone(void **state)
{
    (void)state;
    RUN(validate_phone, phones);
}

static const struct str_case domains[] = {
    {"example.com", 1},
    {"a.b", 1},
    {"sub.example.co.uk", 1},
    {"xn--bcher-kva.example", 1},
    {"b\xc3\xbc"
     "cher.de",
     1},
    {"my-site.example", 1},
    {"123.example", 1},
    {"", 0},
    {"a.", 0},
    {"ab", 0},
    {"localhost", 0},
    {".example.com", 0},
    {"example.com.", 0},
    {"example..com", 0},
    {"exa mple.com", 0},
    {"exa_mple.com", 0},
    {"example.com/", 0},
    {"-example.com", 0},
    {"example-.com", 0},
    {"example.-com", 0},
    {"example.com-", 0},
    {"user@example.com", 0},
};

static void test_domain(void **state)
{
    char label63[80], label64[80], longname[300];

    (void)state;
    RUN(validate_domain, domains);
    /* labels are at most 63 bytes */
    memset(label63, 'a', 63);
    memcpy(label63 + 63, ".com", 5);
    assert_int_equal(validate_domain(label63), 0);
    memset(label64, 'a', 64);
    memcpy(label64 + 64, ".com", 5);
    assert_int_equal(validate_domain(label64), -1);
    /* names are at most 253 bytes: 63 labels of "abc." make 252, then "d" */
    longname[0] = '\0';
    for (int i = 0; i < 63; i++)
        memcpy(longname + 4 * i, "abc.", 5);
    memcpy(longname + 252, "d", 2);
    assert_int_equal(strlen(longname), 253);
    assert_int_equal(validate_domain(longname), 0);
    memcpy(longname + 252, "de", 3);
    assert_int_equal(validate_domain(longname), -1);
}

static const struct str_case urls[] = {
    {"https://example.com", 1},
    {"http://example.com", 1},
    {"https://example.com/", 1},
    {"https://example.com/path?q=1#frag", 1},
    {"https://example.com:8443/x", 1},
    {"example.com", 1},
    {"www.example.com/about", 1},
    {"", 0},
    {"https://", 0},
    {"http://", 0},
    {"https:///path", 0},
    {"ftp://example.com", 0},
    {"javascript:alert(1)", 0},
    {"javascript://example.com/%0aalert(1)", 0},
    {"data:text/html,<script>alert(1)</script>", 0},
    {"https://user:pw@example.com", 0},
    {"https://exa mple.com", 0},
    {"https://example.com/a b", 0},
    {"https://example.com/\x01", 0},
    {"https://localhost/", 0},
    {"//example.com", 0},
    {"https://example..com", 0},
};

static void test_url(void **state)
{
    char longhost[400];

    (void)state;
    RUN(validate_url, urls);
    /* a host longer than any domain is refused without overflowing anything */
    memcpy(longhost, "https://", 8);
    memset(longhost + 8, 'a', 300);
    memcpy(longhost + 308, ".com", 5);
    assert_int_equal(validate_url(longhost), -1);
}

static const struct str_case currencies[] = {
    {"EUR", 1},  {"USD", 1}, {"JPY", 1}, {"eur", 0}, {"Eur", 0}, {"EU", 0},
    {"EURO", 0}, {"", 0},    {"E1R", 0}, {"EU ", 0}, {" EU", 0}, {"\xc3\x89UR", 0},
};

static void test_currency(void **state)
{
    (void)state;
    RUN(validate_currency, currencies);
}

static const struct str_case dates[] = {
    {"2026-01-31", 1}, {"2024-02-29", 1},  {"2026-02-29", 0}, {"2026-13-01", 0},
    {"2026-02-30", 0}, {"2026-1-1", 0},    {"", 0},           {"2026-01-01T00:00Z", 0},
    {"31/01/2026", 0}, {"2026-01-31 ", 0},
};

static void test_date(void **state)
{
    (void)state;
    RUN(validate_date, dates);
}

struct utf8_case {
    const char *in;
    size_t len; /* bytes of in to check, which may hold NUL */
    int ok;
};

#define U(s, ok)                                                                                   \
    {                                                                                              \
        s, sizeof(s) - 1, ok                                                                       \
    }

static const struct utf8_case utf8_cases[] = {
    U("", 1),
    U("plain ascii", 1),
    U("tab\there, lines\r\nend", 1),
    U("Z\xc3\xbcrich", 1),    /* ü */
    U("\xe2\x82\xac 10", 1),  /* € */
    U("\xf0\x9f\x98\x80", 1), /* U+1F600 */
    U("\xf4\x8f\xbf\xbf", 1), /* U+10FFFF */
    U("\xc2\xa0", 1),         /* U+00A0, first after the C1 block */
    U("nul\0inside", 0),      /* NUL within the length */
    U("bell\a", 0),
    U("esc\x1b[31m", 0),
    U("del\x7f", 0),
    U("c1 \xc2\x85", 0), /* U+0085 NEXT LINE */
    U("c1 \xc2\x9b"
      "31m",
      0),         /* U+009B CSI */
    U("\x80", 0), /* lone continuation byte */
    U("\xc3", 0), /* truncated sequence */
    U("\xe2\x82", 0),
    U("\xc3\x28", 0),             /* bad continuation */
    U("\xc0\x80", 0),             /* overlong NUL */
    U("\xc1\xbf", 0),             /* overlong */
    U("\xe0\x80\xaf", 0),         /* overlong '/' */
    U("\xf0\x80\x80\xaf", 0),     /* overlong '/' */
    U("\xed\xa0\x80", 0),         /* surrogate U+D800 */
    U("\xed\xbf\xbf", 0),         /* surrogate U+DFFF */
    U("\xf4\x90\x80\x80", 0),     /* past U+10FFFF */
    U("\xf8\x88\x80\x80\x80", 0), /* five-byte form */
    U("\xfe", 0),
    U("\xff", 0),
};

static void test_utf8_text(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof utf8_cases / sizeof utf8_cases[0]; i++) {
        const struct utf8_case *c = &utf8_cases[i];
        int rc = validate_utf8_text(c->in, c->len);
        if (rc != (c->ok ? 0 : -1))
            fail_msg("validate_utf8_text case %zu (%zu bytes) = %d", i, c->len, rc);
    }
    /* the length is honoured: what lies past it is not read */
    assert_int_equal(validate_utf8_text("ok\x01", 2), 0);
    assert_int_equal(validate_utf8_text("\xe2\x82\xac", 2), -1);
    assert_int_equal(validate_utf8_text("\x01", 0), 0);
}

/* Length limits count characters: code points, not bytes. */
static void test_utf8_chars(void **state)
{
    (void)state;
    assert_int_equal(validate_utf8_chars("", 0), 0);
    assert_int_equal(validate_utf8_chars("abc", 3), 3);
    assert_int_equal(validate_utf8_chars("\xc3\xa9t\xc3\xa9", 5), 3); /* été */
    assert_int_equal(validate_utf8_chars("\xe2\x82\xac", 3), 1);      /* € */
    assert_int_equal(validate_utf8_chars("\xf0\x9f\x98\x80!", 5), 2); /* 😀! */
    assert_int_equal(validate_utf8_chars("e\xcc\x81", 3), 2);         /* e + combining acute */
}

/* Names of users and tokens: 1 to max characters of valid text, the same in the API and CLI. */
static void test_name(void **state)
{
    char name[402];

    (void)state;
    for (int i = 0; i < 200; i++)
        memcpy(name + 2 * i, "\xc3\xa9", 2); /* 200 x é: 400 bytes */
    name[400] = '\0';
    assert_int_equal(validate_name(name, 200), 0);
    assert_int_equal(validate_name(name, 199), -1);
    assert_int_equal(validate_name("", 200), -1);
    assert_int_equal(validate_name(NULL, 200), -1);
    assert_int_equal(validate_name("tab\x01", 200), -1);
    assert_int_equal(validate_name("\xc3", 200), -1); /* cut short */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_email),     cmocka_unit_test(test_phone),
        cmocka_unit_test(test_domain),    cmocka_unit_test(test_url),
        cmocka_unit_test(test_currency),  cmocka_unit_test(test_date),
        cmocka_unit_test(test_utf8_text), cmocka_unit_test(test_utf8_chars),
        cmocka_unit_test(test_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
