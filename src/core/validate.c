/* SPDX-License-Identifier: MIT */
/* Validators: deliberately permissive where people type freely (phones), strict where machines
 * read the value (currency, dates). */
#include "core/validate.h"

#include "core/clock.h"

#include <ctype.h>
#include <string.h>
#include <utf8proc.h>

int validate_utf8_text(const char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n < 0)
            return -1;
        /* C0 controls (but tab, CR, LF), DEL and the C1 controls U+0080..U+009F: none of them
         * belongs in a name or a note, and some of them reformat terminals and logs. */
        if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7f && cp < 0xa0))
            return -1;
        i += (size_t)n;
    }
    return 0;
}

size_t validate_utf8_chars(const char *s, size_t len)
{
    size_t n = 0;

    /* Every byte but a continuation byte (top bits 10) starts a character. */
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xc0) != 0x80;
    return n;
}

int validate_name(const char *s, size_t max_chars)
{
    size_t len = s ? strlen(s) : 0;

    if (len == 0 || validate_utf8_text(s, len) < 0 || validate_utf8_chars(s, len) > max_chars)
        return -1;
    return 0;
}

int validate_domain(const char *s)
{
    size_t len = strlen(s), label = 0;
    int dots = 0;

    if (len < 3 || len > 253 || s[0] == '.' || s[len - 1] == '.' || s[len - 1] == '-')
        return -1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') {
            /* labels are non-empty and neither start nor end with '-' (RFC 1123) */
            if (label == 0 || s[i - 1] == '-')
                return -1;
            dots++;
            label = 0;
        } else if (isalnum(c) || c == '-' || c >= 0x80) {
            if ((c == '-' && label == 0) || ++label > 63)
                return -1;
        } else {
            return -1;
        }
    }
    return dots ? 0 : -1;
}

int validate_email(const char *s)
{
    const char *at = strchr(s, '@');

    if (!at || at == s || strchr(at + 1, '@') || strlen(s) > 254)
        return -1;
    for (const char *p = s; p < at; p++)
        if (isspace((unsigned char)*p) || iscntrl((unsigned char)*p) || *p == ',' || *p == ';' ||
            *p == '<' || *p == '>')
            return -1;
    return validate_domain(at + 1);
}

int validate_phone(const char *s)
{
    int ndigits = 0;

    for (const char *p = s; *p; p++) {
        if (isdigit((unsigned char)*p))
            ndigits++;
        else if (*p == '+' && p == s)
            continue;
        else if (!strchr(" .-()/x", *p))
            return -1;
    }
    return ndigits >= 4 && ndigits <= 20 ? 0 : -1;
}

int validate_url(const char *s)
{
    const char *host = s;
    char hostbuf[256];
    size_t n;

    if (strncmp(s, "https://", 8) == 0)
        host = s + 8;
    else if (strncmp(s, "http://", 7) == 0)
        host = s + 7;
    n = strcspn(host, "/?#:");
    if (n == 0 || n >= sizeof hostbuf)
        return -1;
    memcpy(hostbuf, host, n);
    hostbuf[n] = '\0';
    for (const char *p = host; *p; p++)
        if (isspace((unsigned char)*p) || iscntrl((unsigned char)*p))
            return -1;
    return validate_domain(hostbuf);
}

int validate_currency(const char *s)
{
    return strlen(s) == 3 && isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]) &&
                   isupper((unsigned char)s[2])
               ? 0
               : -1;
}

int validate_date(const char *s)
{
    return clock_check_date(s);
}
