#!/usr/bin/env bash
# A throwaway PostgreSQL server for the storage tests: no system service, nothing outside a temporary directory.
#
#   eval "$(scripts/test-postgres.sh start)"      # exports TUNEBOT_TEST_PG and TUNEBOT_TEST_PG_DIR
#   trap 'scripts/test-postgres.sh stop' EXIT     # stops the server and removes its directory
#
# start: installs the Debian package postgresql if initdb is missing (root only), runs initdb + pg_ctl as an
# unprivileged user (PostgreSQL refuses to run as root; when run as root, the system user tunebot-test is created
# for it), listening on 127.0.0.1 on a free port, trust authentication, durability off (it is thrown away).
# Prints `export` lines for the caller to eval; progress goes to stderr.
# stop [DIR]: stops the server started in DIR (default $TUNEBOT_TEST_PG_DIR) and removes DIR.
set -euo pipefail

PG_USER_NAME=tunebot-test
DB_USER=tunebot
DB_NAME=tunebot_test

log() { echo "test-postgres: $*" >&2; }

find_bindir() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] && { echo "$d"; return 0; }
    done
    return 1
}

as_owner() {  # run a command as the unprivileged owner of the server
    if [[ $(id -u) -eq 0 ]]; then runuser -u "$PG_USER_NAME" -- "$@"; else "$@"; fi
}

free_port() {
    local port i
    for i in $(seq 1 50); do
        port=$(( 20000 + RANDOM % 40000 ))
        if ! ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then echo "$port"; return 0; fi
    done
    return 1
}

start() {
    local bindir
    if ! bindir=$(find_bindir); then
        if [[ $(id -u) -ne 0 ]]; then log "PostgreSQL is not installed and installing it needs root (apt-get install postgresql)."; exit 1; fi
        log "installing PostgreSQL from Debian (apt-get install postgresql)…"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -q --no-install-recommends postgresql >&2 || { apt-get update -q >&2 && apt-get install -y -q --no-install-recommends postgresql >&2; }
        bindir=$(find_bindir) || { log "initdb not found after installing postgresql"; exit 1; }
    fi
    if [[ $(id -u) -eq 0 ]] && ! id "$PG_USER_NAME" >/dev/null 2>&1; then
        # Two test runs may race to create it: losing the race is fine.
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_USER_NAME" 2>/dev/null \
            || id "$PG_USER_NAME" >/dev/null
    fi
    local dir
    dir=$(mktemp -d "${TMPDIR:-/tmp}/tunebot-pg.XXXXXX")
    chmod 700 "$dir"
    [[ $(id -u) -eq 0 ]] && chown "$PG_USER_NAME" "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U "$DB_USER" -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; log "initdb failed"; exit 1; }
    local port attempt
    for attempt in 1 2 3 4 5; do
        port=$(free_port) || { rm -rf "$dir"; log "no free port"; exit 1; }
        if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start \
            -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null 2>&1; then
            break
        fi
        port=""
    done
    [[ -n "$port" ]] || { tail -n 20 "$dir/server.log" >&2 || true; rm -rf "$dir"; log "the server did not start"; exit 1; }
    as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U "$DB_USER" "$DB_NAME"
    echo "$bindir" > "$dir/bindir"
    log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $dir)"
    echo "export TUNEBOT_TEST_PG='Host=127.0.0.1;Port=$port;Username=$DB_USER;Database=$DB_NAME;Pooling=true;Timeout=15'"
    echo "export TUNEBOT_TEST_PG_DIR='$dir'"
}

stop() {
    local dir="${1:-${TUNEBOT_TEST_PG_DIR:-}}"
    [[ -n "$dir" ]] || { log "nothing to stop (TUNEBOT_TEST_PG_DIR unset)"; return 0; }
    [[ -d "$dir" ]] || return 0
    case "$dir" in */tunebot-pg.*) ;; *) log "refusing to remove $dir (not a test-postgres directory)"; return 1 ;; esac
    if [[ -f "$dir/bindir" && -f "$dir/data/postmaster.pid" ]]; then
        as_owner "$(cat "$dir/bindir")/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    log "stopped and removed $dir"
}

case "${1:-}" in
    start) start ;;
    stop) stop "${2:-}" ;;
    *) echo "usage: $0 start | stop [DIR]" >&2; exit 2 ;;
esac
