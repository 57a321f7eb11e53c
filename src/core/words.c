/* SPDX-License-Identifier: MIT */
/* words_next (words.h). */
#include "core/words.h"

#include <ctype.h>

static int in_word(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

const char *words_next(const char *p, size_t *len)
{
    const unsigned char *s = (const unsigned char *)p, *start;

    *len = 0;
    while (*s && !in_word(*s))
        s++;
    if (!*s)
        return NULL;
    start = s;
    while (*s && in_word(*s))
        s++;
    *len = (size_t)(s - start);
    return (const char *)start;
}
