/* SPDX-License-Identifier: MIT */
/* Rewrites SQL written with SQLite's parameters ($name, ?) into libpq's ($1..$N), numbered as
 * SQLite numbers them, and keeps each number's name so a binding by name finds its slot. */
#ifndef UPTAKE_STORE_PG_PARAMS_H
#define UPTAKE_STORE_PG_PARAMS_H

struct pg_params {
    char *sql;    /* the rewritten SQL */
    int n;        /* parameters, numbered 1..n */
    char **names; /* names[i] is parameter i+1's name with its '$' ("$id"), NULL for ? */
};

/* Fills p from sql: a named parameter ($ then [A-Za-z0-9_]+, so "$1" is the name "$1" as in
 * SQLite) takes the next number at its first appearance and keeps it; each ? takes the next
 * number; ?NNN is number NNN. Text in '...', "...", -- and block comments is copied as it is, and
 * "::" is a cast. An unterminated quote or comment runs to the end of sql and no further. */
void pg_params_rewrite(const char *sql, struct pg_params *p);
void pg_params_release(struct pg_params *p);
/* The number (1-based) of the parameter named name ("$id"), 0 when there is none. */
int pg_params_index(const struct pg_params *p, const char *name);

#endif
