/* SPDX-License-Identifier: MIT */
/* Value validators shared by record field tables: each returns 0 or -1 and has no side effect. */
#ifndef UPTAKE_CORE_VALIDATE_H
#define UPTAKE_CORE_VALIDATE_H

#include <stddef.h>

/* Valid UTF-8 without NUL or control characters other than tab, CR and LF. */
int validate_utf8_text(const char *s, size_t len);
/* A plausible address: one '@', a non-empty local part, a dotted domain, no spaces. */
int validate_email(const char *s);
/* Digits with optional leading '+', spaces, dots, dashes, parentheses, "x" extension; 4-20 digits. */
int validate_phone(const char *s);
/* An http(s) URL or a bare host name. */
int validate_url(const char *s);
/* A host name such as "example.com". */
int validate_domain(const char *s);
/* Three upper-case letters (ISO 4217 form). */
int validate_currency(const char *s);
/* A calendar date YYYY-MM-DD. */
int validate_date(const char *s);

#endif
