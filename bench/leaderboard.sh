#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The leaderboard benchmark (bench/leaderboard.sh BUILD_DIR).
#
# Claim (issue 14): the points leaderboard of 1,000 people over a quarter
# (GET /api/v1/leaderboards?period=quarter, and by=team) answers in p99 <= 20 ms, reported beside
# the same grouped query over the ledger in the sqlite3 shell (psql on PostgreSQL).
#
# The organization is bench/gen_adoption.c's (1,000 users in teams of 20); the ledger is half a
# year (the quarter and the one before it, which the board compares against) of awards written
# straight into points_ledger: BENCH_LB_PER_DAY (20) award slots per person and working day, two
# in three of them used. Everything runs in a temporary directory removed on exit, on 127.0.0.1.
# Tunables: BENCH_LB_USERS (1000), BENCH_LB_PER_DAY (20), BENCH_LB_REQUESTS (200).
# BENCH_ENGINE=postgresql copies the database with `uptake migrate` into a throwaway cluster
# (scripts/pg-cluster.sh) and serves it from there.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
log() { printf 'bench leaderboard: %s\n' "$*" >&2; }

BUILD=${1:-build}
UPTAKE=$(cd "$BUILD" && pwd)/uptake
HERE=$(cd "$(dirname "$0")" && pwd)
USERS=${BENCH_LB_USERS:-1000}
PER_DAY=${BENCH_LB_PER_DAY:-20}
REQUESTS=${BENCH_LB_REQUESTS:-200}
ENGINE=${BENCH_ENGINE:-sqlite}
EMAIL=admin@bench.uptake.test
PASSWORD=bench-password-1

bench_require sqlite3:sqlite3 curl:curl cc:gcc
[ -x "$UPTAKE" ] || { log "no $UPTAKE; build first (make build)"; exit 1; }
bench_scratch uptake-leaderboard
PG_STATE=$TMP/pg.url
if [ "$ENGINE" = postgresql ]; then
    bench_require psql:postgresql-client-15
    "$HERE/../scripts/pg-cluster.sh" start "$PG_STATE"
    trap '"$HERE/../scripts/pg-cluster.sh" stop "$PG_STATE"; cleanup' EXIT
fi
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
now() { date +%s.%N; }

# --- The organization and half a year of points ----------------------------------------------
cc -O2 -o "$TMP/gen" "$HERE/gen_adoption.c"
DAY_MS=86400000
END_MS=$(($(date -u +%s) / 86400 * DAY_MS + DAY_MS)) # tomorrow 00:00 UTC: today included
"$TMP/gen" "$USERS" 1 1 "$END_MS" "$TMP" 1 >/dev/null # org.sql; its day of events is unused
DB=$TMP/uptake.db
"$UPTAKE" init --db "$DB" >/dev/null 2>"$TMP/init.log"
echo "$PASSWORD" | "$UPTAKE" user add --db "$DB" --email "$EMAIL" --name Admin --role admin \
    >/dev/null 2>>"$TMP/init.log"
sqlite3 "$DB" <"$TMP/org.sql"
# Working days only (1970-01-01 was a Thursday: (day + 3) % 7 < 5 is Monday to Friday).
sqlite3 "$DB" <<EOF
WITH RECURSIVE d(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM d WHERE n < 190),
k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < $PER_DAY - 1)
INSERT INTO points_ledger (at, user_id, rule_id, points, entity, reason)
SELECT $END_MS - n * $DAY_MS + 28800000 + i * 900000, u.id, 1 + (u.id + i) % 3, 5 + (u.id * 7 + n + i) % 11,
    'activity', 'bench'
FROM d, k, users u
WHERE u.id > 1 AND (($END_MS / $DAY_MS - n) + 3) % 7 < 5 AND (u.id + n + i) % 3 <> 0;
-- Their sums per day and week, as the server keeps them with every row it appends (and as
-- migration 0022 fills them from older rows).
INSERT INTO points_days (day, user_id, points)
SELECT at / $DAY_MS, user_id, sum(points) FROM points_ledger WHERE points <> 0 GROUP BY 1, 2;
INSERT INTO points_weeks (week, user_id, points)
SELECT day - (day + 3) % 7, user_id, sum(points) FROM points_days GROUP BY 1, 2;
EOF
ROWS=$(sqlite3 "$DB" "SELECT count(*) FROM points_ledger")
log "$USERS people and an admin, $ROWS ledger rows"

SERVE_DB=$DB
if [ "$ENGINE" = postgresql ]; then
    SERVE_DB=$("$HERE/../scripts/pg-cluster.sh" createdb "$PG_STATE" leaderboard)
    "$UPTAKE" migrate --from "$DB" --to "$SERVE_DB" >"$TMP/migrate.out" 2>"$TMP/migrate.log" ||
        { cat "$TMP/migrate.log" >&2; exit 1; }
    psql -X -q "$SERVE_DB" -c "VACUUM ANALYZE" >/dev/null
fi

# --- uptake ------------------------------------------------------------------------------------
"$UPTAKE" serve --db "$SERVE_DB" --listen 127.0.0.1:0 >"$TMP/uptake.out" 2>"$TMP/uptake.log" &
UPTAKE_PID=$!
PORT=""
for _ in $(seq 100); do
    PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$TMP/uptake.out")
    [ -n "$PORT" ] && break
    kill -0 "$UPTAKE_PID" 2>/dev/null || break
    sleep 0.1
done
[ -n "$PORT" ] || { log "uptake did not start:"; cat "$TMP/uptake.log" >&2; exit 1; }
API=http://127.0.0.1:$PORT/api/v1
curl -sS -f --max-time 30 -D "$TMP/session.hdr" -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$API/session"
COOKIE=$(sed -n 's/^Set-Cookie: \(uptake_session=[^;]*\).*/\1/ip' "$TMP/session.hdr" | tr -d '\r')
[ -n "$COOKIE" ] || { log "sign-in returned no session cookie"; exit 1; }

curl -sS -f --max-time 60 -H "Cookie: $COOKIE" -o "$TMP/board.json" "$API/leaderboards?period=quarter"
LISTED=$(sqlite3 :memory: "SELECT json_array_length(readfile('$TMP/board.json'), '\$.items')")
RANGE=$(sqlite3 :memory: "SELECT json_extract(readfile('$TMP/board.json'), '\$.previous.from') || ' '
    || json_extract(readfile('$TMP/board.json'), '\$.range.from') || ' '
    || json_extract(readfile('$TMP/board.json'), '\$.range.to')")
read -r PREV_DAY FROM_DAY TO_DAY <<<"$RANGE"

# timings FILE URL: REQUESTS requests on one keep-alive connection after 5 of warm-up; writes
# "status seconds" per request to FILE.
timings() {
    local i
    {
        for i in $(seq $((REQUESTS + 5))); do
            [ "$i" = 1 ] || printf 'next\n'
            printf 'url = "%s"\nheader = "Cookie: %s"\noutput = "/dev/null"\n' "$2" "$COOKIE"
            printf 'write-out = "%%{http_code} %%{time_total}\\n"\n'
        done
    } >"$TMP/req.curl"
    curl -sS --max-time 1200 -K "$TMP/req.curl" | tail -n +6 >"$1"
}
quantile() {
    awk '{ print $2 * 1000 }' "$1" | sort -n |
        awk -v q="$2" '{ v[NR] = $1 } END { i = int(q * NR + 0.999999); if (i < 1) i = 1; printf "%.1f", v[i] }'
}
non200() { awk '$1 != 200' "$1" | wc -l; }

log "leaderboard by person: $REQUESTS requests"
timings "$TMP/person.t" "$API/leaderboards?period=quarter"
log "leaderboard by team: $REQUESTS requests"
timings "$TMP/team.t" "$API/leaderboards?period=quarter&by=team"

# --- The baseline: the same grouped pass over the ledger in the engine's own shell ------------
ms_of() { sqlite3 :memory: "SELECT CAST((julianday('$1') - 2440587.5) * 86400000 AS INTEGER)"; }
PREV_MS=$(ms_of "$PREV_DAY") FROM_MS=$(ms_of "$FROM_DAY") TO_MS=$(($(ms_of "$TO_DAY") + DAY_MS))
cat >"$TMP/base.sql" <<EOF
SELECT u.id, u.name, u.team_id, coalesce(p.now, 0), coalesce(p.before, 0)
FROM users u LEFT JOIN (SELECT user_id, sum(CASE WHEN at >= $FROM_MS THEN points ELSE 0 END) AS now,
    sum(CASE WHEN at < $FROM_MS THEN points ELSE 0 END) AS before FROM points_ledger
    WHERE at >= $PREV_MS AND at < $TO_MS GROUP BY user_id) p ON p.user_id = u.id
WHERE u.active = 1 AND u.is_integration = 0 ORDER BY 4 DESC;
EOF
# And the query uptake runs over the sums: each period's whole weeks, the days around them.
spans() { # FROM_DAY TO_DAY (day numbers, to excluded): w0 w1 a0 a1 b0 b1, as lb_spans_of
    awk -v f="$1" -v t="$2" 'BEGIN { first = f + (7 - (f + 3) % 7) % 7; last = t - (t + 3) % 7
        if (first >= last) print f, f, f, t, t, t; else print first, last, f, first, last, t }'
}
sums_of() { # W0 W1 A0 A1 B0 B1 NOW_EXPR BEFORE_EXPR
    printf 'SELECT user_id, %s, %s FROM points_weeks WHERE week >= %s AND week < %s
UNION ALL SELECT user_id, %s, %s FROM points_days WHERE day >= %s AND day < %s
UNION ALL SELECT user_id, %s, %s FROM points_days WHERE day >= %s AND day < %s\n' \
        "$7" "$8" "$1" "$2" "$7" "$8" "$3" "$4" "$7" "$8" "$5" "$6"
}
read -r -a NOW_SPANS <<<"$(spans $((FROM_MS / DAY_MS)) $((TO_MS / DAY_MS)))"
read -r -a PREV_SPANS <<<"$(spans $((PREV_MS / DAY_MS)) $((FROM_MS / DAY_MS)))"
{
    echo "SELECT u.id, u.name, u.team_id, coalesce(p.now, 0), coalesce(p.before, 0)"
    echo "FROM users u LEFT JOIN (SELECT user_id, sum(now) AS now, sum(before) AS before FROM ("
    sums_of "${NOW_SPANS[@]}" "points AS now" "0 AS before"
    echo "UNION ALL"
    sums_of "${PREV_SPANS[@]}" 0 points
    echo ") AS s GROUP BY user_id) p ON p.user_id = u.id"
    echo "WHERE u.active = 1 AND u.is_integration = 0 ORDER BY 4 DESC;"
} >"$TMP/sums.sql"
TOOL="sqlite3 shell"
[ "$ENGINE" = postgresql ] && TOOL=psql
BASE_TIMES=()
for _ in 1 2 3 4 5; do
    t0=$(now)
    if [ "$ENGINE" = postgresql ]; then psql -X -A -t -q "$SERVE_DB" <"$TMP/base.sql" >"$TMP/base.out"
    else sqlite3 "$DB" <"$TMP/base.sql" >"$TMP/base.out"; fi
    t1=$(now)
    BASE_TIMES+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }')")
done
BASE_MS=$(printf '%s\n' "${BASE_TIMES[@]}" | sort -n | sed -n 3p)
SUMS_TIMES=()
for _ in 1 2 3 4 5; do
    t0=$(now)
    if [ "$ENGINE" = postgresql ]; then psql -X -A -t -q "$SERVE_DB" <"$TMP/sums.sql" >"$TMP/sums.out"
    else sqlite3 "$DB" <"$TMP/sums.sql" >"$TMP/sums.out"; fi
    t1=$(now)
    SUMS_TIMES+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }')")
done
SUMS_MS=$(printf '%s\n' "${SUMS_TIMES[@]}" | sort -n | sed -n 3p)
# Both passes must give everyone the same points.
AGREE=$(diff <(sort "$TMP/base.out") <(sort "$TMP/sums.out") >/dev/null && echo yes || echo NO)

P50=$(quantile "$TMP/person.t" 0.5) P99=$(quantile "$TMP/person.t" 0.99)
T50=$(quantile "$TMP/team.t" 0.5) T99=$(quantile "$TMP/team.t" 0.99)
verdict() { awk -v v="$1" 'BEGIN { print v <= 20 ? "met" : "NOT met" }'; }
cat <<EOF
### Leaderboard on $ENGINE ($(date -u +%FT%RZ), load average $LOAD_START at start, $(cut -d' ' -f1 /proc/loadavg) at end)

$LISTED people on the board, $ROWS ledger rows over half a year; the quarter $FROM_DAY to
$TO_DAY against $PREV_DAY onwards; $REQUESTS requests each on one keep-alive connection.

| Measure | uptake | Baseline (same run) | Ratio | Aim |
|---|---|---|---|---|
| By person, one quarter | p50 $P50 ms, p99 $P99 ms | the same grouped pass over the ledger ($TOOL, median of 5, process start included): $BASE_MS ms | $(awk -v a="$P50" -v b="$BASE_MS" 'BEGIN { printf "%.2f", a / b }') | p99 ≤ 20 ms: $(verdict "$P99") |
| By person, one quarter | (as above) | the query uptake runs over the sums per week and day ($TOOL, median of 5, process start included): $SUMS_MS ms | $(awk -v a="$P50" -v b="$SUMS_MS" 'BEGIN { printf "%.2f", a / b }') | |
| By team, one quarter | p50 $T50 ms, p99 $T99 ms | | | p99 ≤ 20 ms: $(verdict "$T99") |

Non-200 answers: $(non200 "$TMP/person.t") by person, $(non200 "$TMP/team.t") by team. The sums
and the ledger give everyone the same points: $AGREE.
EOF
