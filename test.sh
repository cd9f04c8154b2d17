#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (real ffmpeg, real SQLite, and throwaway PostgreSQL
# and MariaDB servers on loopback for the storage tests, stopped and removed at the end even when tests fail).
# Extra arguments go to `dotnet test` (e.g. ./test.sh --filter "FullyQualifiedName~Audio").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# The tests make their own small audio: no need to download the demo catalog (scripts/setup.d/50-demo-catalog.sh).
TUNEBOT_SKIP_DEMO=1 scripts/setup.sh
scripts/build.sh

testlog=$(mktemp)
results=$(mktemp -d)
servers=()   # started below; each is stopped and its directory removed on exit, whatever happened
cleanup() {
    rm -rf "$testlog" "$results"
    local s
    for s in "${servers[@]}"; do "scripts/test-$s.sh" stop || true; done
}
trap cleanup EXIT

# Every storage test runs on sqlite, postgres and mysql. A server that cannot start stops the run here (set -e),
# and with TUNEBOT_TEST_REQUIRE_PROVIDERS the tests fail, rather than skip, a provider whose server is missing.
# The fast set (--filter "Category!=Integration", no "|" widening it) has no storage case per server: it starts none.
# A storage case wrongly left in that set still fails (the variable below), it is not skipped.
export TUNEBOT_TEST_REQUIRE_PROVIDERS=1
need_servers=(postgres mariadb)
for arg in "$@"; do
    if [[ $arg == *'Category!=Integration'* && $arg != *'|'* ]]; then need_servers=(); fi
done
for server in "${need_servers[@]}"; do
    server_env=$("scripts/test-$server.sh" start)
    eval "$server_env"   # exports TUNEBOT_TEST_PG / TUNEBOT_TEST_MYSQL (connection strings) and the server's directory
    servers+=("$server")
done

# dotnet test's own summary ("Passed!  - Failed: 0, Passed: N, …") is restated as the plain closing line CI reads,
# after one line saying how many storage cases ran on each provider (from the trx log).
status=0
dotnet test TuneBot.sln -c Release --no-build -nologo --logger "trx;LogFileName=tests.trx" --results-directory "$results" "$@" 2>&1 \
    | tee "$testlog" || status=$?
if compgen -G "$results/*.trx" >/dev/null; then
    grep -ohE 'testName="[^"]*\(provider: &quot;[a-z]+&quot;\)"[^>]*outcome="[A-Za-z]+"' "$results"/*.trx \
        | sed -E 's/.*provider: &quot;([a-z]+)&quot;.*outcome="([A-Za-z]+)".*/\1 \2/' \
        | sort | uniq -c \
        | awk '{printf "%s%s %d %s", (NR > 1 ? ", " : "storage cases: "), $2, $1, tolower($3)} END {if (NR) print ""}' || true
fi
summary=$(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$testlog" | tail -n 1 || true)
if [[ $summary =~ Failed:\ +([0-9]+),\ Passed:\ +([0-9]+),\ Skipped:\ +([0-9]+) ]]; then
    echo "tests: ${BASH_REMATCH[2]} passed, ${BASH_REMATCH[1]} failed, ${BASH_REMATCH[3]} skipped"
fi
exit "$status"
