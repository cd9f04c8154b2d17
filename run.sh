#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job. Extra arguments go to the program.
# Until the bot exists this shows the catalog tool's commands (`./run.sh analyze FILE` runs one of them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

scripts/setup.sh
scripts/build.sh

# The demo catalog downloaded by scripts/setup.d/50-demo-catalog.sh: ingest it (idempotent — under a second when
# nothing changed) and cluster it when the catalog changed; progress and summaries on stderr.
# A user's own folder extends it: ./run.sh ingest ~/Music (then ./run.sh cluster).
if [[ -d .demo/music && "${TUNEBOT_SKIP_DEMO:-}" != 1 ]]; then
    dotnet Ingest/bin/Release/net10.0/tunebot-ingest.dll ingest .demo/music >&2
    dotnet Ingest/bin/Release/net10.0/tunebot-ingest.dll cluster --k auto --if-needed >&2
fi

if (($# == 0)); then set -- --help; fi
exec dotnet Ingest/bin/Release/net10.0/tunebot-ingest.dll "$@"
