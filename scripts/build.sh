#!/usr/bin/env bash
# Builds the solution in Release, the bot and the catalog tool precompiled (ReadyToRun).
# Silent on success; on failure prints the build log and exits non-zero.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
buildlog=$(mktemp)
trap 'rm -f "$buildlog"' EXIT
if ! dotnet build TuneBot.sln -c Release -nologo -tl:off -v quiet >"$buildlog" 2>&1; then
    cat "$buildlog" >&2
    echo "build: failed" >&2
    exit 1
fi
# ReadyToRun: `dotnet build` never precompiles (PublishReadyToRun applies to publish only), so both programs are
# published over their own build output, the folder run.sh, test.sh and the tests start them from. Crossgen2 is
# incremental (obj/…/R2R): an unchanged tree recompiles nothing. TUNEBOT_NO_R2R=1 skips it (plain JIT builds).
if [[ "${TUNEBOT_NO_R2R:-}" != 1 ]]; then
    for project in Bot/Bot.csproj CatalogTool/CatalogTool.csproj; do
        if ! dotnet publish "$project" -c Release --no-build -nologo -tl:off -v quiet \
                -o "$(dirname "$project")/bin/Release/net10.0" >"$buildlog" 2>&1; then
            cat "$buildlog" >&2
            echo "build: ReadyToRun publish of $project failed" >&2
            exit 1
        fi
    done
fi
