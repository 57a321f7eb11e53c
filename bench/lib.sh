#!/bin/bash
# SPDX-License-Identifier: MIT
# Shared by bench/run.sh and bench/web.sh: starting an nginx baseline on a free loopback port.
# Callers define log() and keep nginx's files in $TMP/nginx; NGINX and NGINX_PID are globals.

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
