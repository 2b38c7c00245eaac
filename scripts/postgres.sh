#!/usr/bin/env bash
# The PostgreSQL server the tests keep a state store in: a private cluster on a fixed port.
#
#   scripts/postgres.sh           start it (installing Debian's postgresql first if needed)
#   scripts/postgres.sh stop      stop it (its folder stays; `rm -rf` it to start afresh)
#
# Idempotent: a second call sees the server running and only prints its URL. The last line of
# the output is always `TAUT_TEST_POSTGRES_URL=postgresql://...`, which tests/store/conftest.py
# reads. The cluster lives in TAUT_PG_DIR (default /tmp/taut-postgres-PORT, outside every
# clone, so all clones on a machine share one server: each test makes its own database).
# It trusts local connections and listens on 127.0.0.1 only: a test server, never a real one.
set -euo pipefail

PORT="${TAUT_PG_PORT:-54329}"
DIR="${TAUT_PG_DIR:-/tmp/taut-postgres-$PORT}"
LOCK="/tmp/taut-postgres-$PORT.lock"
URL="postgresql://postgres@127.0.0.1:$PORT/postgres"

fail() { echo "scripts/postgres.sh: $*" >&2; exit 1; }

binaries() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# Run a PostgreSQL program as the server's owner: `postgres` when we are root (the server
# refuses to run as root), else ourselves.
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install() {
    [ -n "$(binaries)" ] && return 0
    [ "$(id -u)" = 0 ] || fail "PostgreSQL is not installed and only root can install it: run 'sudo apt-get install postgresql' (Debian's package), then this script again."
    command -v apt-get >/dev/null || fail "PostgreSQL is not installed and this is not a Debian-like system (no apt-get): install PostgreSQL 13 or newer so that /usr/lib/postgresql/*/bin holds its programs."
    echo "Installing Debian's postgresql package ..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || fail "apt-get update failed (see above): check the network and the package sources."
    apt-get install -y -qq postgresql >&2 || fail "apt-get install postgresql failed (see above)."
    [ -n "$(binaries)" ] || fail "postgresql was installed but /usr/lib/postgresql/*/bin is missing."
}

stop() {
    local bin; bin="$(binaries)"
    if [ -n "$bin" ] && [ -f "$DIR/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
        as_owner "$bin/pg_ctl" -D "$DIR" -m fast -w stop >&2
    else
        echo "No test PostgreSQL is running in $DIR." >&2
    fi
}

start() {
    install
    local bin; bin="$(binaries)"
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || fail "there is no 'postgres' user to run the server as: reinstall Debian's postgresql package (apt-get install --reinstall postgresql-common)."
    fi
    if [ -f "$DIR/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
        echo "The test PostgreSQL is running ($DIR, port $PORT)." >&2
        return 0
    fi
    if [ ! -f "$DIR/PG_VERSION" ]; then
        echo "Making a test PostgreSQL cluster in $DIR ..." >&2
        rm -rf "$DIR"
        mkdir -p "$DIR"
        [ "$(id -u)" = 0 ] && chown postgres: "$DIR"
        chmod 700 "$DIR"
        as_owner "$bin/initdb" -D "$DIR" -U postgres --auth=trust -E UTF8 --locale=C >"$DIR.initdb.log" 2>&1 \
            || fail "initdb failed: $(tail -n 5 "$DIR.initdb.log")"
    fi
    echo "Starting the test PostgreSQL on port $PORT ..." >&2
    # 9>&- : the server must not inherit the lock below, or it would hold it for its lifetime.
    as_owner "$bin/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 \
        -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >&2 9>&- \
        || fail "the server did not start: $(tail -n 5 "$DIR/server.log" 2>/dev/null) (is port $PORT taken? set TAUT_PG_PORT to another)"
}

# One caller at a time (two `make test` at once): the second waits, then finds it running.
exec 9>"$LOCK"
flock 9
case "${1:-start}" in
    start) start; echo "TAUT_TEST_POSTGRES_URL=$URL" ;;
    stop) stop ;;
    *) fail "unknown command '$1': use 'start' (the default) or 'stop'." ;;
esac
