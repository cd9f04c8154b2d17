#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (real ffmpeg, real SQLite, and a throwaway
# PostgreSQL server on loopback for the storage tests, stopped and removed at the end even when tests fail).
# Extra arguments go to `dotnet test` (e.g. ./test.sh --filter "FullyQualifiedName~Audio").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# The tests make their own small audio: no need to download the demo catalog (scripts/setup.d/50-demo-catalog.sh).
TUNEBOT_SKIP_DEMO=1 scripts/setup.sh
scripts/build.sh

testlog=$(mktemp)
trap 'rm -f "$testlog"; [[ -x scripts/test-postgres.sh ]] && scripts/test-postgres.sh stop' EXIT
if [[ -x scripts/test-postgres.sh ]]; then
    pg_env=$(scripts/test-postgres.sh start)   # a failed start stops here (set -e), not silently later
    eval "$pg_env"                              # exports TUNEBOT_TEST_PG (Npgsql connection string)
fi

# dotnet test's own summary ("Passed!  - Failed: 0, Passed: N, …") is restated as the plain closing line CI reads.
status=0
dotnet test TuneBot.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$testlog" || status=$?
summary=$(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$testlog" | tail -n 1 || true)
if [[ $summary =~ Failed:\ +([0-9]+),\ Passed:\ +([0-9]+),\ Skipped:\ +([0-9]+) ]]; then
    echo "tests: ${BASH_REMATCH[2]} passed, ${BASH_REMATCH[1]} failed, ${BASH_REMATCH[3]} skipped"
fi
exit "$status"
