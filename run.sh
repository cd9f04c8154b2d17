#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job. Extra arguments go to the program.
# Until the bot exists this shows the catalog tool's commands (`./run.sh analyze FILE` runs one of them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

scripts/setup.sh
scripts/build.sh

if (($# == 0)); then set -- --help; fi
exec dotnet Ingest/bin/Release/net10.0/tunebot-ingest.dll "$@"
