#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The adoption benchmark (bench/adoption.sh BUILD_DIR; `make bench-adoption`).
#
# Claim, for an organization of 1,000 users with a year of history (about 50 million events)
# on a 2-core machine:
# - `uptake events import` ingests >= 200,000 events/s, rollups included, reported beside the
#   sqlite3 shell's .import of the same events (as CSV) into the same table and indexes;
# - the scorecard (GET /api/v1/adoption/users) for all users over a quarter answers in
#   p99 <= 50 ms, reported beside the same aggregate written as one plain SQL query over the
#   raw events in the sqlite3 shell;
# - one user's explained score (GET /api/v1/adoption/users/{id}) answers in p99 <= 10 ms;
# - and it reports the database size per million events.
#
# Everything runs on 127.0.0.1 in a temporary directory removed on exit (it needs about 200
# bytes of free disk per event there: set TMPDIR to choose where); the server it starts is
# stopped by pid. Tunables: BENCH_ADOPTION_USERS (1000), BENCH_ADOPTION_DAYS (365),
# BENCH_ADOPTION_PER_DAY (events per person on a day at work, 225), BENCH_ADOPTION_REQUESTS
# (200 per endpoint), BENCH_ADOPTION_SEED (1).
#
# BENCH_ENGINE=postgresql serves the scorecard from PostgreSQL instead: the same SQLite
# database, imported as above, is copied by `uptake migrate` into a throwaway cluster
# (scripts/pg-cluster.sh, Unix socket only), and the baseline becomes the same aggregate in
# psql over the copied raw events. BENCH_ADOPTION_DAYS defaults to 182 there (the quarter and
# the one before it, which the scorecard compares against), keeping the copy to minutes.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
log() { printf 'bench adoption: %s\n' "$*" >&2; }

BUILD=${1:-build}
UPTAKE=$(cd "$BUILD" && pwd)/uptake
HERE=$(cd "$(dirname "$0")" && pwd)
USERS=${BENCH_ADOPTION_USERS:-1000}
ENGINE=${BENCH_ENGINE:-sqlite}
case "$ENGINE" in
sqlite) DAYS=${BENCH_ADOPTION_DAYS:-365} ;;
postgresql) DAYS=${BENCH_ADOPTION_DAYS:-182} ;;
*)
    echo "bench adoption: BENCH_ENGINE is sqlite or postgresql, not '$ENGINE'" >&2
    exit 1
    ;;
esac
PER_DAY=${BENCH_ADOPTION_PER_DAY:-225}
REQUESTS=${BENCH_ADOPTION_REQUESTS:-200}
SEED=${BENCH_ADOPTION_SEED:-1}
EMAIL=admin@bench.uptake.test
PASSWORD=bench-password-1

bench_require sqlite3:sqlite3 curl:curl cc:gcc
if [ ! -x "$UPTAKE" ]; then
    echo "bench adoption: no $UPTAKE; build first (make build, or cmake --build $BUILD)" >&2
    exit 1
fi
bench_scratch uptake-adoption
PG_STATE=$TMP/pg.url
if [ "$ENGINE" = postgresql ]; then
    bench_require psql:postgresql-client-15
    "$HERE/../scripts/pg-cluster.sh" start "$PG_STATE" # its own folder, reachable by postgres
    trap '"$HERE/../scripts/pg-cluster.sh" stop "$PG_STATE"; cleanup' EXIT
fi
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)

# About 0.6 events per person-day of the year are at work (weekdays, not everyone every day).
EXPECTED=$((USERS * DAYS * PER_DAY * 6 / 10))
NEED_KB=$((EXPECTED / 5)) # ~200 bytes per event: NDJSON, CSV and two databases
FREE_KB=$(df -Pk "$TMP" | awk 'NR == 2 { print $4 }')
if [ "$FREE_KB" -lt "$NEED_KB" ]; then
    log "needs about $((NEED_KB / 1048576)) GiB free in $TMP, has $((FREE_KB / 1048576)); set TMPDIR"
    exit 1
fi

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
per_sec() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", n / (b - a) }'; }
db_bytes() { sqlite3 "$1" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null && stat -c %s "$1"; }

# --- The organization and its year ------------------------------------------------------------
cc -O2 -o "$TMP/gen" "$HERE/gen_adoption.c"
END_MS=$(($(date -u +%s) / 86400 * 86400000)) # today 00:00 UTC: the history ends yesterday
log "generating $USERS users and $DAYS days of events (about $EXPECTED)"
t0=$(now)
EVENTS=$("$TMP/gen" "$USERS" "$DAYS" "$PER_DAY" "$END_MS" "$TMP" "$SEED")
t1=$(now)
log "$EVENTS events generated in $(secs "$t0" "$t1") s ($(du -m "$TMP/events.ndjson" | cut -f1) MB of NDJSON)"

DB=$TMP/uptake.db
"$UPTAKE" init --db "$DB" >/dev/null 2>"$TMP/init.log"
echo "$PASSWORD" | "$UPTAKE" user add --db "$DB" --email "$EMAIL" --name Admin --role admin \
    >/dev/null 2>>"$TMP/init.log"
sqlite3 "$DB" <"$TMP/org.sql"
BYTES_BEFORE=$(db_bytes "$DB")

# --- Ingest: uptake vs the sqlite3 shell ---------------------------------------------------------
log "uptake events import"
sync
t0=$(now)
"$UPTAKE" events import --db "$DB" --file "$TMP/events.ndjson" >"$TMP/import.out"
t1=$(now)
IMPORT_SECS=$(secs "$t0" "$t1")
IMPORT_RATE=$(per_sec "$EVENTS" "$t0" "$t1")
BYTES_AFTER=$(db_bytes "$DB")
ROLLUP_CHECK=$(sqlite3 "$DB" "SELECT (SELECT sum(events) FROM usage_days WHERE user_id > 1) = (SELECT count(*)
    FROM events WHERE user_id > 1)")
log "imported in $IMPORT_SECS s: $IMPORT_RATE events/s (rollups agree with events: $ROLLUP_CHECK)"

# The baseline loads the same events as CSV (numbered, since .import cannot leave the id to the
# database) into the same table and indexes, without rollups.
BASE=$TMP/baseline.db
sqlite3 "$BASE" >/dev/null <<EOF
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
CREATE TABLE events (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, user_id INTEGER, kind TEXT NOT NULL, entity TEXT,
    entity_id INTEGER, detail TEXT);
CREATE INDEX events_user_at ON events(user_id, at);
CREATE INDEX events_user_views ON events(user_id, id)
    WHERE kind IN ('contact.view', 'organization.view', 'deal.view', 'lead.view');
EOF
log "sqlite3 shell .import of the same events"
sync
t0=$(now)
sqlite3 "$BASE" -cmd "PRAGMA synchronous=NORMAL" ".import --csv $TMP/events.csv events"
t1=$(now)
BASE_SECS=$(secs "$t0" "$t1")
BASE_RATE=$(per_sec "$EVENTS" "$t0" "$t1")
BASE_BYTES=$(db_bytes "$BASE")
log "sqlite3 .import in $BASE_SECS s: $BASE_RATE events/s"
rm -f "$TMP/events.ndjson" # the space is needed no longer
[ "$ENGINE" = postgresql ] || rm -f "$TMP/events.csv"

# --- On PostgreSQL: the same database copied there ----------------------------------------------
SERVE_DB=$DB
if [ "$ENGINE" = postgresql ]; then
    SERVE_DB=$("$HERE/../scripts/pg-cluster.sh" createdb "$PG_STATE" adoption)
    log "uptake migrate of the whole database into PostgreSQL"
    t0=$(now)
    "$UPTAKE" migrate --from "$DB" --to "$SERVE_DB" >"$TMP/migrate.out" 2>"$TMP/migrate.log" ||
        { cat "$TMP/migrate.log" >&2; exit 1; }
    t1=$(now)
    MIGRATE_SECS=$(secs "$t0" "$t1")
    MIGRATE_RATE=$(per_sec "$EVENTS" "$t0" "$t1")
    psql -X -q "$SERVE_DB" -c "VACUUM ANALYZE" >/dev/null
    PG_BYTES=$(psql -X -A -t -q "$SERVE_DB" -c "SELECT pg_database_size(current_database())")
    log "copied in $MIGRATE_SECS s ($MIGRATE_RATE events/s), $((PG_BYTES / 1048576)) MiB"
    # The baseline: psql's \copy of the same events as CSV into a table with the same columns
    # and indexes as uptake's (sql/pg/0001, 0003), in a database of its own.
    COPY_DB=$("$HERE/../scripts/pg-cluster.sh" createdb "$PG_STATE" baseline)
    psql -X -q "$COPY_DB" >/dev/null <<EOF
CREATE TABLE events (id BIGINT PRIMARY KEY, at BIGINT NOT NULL, user_id BIGINT, kind TEXT NOT NULL,
    entity TEXT, entity_id BIGINT, detail TEXT);
CREATE INDEX events_user_at ON events(user_id, at);
CREATE INDEX events_at ON events(at);
CREATE INDEX events_user_views ON events(user_id, id)
    WHERE kind IN ('contact.view', 'organization.view', 'deal.view', 'lead.view');
EOF
    log "psql \\copy of the same events"
    t0=$(now)
    psql -X -q "$COPY_DB" -c "\\copy events FROM '$TMP/events.csv' WITH (FORMAT csv)" >/dev/null
    t1=$(now)
    COPY_SECS=$(secs "$t0" "$t1")
    COPY_RATE=$(per_sec "$EVENTS" "$t0" "$t1")
    log "psql \\copy in $COPY_SECS s: $COPY_RATE events/s"
    rm -f "$TMP/events.csv"
fi
# SQL over the served database, whichever engine holds it (the query on stdin or after -c).
served_sql() {
    if [ "$ENGINE" = postgresql ]; then
        psql -X -A -t -q "$SERVE_DB" "$@"
    elif [ "${1:-}" = -c ]; then
        sqlite3 "$DB" "$2"
    else
        sqlite3 "$DB"
    fi
}

# --- Scorecard and one user over the last quarter ----------------------------------------------
FROM=$(date -u -d "@$((END_MS / 1000 - 91 * 86400))" +%F)
TO=$(date -u -d "@$((END_MS / 1000 - 86400))" +%F)

"$UPTAKE" serve --db "$SERVE_DB" --listen 127.0.0.1:0 >"$TMP/uptake.out" 2>"$TMP/uptake.log" &
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
curl -sS -f --max-time 30 -D "$TMP/session.hdr" -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$API/session"
COOKIE=$(sed -n 's/^Set-Cookie: \(uptake_session=[^;]*\).*/\1/ip' "$TMP/session.hdr" | tr -d '\r')
[ -n "$COOKIE" ] || { log "sign-in returned no session cookie"; exit 1; }

curl -sS -f --max-time 30 -H "Cookie: $COOKIE" -o "$TMP/scorecard.json" \
    "$API/adoption/users?from=$FROM&to=$TO"
SCORED=$(sqlite3 :memory: "SELECT json_array_length(readfile('$TMP/scorecard.json'), '\$.items')")
log "scorecard $FROM to $TO lists $SCORED people"

# timings FILE URL...: REQUESTS requests (cycling over the URLs) on one keep-alive connection,
# after a warm-up; writes "status seconds" per request to FILE.
timings() {
    local out=$1 i
    shift
    local urls=("$@")
    {
        for i in $(seq $((REQUESTS + 10))); do
            [ "$i" = 1 ] || printf 'next\n'
            printf 'url = "%s"\nheader = "Cookie: %s"\noutput = "/dev/null"\n' \
                "${urls[$((i % ${#urls[@]}))]}" "$COOKIE"
            printf 'write-out = "%%{http_code} %%{time_total}\\n"\n'
        done
    } >"$TMP/req.curl"
    curl -sS --max-time 600 -K "$TMP/req.curl" | tail -n +11 >"$out"
}
# quantile FILE Q: the Q quantile (nearest rank) of the seconds in FILE, in milliseconds.
quantile() {
    awk '{ print $2 * 1000 }' "$1" | sort -n |
        awk -v q="$2" '{ v[NR] = $1 } END { i = int(q * NR + 0.999999); if (i < 1) i = 1; printf "%.1f", v[i] }'
}
non200() { awk '$1 != 200' "$1" | wc -l; }

log "scorecard: $REQUESTS requests"
timings "$TMP/scorecard.t" "$API/adoption/users?from=$FROM&to=$TO"
ONE_URLS=()
for i in $(seq 0 19); do ONE_URLS+=("$API/adoption/users/$((2 + i * USERS / 20))?from=$FROM&to=$TO"); done
log "one user's explained score: $REQUESTS requests over 20 users"
timings "$TMP/one.t" "${ONE_URLS[@]}"

# --- The same scorecard as one SQL query over the raw events ------------------------------------
FROM_MS=$((END_MS - 91 * 86400000))
TO_MS=$END_MS
cat >"$TMP/raw.sql" <<EOF
SELECT u.id, u.name, count(DISTINCT e.at / 86400000) AS active_days,
    sum(e.kind = 'login') AS logins,
    (max(e.kind = 'search') + max(e.kind IN ('contact.timeline', 'organization.timeline'))
     + max(e.kind = 'activity.logged') + max(e.kind IN ('task.created', 'task.completed'))
     + max(e.kind IN ('deal.created', 'deal.updated', 'deal.stage_changed'))
     + max(e.kind LIKE 'report.%' OR e.kind LIKE 'adoption.%')) AS features,
    sum(e.kind = 'activity.logged') AS activities,
    sum(e.kind = 'activity.logged' AND json_extract(e.detail, '\$.meaningful')) AS meaningful,
    sum(e.kind = 'lead.converted') AS leads_converted, sum(e.kind = 'deal.won') AS won,
    sum(e.kind = 'deal.lost') AS lost, sum(e.kind = 'deal.updated') AS deal_updates,
    sum(e.kind = 'deal.stage_changed') AS stage_changes,
    sum(e.kind LIKE '%.created' OR e.kind = 'activity.logged') AS created,
    sum(e.kind LIKE '%.updated') AS updated
FROM users u JOIN events e ON e.user_id = u.id AND e.at >= $FROM_MS AND e.at < $TO_MS
WHERE u.is_integration = 0 GROUP BY u.id ORDER BY u.id;
EOF
RAW_TOOL="sqlite3 shell"
if [ "$ENGINE" = postgresql ]; then
    # PostgreSQL spells the same: booleans counted with FILTER, the detail read as jsonb.
    RAW_TOOL=psql
    cat >"$TMP/raw.sql" <<EOF
SELECT u.id, u.name, count(DISTINCT e.at / 86400000) AS active_days,
    count(*) FILTER (WHERE e.kind = 'login') AS logins,
    (max((e.kind = 'search')::int) + max((e.kind IN ('contact.timeline', 'organization.timeline'))::int)
     + max((e.kind = 'activity.logged')::int) + max((e.kind IN ('task.created', 'task.completed'))::int)
     + max((e.kind IN ('deal.created', 'deal.updated', 'deal.stage_changed'))::int)
     + max((e.kind LIKE 'report.%' OR e.kind LIKE 'adoption.%')::int)) AS features,
    count(*) FILTER (WHERE e.kind = 'activity.logged') AS activities,
    count(*) FILTER (WHERE e.kind = 'activity.logged'
        AND (e.detail::jsonb ->> 'meaningful')::boolean) AS meaningful,
    count(*) FILTER (WHERE e.kind = 'lead.converted') AS leads_converted,
    count(*) FILTER (WHERE e.kind = 'deal.won') AS won,
    count(*) FILTER (WHERE e.kind = 'deal.lost') AS lost,
    count(*) FILTER (WHERE e.kind = 'deal.updated') AS deal_updates,
    count(*) FILTER (WHERE e.kind = 'deal.stage_changed') AS stage_changes,
    count(*) FILTER (WHERE e.kind LIKE '%.created' OR e.kind = 'activity.logged') AS created,
    count(*) FILTER (WHERE e.kind LIKE '%.updated') AS updated
FROM users u JOIN events e ON e.user_id = u.id AND e.at >= $FROM_MS AND e.at < $TO_MS
WHERE u.is_integration = 0 GROUP BY u.id ORDER BY u.id;
EOF
fi
log "$RAW_TOOL: the same aggregate over the raw events, 3 runs"
RAW_TIMES=()
for _ in 1 2 3; do
    t0=$(now)
    served_sql <"$TMP/raw.sql" >"$TMP/raw.out"
    t1=$(now)
    RAW_TIMES+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", (b - a) * 1000 }')")
done
RAW_MS=$(printf '%s\n' "${RAW_TIMES[@]}" | sort -n | sed -n 2p)
RAW_ROWS=$(wc -l <"$TMP/raw.out")
# The two must agree: active days per person, uptake's rollups against the raw events.
AGREE=$(served_sql -c "SELECT count(*) FROM (SELECT user_id, count(*) AS d FROM usage_days
    WHERE day >= '$FROM' AND day <= '$TO' GROUP BY user_id) r
    JOIN (SELECT user_id, count(DISTINCT at / 86400000) AS d FROM events
    WHERE at >= $FROM_MS AND at < $TO_MS AND user_id > 1 GROUP BY user_id) e USING (user_id)
    WHERE r.d = e.d")

LOAD_END=$(cut -d' ' -f1 /proc/loadavg)
SC_P50=$(quantile "$TMP/scorecard.t" 0.5)
SC_P99=$(quantile "$TMP/scorecard.t" 0.99)
ONE_P50=$(quantile "$TMP/one.t" 0.5)
ONE_P99=$(quantile "$TMP/one.t" 0.99)
verdict() { awk -v v="$1" -v aim="$2" -v dir="$3" 'BEGIN { ok = dir == "min" ? v >= aim : v <= aim; print ok ? "met" : "NOT met" }'; }
MB_PER_M=$(awk -v a="$BYTES_BEFORE" -v b="$BYTES_AFTER" -v n="$EVENTS" 'BEGIN { printf "%.1f", (b - a) / 1048576 / (n / 1e6) }')
BASE_MB_PER_M=$(awk -v b="$BASE_BYTES" -v n="$EVENTS" 'BEGIN { printf "%.1f", b / 1048576 / (n / 1e6) }')

SC_AIM=50
[ "$ENGINE" = postgresql ] && SC_AIM=100
PG_ROWS=""
if [ "$ENGINE" = postgresql ]; then
    PG_ROWS="| \`uptake migrate\` of the whole database to PostgreSQL, events/s | $MIGRATE_RATE ($MIGRATE_SECS s, every table and the search index, counts verified) | psql \`\\copy\` of the events alone as CSV, same indexes: $COPY_RATE ($COPY_SECS s) | $(awk -v a="$MIGRATE_RATE" -v b="$COPY_RATE" 'BEGIN { printf "%.2f", a / b }') | |
| PostgreSQL database size per million events | $(awk -v b="$PG_BYTES" -v n="$EVENTS" 'BEGIN { printf "%.1f", b / 1048576 / (n / 1e6) }') MiB (everything) | | | |
"
fi

cat <<EOF
### Adoption benchmark on $ENGINE ($(date -u +%F), load average $LOAD_START at start, $LOAD_END at end)

$USERS users, $DAYS days, $EVENTS events; quarter $FROM to $TO; $REQUESTS requests per endpoint
on one keep-alive connection.

| Measure | uptake | Baseline (same run) | Ratio | Aim |
|---|---|---|---|---|
| Bulk ingest, events/s | $IMPORT_RATE ($IMPORT_SECS s, rollups included) | sqlite3 \`.import\` CSV, same table and indexes: $BASE_RATE ($BASE_SECS s) | $(awk -v a="$IMPORT_RATE" -v b="$BASE_RATE" 'BEGIN { printf "%.2f", a / b }') | ≥ 200,000: $(verdict "$IMPORT_RATE" 200000 min) |
| Scorecard, all $SCORED people, one quarter | p50 $SC_P50 ms, p99 $SC_P99 ms | one SQL query over the raw events ($RAW_TOOL, median of 3): $RAW_MS ms | $(awk -v a="$RAW_MS" -v b="$SC_P50" 'BEGIN { printf "%.0f× faster", a / b }') | p99 ≤ $SC_AIM ms: $(verdict "$SC_P99" "$SC_AIM" max) |
| One user's explained score | p50 $ONE_P50 ms, p99 $ONE_P99 ms | | | p99 ≤ 10 ms: $(verdict "$ONE_P99" 10 max) |
| Database size per million events | $MB_PER_M MiB (events, indexes, rollups) | sqlite3 .import: $BASE_MB_PER_M MiB | | |
$PG_ROWS
Checks: rollups sum to the events imported: $ROLLUP_CHECK (1 = yes); active days agree with the
raw events for $AGREE of $RAW_ROWS people; non-200 answers: $(non200 "$TMP/scorecard.t") scorecard,
$(non200 "$TMP/one.t") single user.
EOF
