#!/bin/sh
# SPDX-License-Identifier: MIT
# Dependencies run one way (ctest: lint/layers): reads the library's object files, links each
# undefined symbol of one file to the file that defines it, and fails when files call each
# other, directly or round a longer circle, naming the functions on each such call.
# Usage: scripts/check-layers.sh [-v] [-s SRC] OBJDIR   (OBJDIR: build/CMakeFiles/uptake_lib.dir/src)
# -v also prints, for every file, the files whose functions it calls. -s SRC skips the objects
# whose source is no longer in SRC (left in the build directory by a file since removed).
set -u
verbose= src=
while getopts vs: opt; do
    case $opt in
    v) verbose=1 ;;
    s) src=$OPTARG ;;
    *) exit 2 ;;
    esac
done
shift $((OPTIND - 1))
dir=${1:?usage: check-layers.sh [-v] [-s SRC] OBJDIR}
[ -d "$dir" ] || { echo "check-layers: no directory '$dir' (build first)" >&2; exit 2; }
objects=
for o in $(find "$dir" -name '*.o' | sort); do
    name=${o#"$dir"/}
    [ -z "$src" ] || [ -f "$src/${name%.o}" ] && objects="$objects $o"
done
[ -n "$objects" ] || { echo "check-layers: no object files under '$dir'" >&2; exit 2; }

for o in $objects; do
    name=${o#"$dir"/}
    nm -P "$o" | sed "s|^|${name%.o} |"
done | awk -v verbose="$verbose" '
# Lines: <file> <symbol> <type> ...; U is a use, an upper-case type a global definition.
$3 == "U" { use[$1, $2] = 1; files[$1] = 1; next }
$3 ~ /^[A-TV-Z]$/ { def[$2] = $1; files[$1] = 1 }
END {
    for (k in use) {
        split(k, p, SUBSEP)
        to = def[p[2]]
        if (to == "" || to == p[1])
            continue
        if (!((p[1], to) in edge)) {
            edge[p[1], to] = p[2]
            out[p[1]] = out[p[1]] " " to
            nedges++
        } else {
            edge[p[1], to] = edge[p[1], to] ", " p[2]
        }
    }
    nfiles = 0
    for (f in files)
        nfiles++
    # Tarjan: each strongly connected set of more than one file is a circle of calls.
    counter = 0; sp = 0; bad = 0
    for (f in files)
        if (!(f in index_of))
            visit(f)
    if (verbose != "")
        for (f in files)
            printf "%s ->%s\n", f, out[f] | "sort"
    close("sort")
    if (bad) {
        print "check-layers: " bad " circle(s) of calls above: make the calls run one way (move what both need into a lower file, or move the caller up a level)" > "/dev/stderr"
        exit 1
    }
    printf "check-layers: %d files, %d dependencies between them, no circles\n", nfiles, nedges
}
function visit(v,    n, i, w, members, m, succ, k2, q) {
    index_of[v] = low[v] = counter++
    stack[sp++] = v; on[v] = 1
    n = split(out[v], succ, " ")
    for (i = 1; i <= n; i++) {
        w = succ[i]
        if (!(w in index_of)) {
            visit(w)
            if (low[w] < low[v]) low[v] = low[w]
        } else if (on[w] && index_of[w] < low[v]) {
            low[v] = index_of[w]
        }
    }
    if (low[v] != index_of[v])
        return
    m = 0; members = ""
    do {
        w = stack[--sp]; on[w] = 0
        inset[w] = v; members = members " " w; m++
    } while (w != v)
    if (m < 2)
        return
    bad++
    print "circle:" members
    for (k2 in edge) {
        split(k2, q, SUBSEP)
        if (inset[q[1]] == v && inset[q[2]] == v)
            print "  " q[1] " calls " q[2] ": " edge[k2]
    }
}'
