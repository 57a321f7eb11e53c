#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Live events (issue 14, GET /api/v1/stream). Claims: from the request that wins a deal to the
# "deal.won" event at the LAST of N connected streams, p99 <= 5 ms at 100 clients and <= 20 ms
# at 1,000, beside the same fan-out over plain loopback sockets from a small C program in the
# same run (the baseline); API reads with 1,000 streams connected >= 0.9x without; server
# memory per stream <= 16 KiB. bench/stream_clients.c holds the streams in one epoll loop.
# All on 127.0.0.1; the server, the clients and the scratch folder go on exit.
# Usage: bench/stream.sh [BUILD_DIR]   (BENCH_ROUNDS deals per size, default 200;
# BENCH_DURATION of each wrk run, default 5s; BENCH_ENGINE=postgresql for a throwaway cluster)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
log() { printf 'bench: %s\n' "$*" >&2; }

BUILD=${1:-build}
UPTAKE=$BUILD/uptake
HERE=$(cd "$(dirname "$0")" && pwd)
ROUNDS=${BENCH_ROUNDS:-200}
DURATION=${BENCH_DURATION:-5s}
EMAIL=bench@uptake.test
PASSWORD=bench-password-1
bench_require wrk:wrk curl:curl cc:gcc
if [ ! -x "$UPTAKE" ]; then
    echo "bench: no $UPTAKE; build first (make build, or cmake --build $BUILD)" >&2
    exit 1
fi
bench_scratch uptake-stream
HOLD_PID=""
ENGINE=${BENCH_ENGINE:-sqlite}
PG_STATE=$TMP/pg.url
stop_all() {
    if [ -n "$HOLD_PID" ]; then kill "$HOLD_PID" 2>/dev/null || true; fi
    if [ "$ENGINE" = postgresql ]; then "$HERE/../scripts/pg-cluster.sh" stop "$PG_STATE"; fi
    cleanup
}
trap stop_all EXIT
if [ "$ENGINE" = postgresql ]; then
    "$HERE/../scripts/pg-cluster.sh" start "$PG_STATE"
    DB=$("$HERE/../scripts/pg-cluster.sh" createdb "$PG_STATE" bench)
else
    DB=$TMP/bench.db
fi

cc -O2 -o "$TMP/stream_clients" "$HERE/stream_clients.c"
CLIENTS=$TMP/stream_clients

"$UPTAKE" init --db "$DB" >/dev/null 2>"$TMP/init.log"
echo "$PASSWORD" | "$UPTAKE" user add --db "$DB" --email "$EMAIL" --name "Bench Rep" --role admin \
    >/dev/null 2>>"$TMP/init.log"
# Thousands of streams come from one address here; keep-alives stay at their default.
: >"$TMP/serve.out"
UPTAKE_CONNECTIONS_PER_ADDRESS=5000 UPTAKE_LOG_LEVEL=warn \
    "$UPTAKE" serve --db "$DB" --listen 127.0.0.1:0 >"$TMP/serve.out" 2>"$TMP/serve.log" &
UPTAKE_PID=$!
PORT=""
for _ in $(seq 100); do
    PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$TMP/serve.out")
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "$PORT" ] || { log "uptake did not start"; cat "$TMP/serve.log" >&2; exit 1; }
API=http://127.0.0.1:$PORT/api/v1
curl -sS -f --max-time 30 -D "$TMP/session.hdr" -o "$TMP/session.json" \
    -H 'Content-Type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$API/session"
COOKIE=$(sed -n 's/^Set-Cookie: \(uptake_session=[^;]*\).*/\1/ip' "$TMP/session.hdr" | tr -d '\r')
CSRF=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$TMP/session.json")
STAGE=$(curl -sS -f -H "Cookie: $COOKIE" "$API/stages" |
    grep -o '"id":[0-9]*,"name":"Won"' | sed 's/"id":\([0-9]*\).*/\1/')
CONTACT=$(curl -sS -f -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF" \
    -H 'Content-Type: application/json' -d '{"first_name":"Read","last_name":"Me"}' \
    "$API/contacts" | sed 's/^{"id":\([0-9]*\).*/\1/')
# The bytes one won deal puts on a stream (deal.won and ticker), for the baseline's payload.
BYTES=$( (timeout 3 curl -sN -H "Cookie: $COOKIE" "$API/stream" >"$TMP/one.sse" || true) &
    sleep 0.5
    curl -sS -f -o /dev/null -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF" \
        -H 'Content-Type: application/json' \
        -d "{\"name\":\"Bench win 1\",\"stage_id\":$STAGE,\"amount_minor\":123400,\"currency\":\"EUR\"}" \
        "$API/deals"
    wait
    awk '/^id:/ { on = 1 } on { n += length($0) + 1 } END { print n }' "$TMP/one.sse")
log "port $PORT, won stage $STAGE, $BYTES bytes per won deal on a stream"

# pct FILE COLUMN P: the P-th percentile (ms) of a column of microseconds.
pct() { sort -n -k"$2","$2" "$1" | awk -v c="$2" -v p="$3" '{ v[NR] = $c }
    END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; printf "%.2f", v[i] / 1000 }'; }

declare -A P50 P99 B50 B99 API50
for n in 100 1000; do
    log "$n streams: $ROUNDS won deals"
    BENCH_CSRF=$CSRF "$CLIENTS" sse "$PORT" "$COOKIE" "$n" "$ROUNDS" "$STAGE" >"$TMP/sse-$n.txt"
    grep -v ready "$TMP/sse-$n.txt" >"$TMP/sse-$n.us"
    P50[$n]=$(pct "$TMP/sse-$n.us" 1 50)
    P99[$n]=$(pct "$TMP/sse-$n.us" 1 99)
    API50[$n]=$(pct "$TMP/sse-$n.us" 2 50)
    log "$n sockets: raw fan-out baseline"
    "$CLIENTS" raw "$n" "$ROUNDS" "$BYTES" | grep -v ready >"$TMP/raw-$n.us"
    B50[$n]=$(pct "$TMP/raw-$n.us" 1 50)
    B99[$n]=$(pct "$TMP/raw-$n.us" 1 99)
done

# API reads: GET one contact with wrk, without streams and with 1,000 connected.
wrk_rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
read_rps() {
    wrk -t2 -c32 -d"$DURATION" --timeout 5s -H "Cookie: $COOKIE" "$API/contacts/$CONTACT" >"$TMP/$1.wrk" 2>&1
    wrk_rps "$TMP/$1.wrk"
}
rss_kb() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$UPTAKE_PID/status"; }
# hold_open / hold_close: 1,000 streams held by one client program, reading.
hold_open() {
    rm -f "$TMP/hold.in" "$TMP/hold.out"
    mkfifo "$TMP/hold.in"
    "$CLIENTS" hold "$PORT" "$COOKIE" 1000 <"$TMP/hold.in" >"$TMP/hold.out" &
    HOLD_PID=$!
    exec 3>"$TMP/hold.in"
    for _ in $(seq 300); do grep -q ready "$TMP/hold.out" 2>/dev/null && break; sleep 0.1; done
    grep -q ready "$TMP/hold.out" || { log "the streams did not open"; exit 1; }
}
hold_close() {
    exec 3>&-
    wait "$HOLD_PID" 2>/dev/null || true
    HOLD_PID=""
    sleep 0.5
}
log "API reads without streams (after a warm-up)"
DURATION=2s read_rps warm >/dev/null
RSS0=$(rss_kb)
hold_open
# One event through every stream, so each connection has written, then the memory.
curl -sS -f -o /dev/null -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF" \
    -H 'Content-Type: application/json' \
    -d "{\"name\":\"Bench hold\",\"stage_id\":$STAGE}" "$API/deals"
sleep 1
RSS1=$(rss_kb)
hold_close
# Three pairs, without then with 1,000 streams, so a change of load on the machine during the
# run falls on both sides; the ratio is the median pair's.
RATIOS=""
for pair in 1 2 3; do
    log "API reads, pair $pair: without streams, then with 1000 connected"
    a=$(read_rps "without-$pair")
    hold_open
    b=$(read_rps "with-$pair")
    hold_close
    RATIOS="$RATIOS $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b / a }')"
    RPS0_ALL="${RPS0_ALL:-} $a"
    RPS1_ALL="${RPS1_ALL:-} $b"
done
med() { printf '%s\n' $1 | sort -n | sed -n 2p; }
RPS0=$(med "$RPS0_ALL")
RPS1=$(med "$RPS1_ALL")

PER_KIB=$(awk -v a="$RSS0" -v b="$RSS1" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
RATIO=$(med "$RATIOS" | awk '{ printf "%.2f", $1 }')
printf '\n## Live events (bench/stream.sh, %s, %s, %d won deals per size, load %s)\n\n' \
    "$ENGINE" "$(basename "$BUILD")" "$ROUNDS" "$(cut -d' ' -f1 /proc/loadavg)"
printf '| Measure | Result | Baseline | Ratio | Claim |\n|---|---|---|---|---|\n'
for n in 100 1000; do
    goal=$([ "$n" = 100 ] && echo 5 || echo 20)
    printf '| win -> last of %d streams, p50 / p99 | %s / %s ms | raw fan-out %s / %s ms | %s | p99 <= %s ms |\n' \
        "$n" "${P50[$n]}" "${P99[$n]}" "${B50[$n]}" "${B99[$n]}" \
        "$(awk -v a="${P99[$n]}" -v b="${B99[$n]}" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }')" "$goal"
    printf '| the winning request itself (%d streams), p50 | %s ms | | | |\n' "$n" "${API50[$n]}"
done
printf '| API reads (GET a contact) with 1,000 streams, median of 3 pairs | %.0f req/s | %.0f req/s without | %s | >= 0.9 |\n' \
    "$RPS1" "$RPS0" "$RATIO"
printf '| server RSS per stream (1,000 streams) | %s KiB | | | <= 16 KiB |\n' "$PER_KIB"
