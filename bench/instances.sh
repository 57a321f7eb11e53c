#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Two uptake instances on one PostgreSQL against one (issue 13): POST /api/v1/activities from
# the same wrk load (BENCH_THREADS x BENCH_CONNS, default 2 x 32, BENCH_DURATION 10s) sent to
# one instance, then split in half between two instances on the same database (one session,
# which both honour). Claim: two give >= 1.6x one instance's writes where the cores allow;
# the machine's cores and each process's CPU time are reported, so the reason shows when they
# do not. All on 127.0.0.1 and a throwaway cluster on a Unix socket; removed on exit.
# Usage: bench/instances.sh [BUILD_DIR]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
log() { printf 'bench: %s\n' "$*" >&2; }

BUILD=${1:-build}
UPTAKE=$BUILD/uptake
HERE=$(cd "$(dirname "$0")" && pwd)
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNS:-32}
DURATION=${BENCH_DURATION:-10s}
CONTACTS=${BENCH_CONTACTS:-1000}
EMAIL=bench@uptake.test
PASSWORD=bench-password-1
bench_require wrk:wrk curl:curl psql:postgresql-client-15
bench_scratch uptake-instances
PG_STATE=$TMP/pg.url
PIDS=()
stop_all() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    [ -n "${KEEP:-}" ] && cp "$TMP"/*.log "$TMP"/*.wrk "$KEEP"/ 2>/dev/null || true
    "$HERE/../scripts/pg-cluster.sh" stop "$PG_STATE"
    cleanup
}
trap stop_all EXIT
"$HERE/../scripts/pg-cluster.sh" start "$PG_STATE"
# start_instance NAME DB: serves DB on a free port; sets PORT and the pid in PIDS.
start_instance() {
    "$UPTAKE" serve --db "$2" --listen 127.0.0.1:0 >"$TMP/$1.out" 2>"$TMP/$1.log" &
    PIDS+=($!)
    PORT=""
    for _ in $(seq 100); do
        PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$TMP/$1.out")
        [ -n "$PORT" ] && return 0
        sleep 0.1
    done
    log "uptake $1 did not start"
    cat "$TMP/$1.log" >&2
    exit 1
}

# prepare NAME: a new database NAME with the bench user and CONTACTS contacts (through the
# API of a first instance, which keeps running); sets DB, API, COOKIE and CSRF. Each phase has
# a database of its own: on one database the second phase would run on the first's rows (the
# same rollup rows updated tens of thousands of times more), which alone costs a third of the
# writes (measured: 18,379 then 11,145 in two 10 s runs of one instance).
prepare() {
    DB=$("$HERE/../scripts/pg-cluster.sh" createdb "$PG_STATE" "$1")
    "$UPTAKE" init --db "$DB" >/dev/null 2>"$TMP/init-$1.log"
    echo "$PASSWORD" | "$UPTAKE" user add --db "$DB" --email "$EMAIL" --name Bench --role admin \
        >/dev/null 2>>"$TMP/init-$1.log"
    start_instance "$1-a" "$DB"
    API=http://127.0.0.1:$PORT/api/v1
    curl -sS -f --max-time 30 -D "$TMP/session.hdr" -o "$TMP/session.json" \
        -H 'Content-Type: application/json' \
        -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$API/session"
    COOKIE=$(sed -n 's/^Set-Cookie: \(uptake_session=[^;]*\).*/\1/ip' "$TMP/session.hdr" | tr -d '\r')
    CSRF=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$TMP/session.json")
    log "$1: creating $CONTACTS contacts through the API"
    for i in $(seq "$CONTACTS"); do
        [ "$i" = 1 ] || printf 'next\n'
        printf 'url = "%s/contacts"\ndata = "{\\"first_name\\":\\"F%d\\",\\"last_name\\":\\"L%d\\"}"\n' "$API" "$i" "$i"
        printf 'header = "Content-Type: application/json"\nheader = "Cookie: %s"\n' "$COOKIE"
        printf 'header = "X-CSRF-Token: %s"\noutput = "/dev/null"\n' "$CSRF"
    done >"$TMP/setup.curl"
    curl -sS --max-time 60 -K "$TMP/setup.curl" >/dev/null
}
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# CPU ticks of the cluster's processes (postmaster and backends) so far.
pg_cpu() {
    local dir main total=0 pid
    dir=$(sed -n 's/.*host=\([^&]*\)&.*/\1/p' "$PG_STATE")
    main=$(head -1 "$dir/data/postmaster.pid")
    for pid in "$main" $(pgrep -P "$main" || true); do
        total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
    echo "$total"
}
created() { awk '/^statuses / { sub(/201=/, "", $2); print $2 }' "$1"; }
wrk_post() { # wrk_post THREADS CONNS URL OUT
    BENCH_COOKIE=$COOKIE BENCH_CSRF=$CSRF BENCH_CONTACTS=$CONTACTS \
        wrk -t"$1" -c"$2" -d"$DURATION" --timeout 5s -s "$HERE/post_activity.lua" "$3/activities" >"$4" 2>&1
}

prepare one
PID_A=${PIDS[-1]}
log "one instance: wrk -t$THREADS -c$CONNS -d$DURATION"
c0=$(cpu "$PID_A")
p0=$(pg_cpu)
wrk_post "$THREADS" "$CONNS" "$API" "$TMP/one.wrk"
c1=$(cpu "$PID_A")
p1=$(pg_cpu)
ONE=$(created "$TMP/one.wrk")
ONE_CPU=$((c1 - c0))
kill "$PID_A"

prepare two
PID_A=${PIDS[-1]}
A=$API
start_instance two-b "$DB"
PID_B=${PIDS[-1]}
B=http://127.0.0.1:$PORT/api/v1
HALF_T=$((THREADS > 1 ? THREADS / 2 : 1))
log "two instances: wrk -t$HALF_T -c$((CONNS / 2)) -d$DURATION on each"
a0=$(cpu "$PID_A")
b0=$(cpu "$PID_B")
q0=$(pg_cpu)
wrk_post "$HALF_T" $((CONNS / 2)) "$A" "$TMP/two-a.wrk" &
W1=$!
wrk_post "$HALF_T" $((CONNS / 2)) "$B" "$TMP/two-b.wrk"
wait "$W1"
a1=$(cpu "$PID_A")
b1=$(cpu "$PID_B")
q1=$(pg_cpu)
TWO_A=$(created "$TMP/two-a.wrk")
TWO_B=$(created "$TMP/two-b.wrk")
SECS=${DURATION%s}
TICK=$(getconf CLK_TCK)
RATIO=$(awk -v a="$TWO_A" -v b="$TWO_B" -v o="$ONE" 'BEGIN { printf "%.2f", (a + b) / o }')
cores() { awk -v t="$1" -v k="$TICK" -v s="$SECS" 'BEGIN { printf "%.2f", t / k / s }'; }
cat <<EOT

### Two instances on one PostgreSQL, $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg) at the end; wrk -t$THREADS -c$CONNS -d$DURATION in all, split in half over two instances; each phase on a new database of $CONTACTS contacts.

| Measure | Result |
|---|---|
| one instance, POST activity (201/s) | $(awk -v n="$ONE" -v s="$SECS" 'BEGIN { printf "%.0f", n / s }') (its CPU: $(cores "$ONE_CPU") cores; PostgreSQL $(cores $((p1 - p0))) cores) |
| two instances, POST activity (201/s) | $(awk -v a="$TWO_A" -v b="$TWO_B" -v s="$SECS" 'BEGIN { printf "%.0f", (a + b) / s }') ($TWO_A + $TWO_B in ${SECS} s; CPU $(cores $((a1 - a0))) + $(cores $((b1 - b0))) cores; PostgreSQL $(cores $((q1 - q0))) cores) |
| **two ÷ one** | **$RATIO** |
EOT
