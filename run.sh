#!/usr/bin/env bash
# Installs what is missing, builds, prepares the catalog and starts the bot.
#   ./run.sh                 the bot: Telegram long polling when TUNEBOT_TOKEN (or Telegram__Token) is set,
#                            otherwise a console chat on this terminal running the same handlers
#   ./run.sh COMMAND …       one command of the catalog tool instead (ingest, cluster, query, themes, map, emotion, …)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

scripts/setup.sh
# The first build takes about a minute on two cores: say so, rather than sit silent (an up-to-date tree says nothing).
bot_dll=Bot/bin/Release/net10.0/tunebot-bot.dll
if [[ ! -f $bot_dll ]] || [[ -n $(find Core Bot CatalogTool appsettings.json Directory.Build.props \( -name '*.cs' -o -name '*.csproj' -o -name '*.json' -o -name '*.props' \) \
        -not -path '*/bin/*' -not -path '*/obj/*' -newer "$bot_dll" -print -quit 2>/dev/null) ]]; then
    echo "run.sh: building TuneBot (Release; about a minute the first time)…" >&2
fi
scripts/build.sh

ingest=(dotnet CatalogTool/bin/Release/net10.0/tunebot-ingest.dll)

if (($# > 0)); then exec "${ingest[@]}" "$@"; fi

# The demo catalog downloaded by scripts/setup.d/50-demo-catalog.sh: ingest it (idempotent — seconds when nothing
# changed; progress and summary on stderr). A user's own folder extends it: ./run.sh ingest ~/Music.
if [[ -d .demo/music && "${TUNEBOT_SKIP_DEMO:-}" != 1 ]]; then
    "${ingest[@]}" ingest .demo/music >&2
fi

# Themes for /mood and the mood playlists: cluster when the tracks changed since the newest run. Exit code 2 means
# the catalog cannot be clustered yet (empty or too small): the bot still starts and says so to its users.
status=0
"${ingest[@]}" cluster --if-needed >&2 || status=$?
if ((status == 2)); then
    echo "run.sh: the catalog cannot be clustered yet (see above); starting the bot anyway" >&2
elif ((status != 0)); then
    exit "$status"
fi

exec dotnet Bot/bin/Release/net10.0/tunebot-bot.dll
