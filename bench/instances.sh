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
DB=$("$HERE/../scripts/pg-cluster.sh" createdb "$PG_STATE" bench)
"$UPTAKE" init --db "$DB" >/dev/null 2>"$TMP/init.log"
echo "$PASSWORD" | "$UPTAKE" user add --db "$DB" --email "$EMAIL" --name Bench --role admin \
    >/dev/null 2>>"$TMP/init.log"

# start_instance NAME: serves the database on a free port; sets PORT.
start_instance() {
    "$UPTAKE" serve --db "$DB" --listen 127.0.0.1:0 >"$TMP/$1.out" 2>"$TMP/$1.log" &
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
start_instance a
A=http://127.0.0.1:$PORT/api/v1
PID_A=${PIDS[0]}
curl -sS -f --max-time 30 -D "$TMP/session.hdr" -o "$TMP/session.json" \
    -H 'Content-Type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$A/session"
COOKIE=$(sed -n 's/^Set-Cookie: \(uptake_session=[^;]*\).*/\1/ip' "$TMP/session.hdr" | tr -d '\r')
CSRF=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$TMP/session.json")
log "creating $CONTACTS contacts through the API"
for i in $(seq "$CONTACTS"); do
    [ "$i" = 1 ] || printf 'next\n'
    printf 'url = "%s/contacts"\ndata = "{\\"first_name\\":\\"F%d\\",\\"last_name\\":\\"L%d\\"}"\n' "$A" "$i" "$i"
    printf 'header = "Content-Type: application/json"\nheader = "Cookie: %s"\n' "$COOKIE"
    printf 'header = "X-CSRF-Token: %s"\noutput = "/dev/null"\n' "$CSRF"
done >"$TMP/setup.curl"
curl -sS --max-time 60 -K "$TMP/setup.curl" >/dev/null
export BENCH_COOKIE=$COOKIE BENCH_CSRF=$CSRF BENCH_CONTACTS=$CONTACTS
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
created() { awk '/^statuses / { sub(/201=/, "", $2); print $2 }' "$1"; }

log "one instance: wrk -t$THREADS -c$CONNS -d$DURATION"
c0=$(cpu "$PID_A")
wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --timeout 5s -s "$HERE/post_activity.lua" "$A/activities" >"$TMP/one.wrk" 2>&1
c1=$(cpu "$PID_A")
ONE=$(created "$TMP/one.wrk")
ONE_CPU=$((c1 - c0))

start_instance b
B=http://127.0.0.1:$PORT/api/v1
PID_B=${PIDS[1]}
HALF_T=$(( THREADS > 1 ? THREADS / 2 : 1 ))
log "two instances: wrk -t$HALF_T -c$((CONNS / 2)) -d$DURATION on each"
a0=$(cpu "$PID_A")
b0=$(cpu "$PID_B")
wrk -t"$HALF_T" -c$((CONNS / 2)) -d"$DURATION" --timeout 5s -s "$HERE/post_activity.lua" "$A/activities" >"$TMP/two-a.wrk" 2>&1 &
W1=$!
wrk -t"$HALF_T" -c$((CONNS / 2)) -d"$DURATION" --timeout 5s -s "$HERE/post_activity.lua" "$B/activities" >"$TMP/two-b.wrk" 2>&1
wait "$W1"
a1=$(cpu "$PID_A")
b1=$(cpu "$PID_B")
TWO_A=$(created "$TMP/two-a.wrk")
TWO_B=$(created "$TMP/two-b.wrk")
SECS=${DURATION%s}
TICK=$(getconf CLK_TCK)
RATIO=$(awk -v a="$TWO_A" -v b="$TWO_B" -v o="$ONE" 'BEGIN { printf "%.2f", (a + b) / o }')
cores() { awk -v t="$1" -v k="$TICK" -v s="$SECS" 'BEGIN { printf "%.2f", t / k / s }'; }
cat <<EOT

### Two instances on one PostgreSQL, $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg) at the end; wrk -t$THREADS -c$CONNS -d$DURATION in all, split in half over two instances.

| Measure | Result |
|---|---|
| one instance, POST activity (201/s) | $(awk -v n="$ONE" -v s="$SECS" 'BEGIN { printf "%.0f", n / s }') (its CPU: $(cores "$ONE_CPU") cores) |
| two instances, POST activity (201/s) | $(awk -v a="$TWO_A" -v b="$TWO_B" -v s="$SECS" 'BEGIN { printf "%.0f", (a + b) / s }') ($TWO_A + $TWO_B in ${SECS} s; CPU $(cores $((a1 - a0))) + $(cores $((b1 - b0))) cores) |
| **two ÷ one** | **$RATIO** |
EOT
