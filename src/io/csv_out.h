/* SPDX-License-Identifier: MIT */
/* CSV text built cell by cell (RFC 4180: comma, CRLF, fields quoted by libcsv). A cell a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe. */
#ifndef UPTAKE_IO_CSV_OUT_H
#define UPTAKE_IO_CSV_OUT_H

#include "core/buf.h"

#include <jansson.h>
#include <stdint.h>

struct csv_out {
    struct buf b;
    int col; /* cells written on the current row */
};

void csv_out_init(struct csv_out *c);
void csv_cell(struct csv_out *c, const char *text); /* NULL: empty cell */
void csv_cell_int(struct csv_out *c, int64_t v);
/* A JSON scalar: strings as text, numbers as written by jansson, null empty, true/false. */
void csv_cell_json(struct csv_out *c, const json_t *v);
void csv_row_end(struct csv_out *c);
/* The text; the caller frees it. c is left empty. */
char *csv_out_detach(struct csv_out *c, size_t *len);
void csv_out_release(struct csv_out *c);

#endif
