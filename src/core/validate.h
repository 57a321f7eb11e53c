/* SPDX-License-Identifier: MIT */
/* Value validators shared by record field tables: each returns 0 or -1 and has no side effect. */
#ifndef UPTAKE_CORE_VALIDATE_H
#define UPTAKE_CORE_VALIDATE_H

#include <stddef.h>

/* Valid UTF-8 (no overlong forms, surrogates or values past U+10FFFF) without NUL or other
 * control characters (C0 but tab, CR and LF; DEL; C1). */
int validate_utf8_text(const char *s, size_t len);
/* The number of characters (Unicode code points) in the len bytes of valid UTF-8 at s: what a
 * length limit counts, so 100 x "é" (200 bytes) is 100 characters. */
size_t validate_utf8_chars(const char *s, size_t len);
/* A name of people and things (users, tokens): valid text (validate_utf8_text) of 1 to
 * max_chars characters. The API and the CLI both check names with it. */
int validate_name(const char *s, size_t max_chars);
/* The longest user name, in characters (API and CLI). */
#define VALIDATE_USER_NAME_CHARS 200
/* A plausible address: one '@', a non-empty local part, a dotted domain, no spaces. */
int validate_email(const char *s);
/* Digits with optional leading '+', spaces, dots, dashes, parentheses, "x" extension; 4-20 digits.
 */
int validate_phone(const char *s);
/* An http(s) URL or a bare host name. */
int validate_url(const char *s);
/* A host name such as "example.com": at least two dot-separated labels of letters, digits,
 * '-' (not first or last in a label) or UTF-8 bytes, each 1-63 bytes, 3-253 bytes in all. */
int validate_domain(const char *s);
/* Three upper-case letters (ISO 4217 form). */
int validate_currency(const char *s);
/* A calendar date YYYY-MM-DD. */
int validate_date(const char *s);

#endif
