/* SPDX-License-Identifier: MIT */
/* CSV output through libcsv's csv_write, which quotes every field and doubles quotes. */
#include "io/csv_out.h"

#include "core/xalloc.h"

#include <csv.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void csv_out_init(struct csv_out *c)
{
    buf_init(&c->b, 0);
    c->col = 0;
}

static int formula_like(const char *s)
{
    return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
}

/* defuse: text typed by people; numbers this module wrote itself (-42) are left alone. */
static void cell(struct csv_out *c, const char *text, int defuse)
{
    const char *s = text ? text : "";
    char *prefixed = NULL, *out;
    size_t n = strlen(s);

    if (c->col++)
        buf_addc(&c->b, ',');
    if (!n)
        return;
    if (defuse && formula_like(s)) {
        prefixed = xmalloc(n + 2);
        prefixed[0] = '\'';
        memcpy(prefixed + 1, s, n + 1);
        s = prefixed;
        n++;
    }
    /* At most every byte a doubled quote, plus the two outer quotes. */
    out = xmalloc(2 * n + 2);
    buf_add(&c->b, out, csv_write(out, 2 * n + 2, s, n));
    free(out);
    free(prefixed);
}

void csv_cell(struct csv_out *c, const char *text)
{
    cell(c, text, 1);
}

void csv_cell_int(struct csv_out *c, int64_t v)
{
    char s[32];

    snprintf(s, sizeof s, "%" PRId64, v);
    cell(c, s, 0);
}

void csv_cell_json(struct csv_out *c, const json_t *v)
{
    char s[64];

    if (!v || json_is_null(v)) {
        csv_cell(c, NULL);
    } else if (json_is_string(v)) {
        csv_cell(c, json_string_value(v));
    } else if (json_is_integer(v)) {
        csv_cell_int(c, json_integer_value(v));
    } else if (json_is_real(v)) {
        snprintf(s, sizeof s, "%.4g", json_real_value(v));
        cell(c, s, 0);
    } else if (json_is_boolean(v)) {
        csv_cell(c, json_is_true(v) ? "true" : "false");
    } else {
        char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        csv_cell(c, text);
        free(text);
    }
}

void csv_row_end(struct csv_out *c)
{
    buf_adds(&c->b, "\r\n");
    c->col = 0;
}

char *csv_out_detach(struct csv_out *c, size_t *len)
{
    return buf_detach(&c->b, len);
}

void csv_out_release(struct csv_out *c)
{
    buf_release(&c->b);
}
