#!/bin/sh
# Installs what uptake needs on Debian 12: build tools and libraries with apt-get, web
# libraries with npm ci. Idempotent and quiet when everything is present.
set -eu

PACKAGES="build-essential cmake ninja-build pkg-config
libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev libcmocka-dev
libutf8proc-dev libcsv-dev libcmark-dev libcurl4-openssl-dev libinih-dev libpq-dev
postgresql-15 postgresql-client-15
nodejs npm sqlite3 chromium clang-format"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
# node and npm may come from elsewhere than Debian's packages (nodesource, nvm): accept them.
if command -v node >/dev/null 2>&1; then
    missing=$(echo "$missing" | tr ' ' '\n' | grep -v -x -e nodejs -e npm | tr '\n' ' ')
fi
missing=$(echo "$missing" | xargs)

if [ -n "$missing" ]; then
    echo "deps: installing $missing"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    # PostgreSQL's package would create and start a cluster of its own on port 5432; uptake's
    # tests start throwaway clusters on Unix sockets (scripts/pg-cluster.sh) and need none.
    if [ ! -f /etc/postgresql-common/createcluster.d/uptake.conf ]; then
        $SUDO mkdir -p /etc/postgresql-common/createcluster.d
        echo "create_main_cluster = false" | $SUDO tee /etc/postgresql-common/createcluster.d/uptake.conf >/dev/null
    fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

# Web libraries, from package-lock.json, only when it changed since the last install.
cd "$(dirname "$0")/.."
if [ -f package-lock.json ]; then
    stamp=node_modules/.uptake-lock
    if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
        echo "deps: npm ci"
        npm ci --no-audit --no-fund --loglevel=error >/dev/null
        cp package-lock.json "$stamp"
    fi
fi
