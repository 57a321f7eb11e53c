#!/bin/bash
# SPDX-License-Identifier: MIT
# Shared by bench/run.sh and bench/web.sh: their tools, scratch space and cleanup, and starting
# an nginx baseline on a free loopback port. Callers define log(); NGINX, TMP, UPTAKE_PID and
# NGINX_PID are globals.

# bench_require CMD:PACKAGE...: installs the Debian package of each missing command. The
# benchmarks are not part of CI, so their tools are not in scripts/deps.sh.
bench_require() {
    local need="" pair
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || need="$need ${pair#*:}"
    done
    if [ -n "$need" ]; then
        log "installing$need"
        local sudo=""
        if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
        $sudo apt-get update -qq
        # shellcheck disable=SC2086 # $need is a list of package names
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $need >/dev/null
    fi
    NGINX=$(command -v nginx || echo /usr/sbin/nginx)
}

# bench_scratch NAME: a temporary folder in TMP, removed on exit together with the server and
# nginx this script started (by pid, nothing else).
bench_scratch() {
    TMP=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
    UPTAKE_PID=""
    NGINX_PID=""
    trap cleanup EXIT
    trap 'exit 130' INT TERM
}
cleanup() {
    if [ -n "${WATCH_PID:-}" ]; then kill "$WATCH_PID" 2>/dev/null || true; fi
    if [ -n "$UPTAKE_PID" ]; then kill "$UPTAKE_PID" 2>/dev/null || true; fi
    if [ -n "$NGINX_PID" ]; then kill "$NGINX_PID" 2>/dev/null || true; fi
    if [ -n "$UPTAKE_PID" ]; then wait "$UPTAKE_PID" 2>/dev/null || true; fi
    if [ -n "$NGINX_PID" ]; then wait "$NGINX_PID" 2>/dev/null || true; fi
    rm -rf "$TMP"
}

# nginx_wait PORT PATH: after "$NGINX ... &" set NGINX_PID, waits until PATH answers on PORT.
# Returns 1 (and stops that nginx) when it does not come up.
nginx_wait() {
    local port=$1 path=$2
    for _ in $(seq 50); do
        if curl -s -f --max-time 1 -o /dev/null "http://127.0.0.1:$port$path"; then
            return 0
        fi
        kill -0 "$NGINX_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
    NGINX_PID=""
    return 1
}

# nginx_pick_port START_FN: nginx cannot report a port it picked, so START_FN PORT is tried on
# random unused high ports; a race for the port only costs a retry, any other failure stops.
# Sets NGINX_PORT, or leaves it empty.
nginx_pick_port() {
    local start=$1 p
    NGINX_PORT=""
    for _ in $(seq 5); do
        p=$((20000 + RANDOM % 40000))
        [ -n "$(ss -Hltn "sport = :$p" 2>/dev/null)" ] && continue
        : >"$TMP/nginx/error.log"
        if "$start" "$p"; then
            NGINX_PORT=$p
            return 0
        fi
        cat "$TMP/nginx/error.log" "$TMP/nginx/stderr.log" 2>/dev/null |
            grep -q "Address already in use" || return 0
    done
}
