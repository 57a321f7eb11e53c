#!/bin/sh
# SPDX-License-Identifier: MIT
# The source check CI runs (ctest: lint/source): every C file of src/ and tests/ is formatted as
# .clang-format says, uses none of the calls the house style bans (strcpy, strcat, sprintf,
# vsprintf, strncpy, strtok, gets, atoi, atol, atoll), and src/ builds no JSON as text with a
# format string (jansson does that), and only each engine's files see its client library (sqlite3.h, libpq-fe.h). Usage: scripts/check-source.sh [source root]
set -u
root=${1:-$(dirname "$0")/..}
cd "$root" || exit 2

# The tracked files of a checkout; any other tree (a tarball, the self-test's fixtures): all.
if [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$(pwd -P)" ]; then
    files=$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h')
else
    files=$(find src tests -name '*.[ch]' | sort)
fi
[ -n "$files" ] || { echo "check-source: no C files under $root" >&2; exit 2; }
status=0

# shellcheck disable=SC2086 # one word per file: the paths hold no spaces
if ! clang-format --dry-run -Werror $files; then
    echo "check-source: run 'make format' (clang-format -i) on the files above" >&2
    status=1
fi

# A banned call is its name as a whole word followed by '(' (snprintf and strtok_r pass).
# shellcheck disable=SC2086
banned=$(grep -nHE '(^|[^A-Za-z0-9_])(strcpy|strcat|v?sprintf|strncpy|strtok|gets|atoi|atol|atoll)[[:space:]]*\(' $files)
if [ -n "$banned" ]; then
    echo "$banned"
    echo "check-source: banned call above: use struct buf, snprintf, memcpy with a checked" \
        "length, or strtol/strtoll with an end pointer" >&2
    status=1
fi

# JSON as text: a string literal holding an escaped key followed by a colon, such as
# "{\"status\":%d}". Tests may write JSON text as fixtures; src/ builds it with jansson.
src_files=$(echo "$files" | grep '^src/')
json=
# shellcheck disable=SC2086
[ -n "$src_files" ] && json=$(grep -nHE '\\"[A-Za-z_%][A-Za-z0-9_]*\\"[[:space:]]*:' $src_files)
if [ -n "$json" ]; then
    echo "$json"
    echo "check-source: JSON built as text above: build it with jansson (json_pack," \
        "json_object_set_new) and json_dumps" >&2
    status=1
fi

# Only each engine's own primitives include its client library: sqlite3.h in
# store/sqlite/{db,exec,migrate,dialect}.c, libpq-fe.h in store/pg/; everything else runs SQL
# through the statement layer (store/sql.h).
# shellcheck disable=SC2086
engine=$(echo "$src_files" | grep -v -x -e src/store/sqlite/db.c -e src/store/sqlite/db.h \
    -e src/store/sqlite/exec.c -e src/store/sqlite/migrate.c -e src/store/sqlite/dialect.c \
    | tr '\n' ' ')
sqlite_inc=
# shellcheck disable=SC2086
[ -n "$engine" ] && sqlite_inc=$(grep -nHE '#include[[:space:]]*[<"](sqlite3\.h|store/sqlite/db\.h)' $engine)
if [ -n "$sqlite_inc" ]; then
    echo "$sqlite_inc"
    echo "check-source: SQLite's API above outside its engine: use store/sql.h" >&2
    status=1
fi
# shellcheck disable=SC2086
not_pg=$(echo "$src_files" | grep -v '^src/store/pg/' | tr '\n' ' ')
pg_inc=
# shellcheck disable=SC2086
[ -n "$not_pg" ] && pg_inc=$(grep -nHE '#include[[:space:]]*[<"](libpq-fe\.h|postgresql/libpq-fe\.h)' $not_pg)
if [ -n "$pg_inc" ]; then
    echo "$pg_inc"
    echo "check-source: libpq above outside its engine (store/pg/): use store/sql.h" >&2
    status=1
fi

[ "$status" -eq 0 ] && echo "check-source: $(echo "$files" | wc -l) files checked, all clean"
exit "$status"
