#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The core server benchmark (`make bench`, or bench/run.sh BUILD_DIR).
#
# Claim: reading a contact over the API runs at >= 30% of nginx serving the same JSON bytes as
# a static file (same wrk threads, connections and duration, same machine, same run);
# POST /api/v1/activities sustains >= 3,000 writes/s on a 2-core machine; the server's peak RSS
# is <= 64 MiB after the read run.
#
# Everything runs on 127.0.0.1 in a temporary directory that is removed on exit; every load
# is bounded in time. Tunables (environment): BENCH_THREADS (default 2), BENCH_CONNS (32),
# BENCH_DURATION (10s), BENCH_WRITE_DURATION (the write run; BENCH_DURATION), BENCH_WARMUP (2s),
# BENCH_CONTACTS (1000). The write run also reports the WAL file's peak size, which the server
# keeps bounded by restarting the WAL past its limit (aim: <= 128 MiB).
# BENCH_ENGINE=postgresql runs the same against PostgreSQL: a throwaway cluster in the scratch
# folder (scripts/pg-cluster.sh, Unix socket only), whose processes' peak RSS is reported
# beside the server's; there is no WAL file of uptake's to watch then.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
log() { printf 'bench: %s\n' "$*" >&2; }

BUILD=${1:-build}
UPTAKE=$BUILD/uptake
HERE=$(cd "$(dirname "$0")" && pwd)
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNS:-32}
DURATION=${BENCH_DURATION:-10s}
WRITE_DURATION=${BENCH_WRITE_DURATION:-$DURATION}
WARMUP=${BENCH_WARMUP:-2s}
CONTACTS=${BENCH_CONTACTS:-1000}
ORGS=10
EMAIL=bench@uptake.test
PASSWORD=bench-password-1

# --- Tools -------------------------------------------------------------------------------
bench_require wrk:wrk /usr/sbin/nginx:nginx-light sqlite3:sqlite3 curl:curl

if [ ! -x "$UPTAKE" ]; then
    echo "bench: no $UPTAKE; build first (make build, or cmake --build $BUILD)" >&2
    exit 1
fi

# --- Scratch space and cleanup -----------------------------------------------------------
bench_scratch uptake-bench

ENGINE=${BENCH_ENGINE:-sqlite}
PG_STATE=$TMP/pg.url
if [ "$ENGINE" = postgresql ]; then
    "$HERE/../scripts/pg-cluster.sh" start "$PG_STATE" # its own folder, reachable by postgres
    trap '"$HERE/../scripts/pg-cluster.sh" stop "$PG_STATE"; cleanup' EXIT
    DB=$("$HERE/../scripts/pg-cluster.sh" createdb "$PG_STATE" bench)
else
    DB=$TMP/bench.db
fi
# One number from the database, whichever engine holds it.
dbq() {
    if [ "$ENGINE" = postgresql ]; then psql -X -A -t -q "$DB" -c "$1"; else sqlite3 "$DB" "$1"; fi
}
# Peak RSS (kB, summed) of the cluster's processes: the postmaster and its backends.
pg_hwm_kb() {
    [ "$ENGINE" = postgresql ] || { echo 0; return; }
    local dir total=0 pid
    dir=$(sed -n 's/.*host=\([^&]*\)&.*/\1/p' "$PG_STATE")
    local main
    main=$(head -1 "$dir/data/postmaster.pid")
    for pid in "$main" $(pgrep -P "$main" || true); do
        total=$((total + $(awk '$1 == "VmHWM:" { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)))
    done
    echo "$total"
}
# Other programs on the machine skew req/s; the load average goes into the summary as a caveat.
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)

# /proc/PID/status field in kB ("VmHWM" = peak RSS, "VmRSS" = current).
proc_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
mib() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }
# CPU time (user + system) the process has used, in clock ticks. Per request it is a cost that,
# unlike req/s, hardly moves when other programs share the machine.
TICK=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# Microseconds of server CPU per request: cpu_us_per TICKS_BEFORE TICKS_AFTER REQUESTS.
cpu_us_per() { awk -v a="$1" -v b="$2" -v n="$3" -v t="$TICK" 'BEGIN { if (n > 0) printf "%.0f", (b - a) * 1e6 / t / n; else print "-" }'; }
wrk_reqs() { awk '/requests in/ { print $1 }' "$1"; }

# Runs wrk with the shared settings; the output goes to file $1, the rest are wrk arguments.
run_wrk() {
    local out=$1
    shift
    wrk -t"$THREADS" -c"$CONNS" -d"${RUN_DURATION:-$DURATION}" --timeout 5s "$@" >"$out" 2>&1
}
# Samples the size of file $1 every 0.1 s into $2 (one number a line) until killed.
watch_size() {
    while :; do
        stat -c %s "$1" 2>/dev/null || echo 0
        sleep 0.1
    done >"$2"
}
max_of() { awk 'BEGIN { m = 0 } $1 > m { m = $1 } END { print m }' "$1"; }
wrk_rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
# Requests that were not 2xx/3xx, and socket errors (connect, read, write, timeout) summed.
wrk_non2xx() { awk '/Non-2xx or 3xx responses:/ { n = $5 } END { print n + 0 }' "$1"; }
wrk_sockerr() {
    awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 + $10; f = 1 } END { if (!f) print 0 }' "$1"
}
wrk_p99() { awk '$1 == "99%" { print $2 }' "$1"; }
# wrk writes the run's time as "10.00s," or, from a minute on, "1.00m,".
wrk_secs() {
    awk '/requests in/ { t = $4; sub(/,$/, "", t)
        if (t ~ /ms$/) { sub(/ms$/, "", t); t /= 1000 } else if (t ~ /m$/) { sub(/m$/, "", t); t *= 60 }
        else sub(/s$/, "", t)
        print t }' "$1"
}

# --- Database, user, server --------------------------------------------------------------
log "creating the database and the bench user"
"$UPTAKE" init --db "$DB" >/dev/null 2>"$TMP/init.log"
echo "$PASSWORD" | "$UPTAKE" user add --db "$DB" --email "$EMAIL" --name Bench --role admin \
    >/dev/null 2>>"$TMP/init.log"

# Port 0: the server picks a free port and prints it, so no port can collide.
"$UPTAKE" serve --db "$DB" --listen 127.0.0.1:0 >"$TMP/uptake.out" 2>"$TMP/uptake.log" &
UPTAKE_PID=$!
PORT=""
for _ in $(seq 100); do
    PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$TMP/uptake.out")
    [ -n "$PORT" ] && break
    kill -0 "$UPTAKE_PID" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$PORT" ]; then
    log "uptake did not start:"
    cat "$TMP/uptake.log" >&2
    exit 1
fi
API=http://127.0.0.1:$PORT/api/v1
log "uptake pid $UPTAKE_PID on 127.0.0.1:$PORT"

# Sign in like the web app: the cookie and the CSRF token it returns.
curl -sS -f --max-time 30 -D "$TMP/session.hdr" -o "$TMP/session.json" \
    -H 'Content-Type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$API/session"
COOKIE=$(sed -n 's/^Set-Cookie: \(uptake_session=[^;]*\).*/\1/ip' "$TMP/session.hdr" | tr -d '\r')
CSRF=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$TMP/session.json")
if [ -z "$COOKIE" ] || [ -z "$CSRF" ]; then
    log "sign-in returned no session cookie or CSRF token"
    exit 1
fi

# Data through the API (not SQL) so search rows and audit are written as in real use. One
# curl process for all requests: a config file with one block per request, on one keep-alive
# connection, so the setup takes seconds rather than a process per request.
log "creating $ORGS organizations and $CONTACTS contacts through the API"
{
    for i in $(seq "$ORGS"); do
        printf 'url = "%s/organizations"\n' "$API"
        printf 'data = "{\\"name\\":\\"Bench Org %d\\",\\"domain\\":\\"org%d.example\\"}"\n' "$i" "$i"
        printf 'header = "Content-Type: application/json"\nheader = "Cookie: %s"\n' "$COOKIE"
        printf 'header = "X-CSRF-Token: %s"\noutput = "/dev/null"\n' "$CSRF"
        printf 'write-out = "%%{http_code}\\n"\nnext\n'
    done
    for i in $(seq "$CONTACTS"); do
        [ "$i" = 1 ] || printf 'next\n'   # between requests only: a last "next" wants a URL
        printf 'url = "%s/contacts"\n' "$API"
        printf 'data = "{\\"first_name\\":\\"First%d\\",\\"last_name\\":\\"Last%d\\",' "$i" "$i"
        printf '\\"email\\":\\"contact%d@org%d.example\\",\\"phone\\":\\"+1 555 %04d\\",' \
            "$i" $((i % ORGS + 1)) "$i"
        printf '\\"org_id\\":%d}"\n' $((i % ORGS + 1))
        printf 'header = "Content-Type: application/json"\nheader = "Cookie: %s"\n' "$COOKIE"
        printf 'header = "X-CSRF-Token: %s"\noutput = "/dev/null"\n' "$CSRF"
        printf 'write-out = "%%{http_code}\\n"\n'
    done
} >"$TMP/setup.curl"
curl -sS --max-time 10 -K "$TMP/setup.curl" >"$TMP/setup.codes" || true
bad=$(grep -cv '^201$' "$TMP/setup.codes" || true)
made=$(grep -c '^201$' "$TMP/setup.codes" || true)
if [ "$bad" != 0 ] || [ "$made" != $((ORGS + CONTACTS)) ]; then
    log "setup: $made created, $bad failed (statuses: $(sort "$TMP/setup.codes" | uniq -c | xargs))"
    exit 1
fi
# post_activity.lua addresses contacts 1..N: make sure that is what a fresh database gave.
range=$(dbq "SELECT min(id) || ' ' || max(id) || ' ' || count(*) FROM contacts")
if [ "$range" != "1 $CONTACTS $CONTACTS" ]; then
    log "unexpected contact ids (min max count): $range"
    exit 1
fi

# --- The same bytes behind nginx -----------------------------------------------------------
# A contact from the middle; nginx serves its JSON at the same path, so the two wrk runs differ
# only in the server (uptake's also carries the session cookie it needs).
READ_ID=$((CONTACTS / 2))
READ_PATH=/api/v1/contacts/$READ_ID
mkdir -p "$TMP/www$(dirname "$READ_PATH")" "$TMP/nginx/tmp"
# nginx started as root runs its workers as "nobody": let them reach the file (and nothing
# else in the scratch directory).
chmod 711 "$TMP"
curl -sS -f --max-time 10 -H "Cookie: $COOKIE" -o "$TMP/www$READ_PATH" "http://127.0.0.1:$PORT$READ_PATH"
chmod -R a+rX "$TMP/www"
BYTES=$(wc -c <"$TMP/www$READ_PATH")

# nginx gets as many workers as uptake has threads (one per core), no access log, and every
# path it could write to inside the scratch directory so it runs without root.
NPROC=$(nproc)
start_nginx() {
    local port=$1 n=$TMP/nginx
    cat >"$n/nginx.conf" <<EOF
worker_processes $NPROC;
daemon off;
pid $n/nginx.pid;
error_log $n/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    default_type application/json;
    client_body_temp_path $n/tmp/body;
    proxy_temp_path $n/tmp/proxy;
    fastcgi_temp_path $n/tmp/fastcgi;
    uwsgi_temp_path $n/tmp/uwsgi;
    scgi_temp_path $n/tmp/scgi;
    server {
        listen 127.0.0.1:$port;
        root $TMP/www;
    }
}
EOF
    "$NGINX" -p "$n" -e "$n/error.log" -c "$n/nginx.conf" 2>"$n/stderr.log" &
    NGINX_PID=$!
    nginx_wait "$port" "$READ_PATH"
}
nginx_pick_port start_nginx
if [ -z "$NGINX_PORT" ]; then
    log "nginx did not start or serve the file:"
    tail -n 5 "$TMP/nginx/error.log" "$TMP/nginx/stderr.log" >&2
    exit 1
fi
cmp -s "$TMP/www$READ_PATH" <(curl -sS --max-time 5 "http://127.0.0.1:$NGINX_PORT$READ_PATH") || {
    log "nginx does not serve the same bytes"
    exit 1
}
log "nginx pid $NGINX_PID on 127.0.0.1:$NGINX_PORT serving $BYTES bytes at $READ_PATH"

# --- Reads ---------------------------------------------------------------------------------
# Peak RSS so far is the sign-in (password hashing); note it, then reset the peak so the read
# run's own peak is visible too (writing 5 to clear_refs resets VmHWM, Linux >= 4.0).
HWM_SETUP=$(proc_kb "$UPTAKE_PID" VmHWM)
RSS_SETUP=$(proc_kb "$UPTAKE_PID" VmRSS)
echo 5 >"/proc/$UPTAKE_PID/clear_refs" 2>/dev/null || true

log "reads: wrk -t$THREADS -c$CONNS -d$DURATION (after a $WARMUP warm-up), nginx then uptake"
wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "http://127.0.0.1:$NGINX_PORT$READ_PATH" >/dev/null 2>&1
run_wrk "$TMP/wrk.nginx" --latency "http://127.0.0.1:$NGINX_PORT$READ_PATH"
wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" -H "Cookie: $COOKIE" "$API/contacts/$READ_ID" \
    >/dev/null 2>&1
CPU0=$(cpu_ticks "$UPTAKE_PID")
run_wrk "$TMP/wrk.read" --latency -H "Cookie: $COOKIE" "$API/contacts/$READ_ID"
CPU1=$(cpu_ticks "$UPTAKE_PID")
READ_CPU=$(cpu_us_per "$CPU0" "$CPU1" "$(wrk_reqs "$TMP/wrk.read")")

HWM_READ=$(proc_kb "$UPTAKE_PID" VmHWM)
RSS_READ=$(proc_kb "$UPTAKE_PID" VmRSS)
# Peak since the server started: the larger of the setup peak and the read run's peak.
PEAK_READ=$((HWM_SETUP > HWM_READ ? HWM_SETUP : HWM_READ))

NGINX_RPS=$(wrk_rps "$TMP/wrk.nginx")
READ_RPS=$(wrk_rps "$TMP/wrk.read")
RATIO=$(awk -v a="$READ_RPS" -v b="$NGINX_RPS" 'BEGIN { printf "%.3f", a / b }')

# --- Writes --------------------------------------------------------------------------------
ROWS_BEFORE=$(dbq "SELECT count(*) FROM activities")
echo 5 >"/proc/$UPTAKE_PID/clear_refs" 2>/dev/null || true
log "writes: POST /api/v1/activities, wrk -t$THREADS -c$CONNS -d$WRITE_DURATION"
watch_size "$DB-wal" "$TMP/wal.sizes" &
WATCH_PID=$!
CPU0=$(cpu_ticks "$UPTAKE_PID")
BENCH_COOKIE=$COOKIE BENCH_CSRF=$CSRF BENCH_CONTACTS=$CONTACTS RUN_DURATION=$WRITE_DURATION \
    run_wrk "$TMP/wrk.write" --latency -s "$HERE/post_activity.lua" "$API/activities"
CPU1=$(cpu_ticks "$UPTAKE_PID")
kill "$WATCH_PID" 2>/dev/null || true
wait "$WATCH_PID" 2>/dev/null || true
WAL_PEAK=$(max_of "$TMP/wal.sizes")
WAL_END=$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)
# wrk closes connections with requests in flight when the time is up; give the server a moment
# to finish those before counting rows.
sleep 1
ROWS_AFTER=$(dbq "SELECT count(*) FROM activities")
PG_HWM=$(pg_hwm_kb)
ROWS=$((ROWS_AFTER - ROWS_BEFORE))
CREATED=$(awk '/^statuses / { sub(/201=/, "", $2); print $2 }' "$TMP/wrk.write")
OTHER=$(awk '/^statuses / { sub(/other=/, "", $3); print $3 }' "$TMP/wrk.write")
WRITE_SECS=$(wrk_secs "$TMP/wrk.write")
WRITES=$(awk -v n="${CREATED:-0}" -v s="$WRITE_SECS" 'BEGIN { printf "%.0f", n / s }')
WRITE_CPU=$(cpu_us_per "$CPU0" "$CPU1" "$(wrk_reqs "$TMP/wrk.write")")
# A request can be committed by the server after wrk stopped waiting for it (at most one per
# connection); fewer rows than 201s, or more than that slack, is a real mismatch.
if [ "$ROWS" = "$CREATED" ]; then
    ROWCHECK="match ($ROWS rows = $CREATED 201s)"
elif [ "$ROWS" -gt "$CREATED" ] && [ $((ROWS - CREATED)) -le "$CONNS" ]; then
    ROWCHECK="match ($ROWS rows, $CREATED 201s + $((ROWS - CREATED)) in flight at wrk's stop)"
else
    ROWCHECK="MISMATCH ($ROWS rows, $CREATED 201s)"
fi

HWM_END=$(proc_kb "$UPTAKE_PID" VmHWM)
RSS_END=$(proc_kb "$UPTAKE_PID" VmRSS)
PEAK_END=$((PEAK_READ > HWM_END ? PEAK_READ : HWM_END))

# --- Summary ---------------------------------------------------------------------------------
pass() { if [ "$1" = 1 ]; then echo pass; else echo FAIL; fi; }
AIM_RATIO=$(awk -v r="$RATIO" 'BEGIN { print (r >= 0.30) ? 1 : 0 }')
AIM_WRITES=$(awk -v w="$WRITES" -v o="${OTHER:-1}" 'BEGIN { print (w >= 3000 && o == 0) ? 1 : 0 }')
AIM_RSS=$((PEAK_READ <= 64 * 1024 ? 1 : 0))
AIM_WAL=$((WAL_PEAK <= 128 * 1024 * 1024 ? 1 : 0))

CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
VERSION=$("$UPTAKE" --version 2>/dev/null | head -1 || true)
cat <<EOF

## Run $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $NPROC cores, ${CPU:-unknown CPU}, $(uname -sr); load average $LOAD_START at the start, $(cut -d' ' -f1 /proc/loadavg) at the end. ${VERSION:-uptake}, $("$NGINX" -v 2>&1 | sed 's/.*: //'), wrk -t$THREADS -c$CONNS -d$DURATION (writes -d$WRITE_DURATION).
Engine: $ENGINE. Read: GET $READ_PATH, $BYTES bytes of JSON; writes spread over $CONTACTS contacts.

| Measure | Result | Aim |
|---|---|---|
| nginx, same bytes (req/s) | $NGINX_RPS (p99 $(wrk_p99 "$TMP/wrk.nginx"), non-2xx $(wrk_non2xx "$TMP/wrk.nginx"), socket errors $(wrk_sockerr "$TMP/wrk.nginx")) | |
| uptake GET contact (req/s) | $READ_RPS (p99 $(wrk_p99 "$TMP/wrk.read"), non-2xx $(wrk_non2xx "$TMP/wrk.read"), socket errors $(wrk_sockerr "$TMP/wrk.read"), server CPU $READ_CPU µs/req) | |
| **ratio uptake ÷ nginx** | **$RATIO** | ≥ 0.30: $(pass "$AIM_RATIO") |
| POST activity (201/s) | **$WRITES** ($CREATED 201s in ${WRITE_SECS}s, other statuses ${OTHER:-?}, p99 $(wrk_p99 "$TMP/wrk.write"), socket errors $(wrk_sockerr "$TMP/wrk.write"), server CPU $WRITE_CPU µs/req) | ≥ 3,000: $(pass "$AIM_WRITES") |
| activities rows vs 201s | $ROWCHECK | equal |
| **WAL peak during the write run** | **$(mib $((WAL_PEAK / 1024))) MiB** (at the end $(mib $((WAL_END / 1024))) MiB, sampled every 0.1 s) | ≤ 128 MiB: $(pass "$AIM_WAL") |
| peak RSS after setup (sign-in) | $(mib "$HWM_SETUP") MiB (now $(mib "$RSS_SETUP") MiB) | |
| peak RSS during the read run alone | $(mib "$HWM_READ") MiB (now $(mib "$RSS_READ") MiB) | |
| **peak RSS since start, after the read run** | **$(mib "$PEAK_READ") MiB** | ≤ 64 MiB: $(pass "$AIM_RSS") |
| peak RSS since start, at the end | $(mib "$PEAK_END") MiB (writes alone $(mib "$HWM_END") MiB, now $(mib "$RSS_END") MiB) | |
| PostgreSQL processes' peak RSS, summed (postgresql only) | $(mib "$PG_HWM") MiB | |
EOF

# --- The web UI benchmark ----------------------------------------------------------------------
# Its own demo database, server, nginx and browser (bench/web.sh); this run's are stopped first
# so they do not share the machine with it (the cluster first: cleanup removes its state file,
# which the exit trap's stop needs). BENCH_WEB=0 leaves it out.
if [ "$ENGINE" = postgresql ]; then
    "$HERE/../scripts/pg-cluster.sh" stop "$PG_STATE"
    trap cleanup EXIT
fi
cleanup
UPTAKE_PID=""
NGINX_PID=""
if [ "${BENCH_WEB:-1}" != 0 ]; then
    "$HERE/web.sh" "$BUILD"
fi
