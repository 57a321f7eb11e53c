#!/bin/sh
# SPDX-License-Identifier: MIT
# A throwaway PostgreSQL cluster for the tests and benchmarks, from Debian's postgresql
# package: initdb in a new folder under $TMPDIR, the server listening on a Unix socket in that
# folder only (no TCP port), trust authentication, durability off (fsync, synchronous_commit:
# the data is thrown away). As root the server runs as the postgres user, since initdb
# refuses root.
#   pg-cluster.sh start STATE   starts a cluster and writes its connection base URL to STATE
#   pg-cluster.sh stop STATE    stops the cluster STATE names and removes its folder
#   pg-cluster.sh url STATE [DB]        the URL of database DB (default postgres)
#   pg-cluster.sh createdb STATE DB     creates database DB and prints its URL
#   pg-cluster.sh run STATE DB CMD...   creates DB, then runs CMD with UPTAKE_TEST_STORE (its
#       URL, also as UPTAKE_TEST_PG), UPTAKE_TEST_STORE_RESET (a command emptying it) and
#       UPTAKE_TEST_PG_STATE set
set -eu

bindir() {
    for d in "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/*/bin; do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            echo "$d"
            return 0
        fi
    done
    echo "pg-cluster: no initdb found: install postgresql (scripts/deps.sh)" >&2
    return 1
}

# Runs a server command as the cluster's owner.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# The folder the cluster in STATE lives in (STATE holds its base URL).
cluster_dir() {
    sed -n 's/^postgresql:\/\/\/[^?]*?host=\([^&]*\)&.*/\1/p' "$1"
}

url() {
    base=$(cat "$1")
    echo "$base" | sed "s#^postgresql:///postgres?#postgresql:///${2:-postgres}?#"
}

start() {
    state=$1
    stop "$state" # a cluster an interrupted run left behind
    bin=$(bindir)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/uptake-pg-XXXXXX")
    user=$(id -un)
    if [ "$(id -u)" -eq 0 ]; then
        user=postgres
        chown postgres "$dir"
    fi
    chmod 700 "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -A trust -E UTF8 --locale=C.UTF-8 -U "$user" \
        >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        exit 1
    }
    # The socket folder must be reachable by the client (root or the same user).
    chmod 711 "$dir"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-k $dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off \
            -c full_page_writes=off -c max_connections=300 -c shared_buffers=128MB" \
        start >/dev/null || {
        cat "$dir/server.log" >&2
        exit 1
    }
    echo "postgresql:///postgres?host=$dir&user=$user" >"$state"
}

stop() {
    state=$1
    [ -f "$state" ] || return 0
    dir=$(cluster_dir "$state")
    if [ -n "$dir" ] && [ -d "$dir/data" ]; then
        as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$dir"
    fi
    rm -f "$state"
}

createdb() {
    psql -X -q -v ON_ERROR_STOP=1 "$(url "$1")" -c "CREATE DATABASE \"$2\"" >/dev/null
    url "$1" "$2"
}

run() {
    state=$1 db=$2
    shift 2
    UPTAKE_TEST_STORE=$(createdb "$state" "$db")
    UPTAKE_TEST_STORE_RESET="psql -X -q -v ON_ERROR_STOP=1 '$UPTAKE_TEST_STORE' -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public' >/dev/null"
    UPTAKE_TEST_PG_STATE=$state
    UPTAKE_TEST_PG=$UPTAKE_TEST_STORE
    export UPTAKE_TEST_STORE UPTAKE_TEST_STORE_RESET UPTAKE_TEST_PG_STATE UPTAKE_TEST_PG
    exec "$@"
}

cmd=${1:-}
[ $# -ge 2 ] || {
    echo "usage: pg-cluster.sh start|stop|url|createdb|run STATE [DB [CMD...]]" >&2
    exit 2
}
shift
case $cmd in
start) start "$@" ;;
stop) stop "$@" ;;
url) url "$@" ;;
createdb) createdb "$@" ;;
run) run "$@" ;;
*)
    echo "pg-cluster: unknown command '$cmd'" >&2
    exit 2
    ;;
esac
