#!/usr/bin/env bash
# Installs what TuneBot needs and is missing, and nothing else. Idempotent; prints nothing when all is present.
#   - Debian packages: ffmpeg (decoding), fonts-nanum (Hangul on the Korean map),
#     fluidsynth (renders the MIDI part of the demo catalog), unzip (the demo catalog's .pk3 archives), postgresql
#     and mariadb-server (server binaries for the throwaway test servers). ONNX Runtime's native library comes with
#     its NuGet package.
#   - then every executable scripts/setup.d/*.sh in name order (other parts' steps: the demo catalog…).
# Works as root, or with sudo when not root. `apt-get update` runs only when something must be installed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { echo "setup: $*" >&2; }
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_pkg() { [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]; }

if ! have_cmd dotnet || ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
    log "the .NET 10 SDK is required and was not found on PATH: https://dotnet.microsoft.com/download/dotnet/10.0"
    exit 1
fi

missing=()
have_cmd ffmpeg && have_cmd ffprobe || missing+=(ffmpeg)
have_pkg fonts-nanum || missing+=(fonts-nanum)
have_cmd fluidsynth || missing+=(fluidsynth)
have_cmd unzip || missing+=(unzip)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || have_pkg postgresql || missing+=(postgresql)
have_cmd mariadbd && have_cmd mariadb-install-db || missing+=(mariadb-server)

if ((${#missing[@]})); then
    if ! have_cmd apt-get; then
        log "missing: ${missing[*]} — install them with your package manager (this script knows apt-get only)"
        exit 1
    fi
    sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        if have_cmd sudo; then sudo=(sudo); else log "missing: ${missing[*]}; installing needs root or sudo"; exit 1; fi
    fi
    log "installing ${missing[*]} (apt-get)…"
    aptlog=$(mktemp)
    trap 'rm -f "$aptlog"' EXIT
    if ! { "${sudo[@]}" apt-get update -q && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$aptlog" 2>&1; then
        cat "$aptlog" >&2
        log "apt-get failed"
        exit 1
    fi
    log "installed ${missing[*]}"
fi

for hook in scripts/setup.d/*.sh; do
    [[ -x "$hook" ]] || continue
    "$hook"
done
