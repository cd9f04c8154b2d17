#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (real ffmpeg, real SQLite, and a throwaway
# PostgreSQL server on loopback for the storage tests, stopped and removed at the end even when tests fail).
# Extra arguments go to `dotnet test` (e.g. ./test.sh --filter "FullyQualifiedName~Audio").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# The tests make their own small audio: no need to download the demo catalog (scripts/setup.d/50-demo-catalog.sh).
TUNEBOT_SKIP_DEMO=1 scripts/setup.sh
scripts/build.sh

if [[ -x scripts/test-postgres.sh ]]; then
    trap 'scripts/test-postgres.sh stop' EXIT
    pg_env=$(scripts/test-postgres.sh start)   # a failed start stops here (set -e), not silently later
    eval "$pg_env"                              # exports TUNEBOT_TEST_PG (Npgsql connection string)
fi

dotnet test TuneBot.sln -c Release --no-build -nologo "$@"
