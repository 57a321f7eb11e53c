#!/bin/sh
# SPDX-License-Identifier: MIT
# scripts/check-source.sh on small trees of its own: a clean one passes, and each thing it
# forbids (a banned call, JSON built with a format string, sqlite3.h outside SQLite's engine,
# libpq outside PostgreSQL's, a file clang-format would change) fails the check and is named in its output. Usage: test_check_source.sh <source root>
set -u
root=$(cd "${1:-$(dirname "$0")/../..}" && pwd -P)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$root/tests/lint/expect.sh"

# fixture <name> <src/x.c text>: a tree with the project's .clang-format and one source file.
fixture()
{
    mkdir -p "$tmp/$1/src" "$tmp/$1/tests"
    cp "$root/.clang-format" "$tmp/$1/"
    printf '%s\n' "$2" >"$tmp/$1/src/x.c"
}

# expect <name> <0|1> [text the output must hold]
expect()
{
    out=$("$root/scripts/check-source.sh" "$tmp/$1" 2>&1)
    judge "$1" "$2" $? "$out" "${3:-}"
}

fixture clean '/* SPDX-License-Identifier: MIT */
#include <stdio.h>

int f(char *d, size_t n, const char *s)
{
    /* snprintf and strtok_r are allowed; so is a JSON key in a comment: {"a":1} */
    return snprintf(d, n, "%s", s) + (strtok_r(d, ",", &d) != NULL);
}'
expect clean 0

fixture strcpy '#include <string.h>

void f(char *d, const char *s)
{
    strcpy(d, s);
}'
expect strcpy 1 'src/x.c:5:    strcpy(d, s);'

fixture sprintf '#include <stdio.h>

void f(char *d, int n)
{
    sprintf(d, "%d", n);
}'
expect sprintf 1 'src/x.c:5:    sprintf(d, "%d", n);'

fixture atoi '#include <stdlib.h>

int f(const char *s)
{
    return atoi(s);
}'
expect atoi 1 'src/x.c:5:    return atoi(s);'

fixture json '#include <stdio.h>

void f(char *d, size_t n, int status)
{
    snprintf(d, n, "{\"status\":%d}", status);
}'
expect json 1 'JSON built as text'

fixture sqlite '#include <sqlite3.h>

int f(void)
{
    return sqlite3_threadsafe();
}'
expect sqlite 1 'src/x.c:1:#include <sqlite3.h>'

fixture libpq '#include <libpq-fe.h>

int f(void)
{
    return PQlibVersion();
}'
expect libpq 1 'src/x.c:1:#include <libpq-fe.h>'

fixture format 'int  f( void ){return 0;}'
expect format 1 'clang-formatted'

[ "$failures" -eq 0 ] || exit 1
