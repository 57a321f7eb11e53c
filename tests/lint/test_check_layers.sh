#!/bin/sh
# SPDX-License-Identifier: MIT
# scripts/check-layers.sh on object files of its own: calls that run one way pass; two files
# calling each other, or three round a circle, fail with the functions on each call named.
# Usage: test_check_layers.sh <source root>
set -u
root=$(cd "${1:-$(dirname "$0")/../..}" && pwd -P)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$root/tests/lint/expect.sh"

# object <tree> <file stem> <C text>
object()
{
    mkdir -p "$tmp/$1/src/m"
    printf '%s\n' "$3" >"$tmp/$1/$2.c"
    cc -c "$tmp/$1/$2.c" -o "$tmp/$1/src/m/$2.c.o" || exit 2
}

# expect <tree> <0|1> [text the output must hold]
expect()
{
    out=$("$root/scripts/check-layers.sh" "$tmp/$1/src" 2>&1)
    judge "$1" "$2" $? "$out" "${3:-}"
}

object oneway low 'int low(void) { return 1; }'
object oneway mid 'int low(void); int mid(void) { return low(); }'
object oneway top 'int low(void); int mid(void); int main(void) { return mid() + low(); }'
expect oneway 0 '3 files, 3 dependencies between them, no circles'

object pair a 'int b(void); int a(void) { return b(); }'
object pair b 'int a(void); int b(void) { return a(); }'
expect pair 1 'm/a.c calls m/b.c: b'

object circle x 'int y(void); int x(void) { return y(); }'
object circle y 'int z(void); int y(void) { return z(); }'
object circle z 'int x(void); int z(void) { return x(); }'
expect circle 1 'm/z.c calls m/x.c: x'

# With -s, an object whose source is gone (a stale build product) is left out.
mkdir -p "$tmp/circle/src-now/m"
cp "$tmp/circle/x.c" "$tmp/circle/y.c" "$tmp/circle/src-now/m/"
out=$("$root/scripts/check-layers.sh" -s "$tmp/circle/src-now" "$tmp/circle/src" 2>&1)
if [ $? -eq 0 ] && printf '%s' "$out" | grep -qF '2 files, 1 dependencies'; then
    echo "ok stale"
else
    echo "FAIL stale: $out"
    failures=$((failures + 1))
fi

[ "$failures" -eq 0 ] || exit 1
