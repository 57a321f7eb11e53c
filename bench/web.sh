#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The web UI benchmark (bench/web.sh BUILD_DIR; bench/run.sh runs it at its end).
#
# Claim, on the demo organization (`uptake init --demo`: 5,000 contacts, 6 months):
# - the JavaScript transferred until the Today page is usable is <= 150 KB (uncompressed);
# - a contact page is usable <= 300 ms (median) after navigation in headless Chromium on
#   loopback, reported beside nginx serving the very same bytes (JS, CSS and the API answers
#   recorded from uptake) to the same browser: the ratio is what uptake's server work adds;
# - search as you type: p99 of the API requests the search box makes per keystroke is
#   <= 10 ms, reported beside the sqlite3 shell running the same FTS queries.
#
# Everything runs on 127.0.0.1 in a temporary directory removed on exit; this script stops
# what it started, by pid. Tunables: BENCH_LOADS (20 page loads per server), BENCH_NAMES (200
# names whose prefixes are typed), BENCH_WEB_CONTACTS (demo contacts, default 5000).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

BUILD=${1:-build}
UPTAKE=$(cd "$BUILD" && pwd)/uptake
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
CONTACTS=${BENCH_WEB_CONTACTS:-5000}
EMAIL=admin@demo.uptake.test
PASSWORD=demo-password
CHROMIUM=${UPTAKE_CHROMIUM:-/usr/bin/chromium}

log() { printf 'bench web: %s\n' "$*" >&2; }
bench_require /usr/sbin/nginx:nginx-light sqlite3:sqlite3 curl:curl "$CHROMIUM:chromium"
if [ ! -x "$UPTAKE" ]; then
    log "no $UPTAKE; build first (make build, or cmake --build $BUILD)"
    exit 1
fi
if [ ! -d "$ROOT/node_modules/playwright-core" ]; then
    log "no playwright-core in $ROOT/node_modules: run scripts/deps.sh (npm ci)"
    exit 1
fi

bench_scratch uptake-bench-web
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)

# --- Demo organization and server -----------------------------------------------------------
DB=$TMP/demo.db
log "creating the demo organization ($CONTACTS contacts; about a minute)"
(cd "$TMP" && timeout 600 "$UPTAKE" init --db "$DB" --demo --contacts "$CONTACTS" >/dev/null 2>"$TMP/init.log")

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
URL=http://127.0.0.1:$PORT
log "uptake pid $UPTAKE_PID on $URL"

# The contact page to load: the contact with the most timeline entries a rep would see often,
# i.e. one with many activities (a fuller page than average).
CONTACT_ID=$(sqlite3 "$DB" "SELECT contact_id FROM activities WHERE contact_id IS NOT NULL
    GROUP BY contact_id ORDER BY count(*) DESC, contact_id LIMIT 1")

# --- The same bytes behind nginx -----------------------------------------------------------
WWW=$TMP/www
mkdir -p "$WWW" "$TMP/nginx/tmp"
(cd "$ROOT" && timeout 120 node bench/web.mjs snapshot "$URL" "$EMAIL" "$PASSWORD" "$CONTACT_ID" "$WWW")
chmod 711 "$TMP"
chmod -R a+rX "$WWW"
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
    types { text/html html; text/javascript js; text/css css; image/svg+xml svg; }
    default_type application/json;
    client_body_temp_path $n/tmp/body;
    proxy_temp_path $n/tmp/proxy;
    fastcgi_temp_path $n/tmp/fastcgi;
    uwsgi_temp_path $n/tmp/uwsgi;
    scgi_temp_path $n/tmp/scgi;
    server {
        listen 127.0.0.1:$port;
        root $WWW;
        # API answers recorded from uptake, keyed by path and query.
        location /api/ { try_files "/api-snap\${uri}__\${args}" =404; }
        # Scripts and styles cached for an hour, as uptake sends them.
        location ~ ^/(js|css|vendor)/ { add_header Cache-Control "public, max-age=3600"; }
        # App routes get the app page, as uptake does.
        location / { try_files \$uri /index.html; }
    }
}
EOF
    "$NGINX" -p "$n" -e "$n/error.log" -c "$n/nginx.conf" 2>"$n/stderr.log" &
    NGINX_PID=$!
    nginx_wait "$port" /js/app.js
}
nginx_pick_port start_nginx
if [ -z "$NGINX_PORT" ]; then
    log "nginx did not start:"
    tail -n 5 "$TMP/nginx/error.log" "$TMP/nginx/stderr.log" >&2
    exit 1
fi
cmp -s "$WWW/js/app.js" <(curl -sS --max-time 5 "http://127.0.0.1:$NGINX_PORT/js/app.js") || {
    log "nginx does not serve the same bytes"
    exit 1
}
log "nginx pid $NGINX_PID on 127.0.0.1:$NGINX_PORT serving $(find "$WWW" -type f | wc -l) recorded files"

# --- Measurements ----------------------------------------------------------------------------
(cd "$ROOT" && BENCH_UPTAKE_PID=$UPTAKE_PID timeout 900 node bench/web.mjs measure "$URL" "http://127.0.0.1:$NGINX_PORT" \
    "$EMAIL" "$PASSWORD" "$CONTACT_ID" "$DB" "$TMP/web.json")

# --- Summary ---------------------------------------------------------------------------------
CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
VERSION=$("$UPTAKE" --version 2>/dev/null | head -1 || true)
CHROME=$("$CHROMIUM" --version 2>/dev/null | head -1 || echo chromium)
node - "$TMP/web.json" <<'EOF' | sed "s|@MACHINE@|$NPROC cores, ${CPU:-unknown CPU}, $(uname -sr); load average $LOAD_START at the start, $(cut -d' ' -f1 /proc/loadavg) at the end. ${VERSION:-uptake}, $("$NGINX" -v 2>&1 | sed 's/.*: //'), $CHROME.|"
const r = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const s = r.summary;
const f = (x, d = 1) => Number(x).toFixed(d);
const ok = (c) => (c ? 'pass' : 'FAIL');
const kb = r.js.bytes / 1000;
console.log(`
#### Run ${new Date().toISOString().slice(0, 16)}Z

Machine: @MACHINE@
Contact page: contact ${r.contact.id} ("${r.contact.name}", the one with the most activities), ${s.load_uptake.n} first visits (a fresh browser context each, empty cache) from each server, alternating; then ${s.warm_uptake.n} returning visits from each (one context, scripts and styles from its cache, API answers asked again).
Search: prefixes of ${r.search.names} contact names, ${r.search.keystrokes} keystrokes, 4 requests per keystroke (contacts, organizations, deals, leads; \`q\`, \`limit=5\`) on one keep-alive connection each, as an admin.

| Measure | Result | Aim |
|---|---|---|
| **JavaScript until Today is usable** | **${f(kb)} KB** in ${r.js.files} files (${r.js.compressed ? 'some compressed' : 'uncompressed'}); ${f(r.js.all_bytes / 1000)} KB in ${r.js.all_files} files once idle | ≤ 150 KB: ${ok(kb <= 150)} (ratio to the aim ${f(kb / 150, 2)}) |
| nginx, same bytes: contact page usable (ms) | median ${f(s.load_nginx.median)}, p90 ${f(s.load_nginx.p90)}, max ${f(s.load_nginx.max)} | |
| **uptake: contact page usable, first visit (ms)** | **median ${f(s.load_uptake.median)}**, p90 ${f(s.load_uptake.p90)}, max ${f(s.load_uptake.max)} | median ≤ 300: ${ok(s.load_uptake.median <= 300)} |
| ratio uptake ÷ nginx (median) | ${f(s.load_uptake.median / s.load_nginx.median, 2)} | |
| nginx, same bytes: returning visit (ms) | median ${f(s.warm_nginx.median)}, p90 ${f(s.warm_nginx.p90)}, max ${f(s.warm_nginx.max)} | |
| **uptake: contact page usable, returning visit (ms)** | **median ${f(s.warm_uptake.median)}**, p90 ${f(s.warm_uptake.p90)}, max ${f(s.warm_uptake.max)} | median ≤ 300: ${ok(s.warm_uptake.median <= 300)} |
| ratio uptake ÷ nginx (median) | ${f(s.warm_uptake.median / s.warm_nginx.median, 2)} | |
| sqlite3 shell, same FTS query (ms CPU) | per query median ${f(s.search_sqlite_query.median, 3)}, p99 ${f(s.search_sqlite_query.p99, 3)}; per keystroke (4 queries) p99 ${f(s.search_sqlite_key.p99, 3)} | |
| **uptake: search request per keystroke (ms)** | per request median ${f(s.search_uptake_request.median, 3)}, **p99 ${f(s.search_uptake_request.p99, 3)}**, max ${f(s.search_uptake_request.max, 1)}; per keystroke (4 at once) median ${f(s.search_uptake_key.median, 3)}, p99 ${f(s.search_uptake_key.p99, 3)} | p99 ≤ 10: ${ok(s.search_uptake_request.p99 <= 10)} |
| ratio uptake ÷ sqlite3 (p99 per request) | ${f(s.search_uptake_request.p99 / s.search_sqlite_query.p99, 1)} | |
| server CPU per search request vs the shell's per query (mean, ms) | uptake ${r.search.uptake.cpuPerRequest === null ? '-' : f(r.search.uptake.cpuPerRequest, 3)}, sqlite3 ${f(r.search.sqlite.perRequest.reduce((a, b) => a + b, 0) / r.search.sqlite.perRequest.length, 3)}; ratio ${r.search.uptake.cpuPerRequest === null ? '-' : f(r.search.uptake.cpuPerRequest / (r.search.sqlite.perRequest.reduce((a, b) => a + b, 0) / r.search.sqlite.perRequest.length), 1)} | |

JavaScript before usable: ${r.js.list.join(', ')}.`);
EOF
