#!/usr/bin/env bash
# Builds the solution in Release. Silent on success; on failure prints the build log and exits non-zero.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
buildlog=$(mktemp)
trap 'rm -f "$buildlog"' EXIT
if ! dotnet build TuneBot.sln -c Release -nologo -tl:off -v quiet >"$buildlog" 2>&1; then
    cat "$buildlog" >&2
    echo "build: failed" >&2
    exit 1
fi
