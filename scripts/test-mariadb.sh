#!/usr/bin/env bash
# A throwaway MariaDB server (the mysql provider's test server): no system service, nothing outside a temporary directory.
#
#   eval "$(scripts/test-mariadb.sh start)"       # exports TUNEBOT_TEST_MYSQL and TUNEBOT_TEST_MYSQL_DIR
#   trap 'scripts/test-mariadb.sh stop' EXIT      # stops the server and removes its directory
#
# start: installs the Debian package mariadb-server if mariadbd is missing (root only; the package's own service
# does not start), creates a data directory with mariadb-install-db and runs mariadbd as an unprivileged user (when
# run as root, the system user tunebot-test, shared with test-postgres.sh), listening on 127.0.0.1 on a free port,
# durability off (it is thrown away). The test user may create and drop the databases tunebot_test and tb_*, as
# CatalogTestDatabase does per test, and nothing else: the same rights a deployment's catalog user has.
# Prints `export` lines for the caller to eval; progress goes to stderr.
# stop [DIR]: shuts down the server started in DIR (default $TUNEBOT_TEST_MYSQL_DIR) and removes DIR.
set -euo pipefail

OWNER=tunebot-test
DB_USER=tunebot
DB_PASSWORD=tunebot-test
DB_NAME=tunebot_test

log() { echo "test-mariadb: $*" >&2; }

as_owner() {  # run a command as the unprivileged owner of the server
    if [[ $(id -u) -eq 0 ]]; then runuser -u "$OWNER" -- "$@"; else "$@"; fi
}

free_port() {
    local port i
    for i in $(seq 1 50); do
        port=$(( 20000 + RANDOM % 40000 ))
        if ! ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then echo "$port"; return 0; fi
    done
    return 1
}

# Root on the test server, over its socket (root has an empty password there; TCP is for the tests' user only).
admin() { mariadb --no-defaults --socket="$1/mysqld.sock" -uroot "${@:2}"; }

server_pid() { [[ -s "$1/mysqld.pid" ]] && cat "$1/mysqld.pid"; }

start() {
    if ! command -v mariadbd >/dev/null 2>&1 || ! command -v mariadb-install-db >/dev/null 2>&1; then
        if [[ $(id -u) -ne 0 ]]; then log "MariaDB is not installed and installing it needs root (apt-get install mariadb-server)."; exit 1; fi
        log "installing MariaDB from Debian (apt-get install mariadb-server)…"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -q --no-install-recommends mariadb-server >&2 || { apt-get update -q >&2 && apt-get install -y -q --no-install-recommends mariadb-server >&2; }
        command -v mariadbd >/dev/null 2>&1 || { log "mariadbd not found after installing mariadb-server"; exit 1; }
    fi
    if [[ $(id -u) -eq 0 ]] && ! id "$OWNER" >/dev/null 2>&1; then
        # Two test runs may race to create it: losing the race is fine.
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$OWNER" 2>/dev/null \
            || id "$OWNER" >/dev/null
    fi
    local dir
    dir=$(mktemp -d "${TMPDIR:-/tmp}/tunebot-mdb.XXXXXX")
    chmod 700 "$dir"
    [[ $(id -u) -eq 0 ]] && chown "$OWNER" "$dir"
    as_owner mariadb-install-db --no-defaults --datadir="$dir/data" --auth-root-authentication-method=normal \
        --skip-test-db --skip-name-resolve >"$dir/install-db.log" 2>&1 \
        || { cat "$dir/install-db.log" >&2; rm -rf "$dir"; log "mariadb-install-db failed"; exit 1; }
    local port="" attempt i pid
    for attempt in 1 2 3 4 5; do
        port=$(free_port) || { rm -rf "$dir"; log "no free port"; exit 1; }
        rm -f "$dir/mysqld.pid"
        # setsid + redirected streams: the server outlives this script and holds none of the caller's pipes
        # (test.sh reads this script's output through $(…), which would otherwise wait for the server).
        as_owner setsid mariadbd --no-defaults --datadir="$dir/data" --port="$port" --bind-address=127.0.0.1 \
            --socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" --log-error="$dir/error.log" \
            --skip-name-resolve --skip-log-bin --innodb-buffer-pool-size=64M --innodb-log-file-size=16M \
            --innodb-flush-log-at-trx-commit=0 --max-connections=300 \
            --character-set-server=utf8mb4 --collation-server=utf8mb4_bin </dev/null >>"$dir/server.out" 2>&1 &
        pid=$!
        for i in $(seq 1 300); do   # up to 30 s
            if admin "$dir" -e "SELECT 1" >/dev/null 2>&1; then break 2; fi
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        port=""
    done
    [[ -n "$port" ]] || { tail -n 20 "$dir/error.log" >&2 || true; rm -rf "$dir"; log "the server did not start"; exit 1; }
    # Per-test databases are created with a latin1 default on purpose (CatalogTestDatabase): the server default
    # here is utf8mb4 only so that tunebot_test itself is, as a deployment's database would be.
    admin "$dir" -e "CREATE DATABASE $DB_NAME CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
        CREATE USER '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';
        GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$DB_USER'@'127.0.0.1';
        GRANT ALL PRIVILEGES ON \`tb\\_%\`.* TO '$DB_USER'@'127.0.0.1';" \
        || { tail -n 20 "$dir/error.log" >&2 || true; stop "$dir"; log "creating the test user failed"; exit 1; }
    log "MariaDB $(admin "$dir" -N -e 'SELECT VERSION()') on 127.0.0.1:$port (data in $dir)"
    echo "export TUNEBOT_TEST_MYSQL='Server=127.0.0.1;Port=$port;User ID=$DB_USER;Password=$DB_PASSWORD;Database=$DB_NAME;Pooling=true;Connection Timeout=15'"
    echo "export TUNEBOT_TEST_MYSQL_DIR='$dir'"
}

stop() {
    local dir="${1:-${TUNEBOT_TEST_MYSQL_DIR:-}}"
    [[ -n "$dir" ]] || { log "nothing to stop (TUNEBOT_TEST_MYSQL_DIR unset)"; return 0; }
    [[ -d "$dir" ]] || return 0
    case "$dir" in */tunebot-mdb.*) ;; *) log "refusing to remove $dir (not a test-mariadb directory)"; return 1 ;; esac
    local pid i
    if pid=$(server_pid "$dir"); then
        mariadb-admin --no-defaults --socket="$dir/mysqld.sock" -uroot shutdown >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
        for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done   # up to 10 s
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
    log "stopped and removed $dir"
}

case "${1:-}" in
    start) start ;;
    stop) stop "${2:-}" ;;
    *) echo "usage: $0 start | stop [DIR]" >&2; exit 2 ;;
esac
