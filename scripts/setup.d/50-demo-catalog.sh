#!/usr/bin/env bash
# The demo catalog: free game soundtracks from Debian packages (shared/notes/demo-catalog.md), so a fresh machine
# has music to ingest with zero configuration. Run by scripts/setup.sh; then `./run.sh` ingests and clusters
# $DEMO_DIR/music. Idempotent: a soundtrack already extracted (marker file .complete) is skipped.
#
#   soundtrack folder (= artist)     package              what is kept
#   Battle for Wesnoth OST           wesnoth-1.16-music   its .ogg music
#   Endgame Singularity OST          singularity-music    its .ogg music
#   Nexuiz OST                       nexuiz-music         the .ogg files inside data/music.pk3 (a zip)
#   SuperTux OST                     supertux-data        .ogg files under its music folder
#   OpenMSX (OpenTTD) OST            openttd-openmsx      MIDI rendered to Ogg Vorbis with fluidsynth + FluidR3_GM
#
# Rule: only tracks of at least $DEMO_MIN_SECONDS seconds (default 60) are kept — the packages also hold jingles,
# stingers and short loops that are not songs a listener would be recommended.
# Downloads ≈ 570 MB of .deb files (+120 MB soundfont when fluid-soundfont-gm is not installed) with
# `apt-get download` (no installation; `dpkg -x` into $DEMO_DIR/work), which are deleted once extracted
# (DEMO_KEEP_DEBS=1 keeps them). Result: ≈ 130 tracks, ≈ 7 hours of music, ≈ 480 MB in $DEMO_DIR/music.
# Environment: DEMO_DIR (default REPO/.demo, git-ignored), DEMO_MIN_SECONDS, TUNEBOT_SKIP_DEMO=1 skips everything.
set -euo pipefail

say() { echo "demo-catalog: $*" >&2; }

# The bot works without the demo catalog, so a failure here (no network, no apt) must never fail setup: the work
# runs in a child bash with errexit, and this outer level always exits 0.
if [[ "${1:-}" != --inner ]]; then
    [[ "${TUNEBOT_SKIP_DEMO:-}" == 1 ]] && exit 0   # silent, like setup.sh when all is present
    "${BASH:-bash}" "${BASH_SOURCE[0]}" --inner || say "not completed (see above); the bot works without it. Retry: ${BASH_SOURCE[0]}"
    exit 0
fi

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DEMO_DIR=${DEMO_DIR:-$REPO/.demo}
MUSIC=$DEMO_DIR/music
WORK=$DEMO_DIR/work
DEBS=$DEMO_DIR/debs
MIN_SECONDS=${DEMO_MIN_SECONDS:-60}

# Two setups at once (./run.sh and ./test.sh started together) would share $WORK: one deletes a package's
# folder while the other is still rendering from it, and a track silently goes missing. The second waits.
mkdir -p "$DEMO_DIR"
if command -v flock >/dev/null; then
    exec 9>"$DEMO_DIR/.lock"
    flock -n 9 || { say "another setup is preparing the demo catalog; waiting for it"; flock 9; }
fi

for tool in apt-get apt-cache dpkg ffprobe ffmpeg; do
    command -v "$tool" >/dev/null || { say "needs $tool (Debian/Ubuntu with ffmpeg); skipping the demo catalog"; exit 0; }
done

# name|package|how
SOUNDTRACKS=(
    "Battle for Wesnoth OST|wesnoth-1.16-music|ogg"
    "Endgame Singularity OST|singularity-music|ogg"
    "Nexuiz OST|nexuiz-music|pk3"
    "SuperTux OST|supertux-data|ogg-music-dir"
    "OpenMSX (OpenTTD) OST|openttd-openmsx|midi"
)

deb_size() { apt-cache show --no-all-versions "$1" 2>/dev/null | awk '/^Size:/ {print $2; exit}'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.0f MB", b / 1e6 }'; }

SOUNDFONT=""
find_soundfont() {
    local f
    for f in /usr/share/sounds/sf2/FluidR3_GM.sf2 "$WORK/fluid-soundfont-gm/usr/share/sounds/sf2/FluidR3_GM.sf2"; do
        [[ -f "$f" ]] && { SOUNDFONT=$f; return 0; }
    done
    return 1
}

# What is still to do, and how much it downloads.
todo=()
total=0
for entry in "${SOUNDTRACKS[@]}"; do
    IFS='|' read -r name pkg how <<<"$entry"
    [[ -f "$MUSIC/$name/.complete" ]] && continue
    todo+=("$entry")
    size=$(deb_size "$pkg" || true)
    total=$(( total + ${size:-0} ))
    if [[ $how == midi ]] && ! find_soundfont; then total=$(( total + $(deb_size fluid-soundfont-gm || echo 0) )); fi
done
[[ ${#todo[@]} -eq 0 ]] && exit 0   # all in place: silent, like setup.sh when nothing is missing
say "downloading $(mb "$total") of Debian packages for ${#todo[@]} soundtrack(s) into $DEMO_DIR (apt-get download, no installation)"

mkdir -p "$MUSIC" "$WORK" "$DEBS"

quietly() {  # quietly CMD…: runs CMD with its output kept back, printed only when it fails
    local out rc=0
    out=$("$@" 2>&1) || rc=$?
    ((rc == 0)) || printf '%s\n' "$out" >&2
    return "$rc"
}
apt-get-download() { (cd "$DEBS" && apt-get download "$1"); }

download() {  # download PKG → path of the .deb on stdout
    local pkg=$1 deb
    deb=$(ls "$DEBS/${pkg}"_*.deb 2>/dev/null | head -n1 || true)
    if [[ -z "$deb" ]]; then
        say "  apt-get download $pkg ($(mb "$(deb_size "$pkg" || echo 0)"))"
        # apt's own lines ("Download is performed unsandboxed as root…") are shown only when it fails.
        if ! quietly apt-get-download "$pkg"; then
            if [[ $(id -u) -eq 0 ]]; then
                say "  refreshing package lists (apt-get update)"
                quietly apt-get update -q && quietly apt-get-download "$pkg" || return 1
            else
                return 1
            fi
        fi
        deb=$(ls "$DEBS/${pkg}"_*.deb | head -n1)
    fi
    echo "$deb"
}

keep_if_long() {  # keep_if_long FILE DEST_DIR: move FILE there when it lasts ≥ MIN_SECONDS
    local f=$1 dest=$2 dur
    dur=$(ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$f" 2>/dev/null || echo 0)
    if awk -v d="${dur:-0}" -v m="$MIN_SECONDS" 'BEGIN { exit !(d + 0 >= m) }'; then
        mv -f "$f" "$dest/"
        return 0
    fi
    return 1
}

n=0
for entry in "${todo[@]}"; do
    IFS='|' read -r name pkg how <<<"$entry"
    n=$((n + 1))
    say "[$n/${#todo[@]}] $name ($pkg)"
    deb=$(download "$pkg") || { say "  could not download $pkg; skipping it"; continue; }
    rm -rf "${WORK:?}/$pkg" && mkdir -p "$WORK/$pkg"
    dpkg -x "$deb" "$WORK/$pkg"
    dest="$MUSIC/$name"
    rm -rf "$dest" && mkdir -p "$dest"
    kept=0 short=0
    case $how in
        ogg)
            while IFS= read -r -d '' f; do
                if keep_if_long "$f" "$dest"; then kept=$((kept + 1)); else short=$((short + 1)); fi
            done < <(find "$WORK/$pkg" -type f -iname '*.ogg' -print0)
            ;;
        ogg-music-dir)
            while IFS= read -r -d '' f; do
                if keep_if_long "$f" "$dest"; then kept=$((kept + 1)); else short=$((short + 1)); fi
            done < <(find "$WORK/$pkg" -type f -iname '*.ogg' -path '*/music/*' -print0)
            ;;
        pk3)
            pk3=$(find "$WORK/$pkg" -type f -name 'music.pk3' | head -n1)
            [[ -n "$pk3" ]] || { say "  music.pk3 not found in $pkg"; continue; }
            mkdir -p "$WORK/$pkg/pk3"
            if command -v unzip >/dev/null; then unzip -q -o "$pk3" -d "$WORK/$pkg/pk3"
            else python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$pk3" "$WORK/$pkg/pk3"; fi
            while IFS= read -r -d '' f; do
                if keep_if_long "$f" "$dest"; then kept=$((kept + 1)); else short=$((short + 1)); fi
            done < <(find "$WORK/$pkg/pk3" -type f -iname '*.ogg' -print0)
            ;;
        midi)
            if ! command -v fluidsynth >/dev/null; then
                if [[ $(id -u) -eq 0 ]]; then
                    say "  installing fluidsynth (apt-get install fluidsynth) to render MIDI"
                    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends fluidsynth >&2 || true
                fi
                command -v fluidsynth >/dev/null || { say "  fluidsynth missing: MIDI soundtrack skipped"; continue; }
            fi
            if ! find_soundfont; then
                sf=$(download fluid-soundfont-gm) || { say "  soundfont unavailable: MIDI soundtrack skipped"; continue; }
                mkdir -p "$WORK/fluid-soundfont-gm" && dpkg -x "$sf" "$WORK/fluid-soundfont-gm"
                find_soundfont || { say "  FluidR3_GM.sf2 not found: MIDI soundtrack skipped"; continue; }
            fi
            mapfile -d '' mids < <(find "$WORK/$pkg" -type f \( -iname '*.mid' -o -iname '*.midi' \) -print0)
            # fluidsynth renders on one core: one render per core, each to its own file; the progress line counts
            # finished files. A file that fails to render leaves the soundtrack incomplete, so the next run retries.
            out="$WORK/$pkg/rendered" && mkdir -p "$out"
            export SOUNDFONT name out
            eol='\n'; clear=''
            if [[ -t 2 ]]; then eol='\r'; clear=$'\e[K'; fi   # redraw one line on a terminal, one line per file in a log
            i=0
            while IFS= read -r -d '' done_base; do
                i=$((i + 1))
                printf "demo-catalog:   rendered MIDI %d/%d %s%s$eol" "$i" "${#mids[@]}" "$done_base" "$clear" >&2
            done < <(printf '%s\0' "${mids[@]}" | xargs -0 -r -n1 -P "$(nproc 2>/dev/null || echo 2)" bash -c '
                f=$1; base=$(basename "${f%.*}"); wav="$out/$base.wav"
                # -ni: no shell, no MIDI input; 44.1 kHz stereo like the other soundtracks; Vorbis q4 ≈ 128 kb/s. No
                # title tag: ingest makes one from the file name ("slow_neasy_redfarn" → "Slow Neasy Redfarn").
                if fluidsynth -ni -q -F "$wav" -r 44100 "$SOUNDFONT" "$f" >/dev/null 2>&1 && [[ -s "$wav" ]] \
                    && ffmpeg -hide_banner -loglevel error -nostdin -y -i "$wav" -c:a libvorbis -q:a 4 \
                        -metadata artist="$name" "$out/$base.ogg"; then :
                else rm -f "$out/$base.ogg"; : >"$out/$base.failed"; fi
                rm -f "$wav"
                printf "%s\0" "$base"' _)
            if [[ -t 2 ]]; then echo >&2; fi
            failed=$(find "$out" -name '*.failed' | wc -l)
            while IFS= read -r -d '' f; do
                if keep_if_long "$f" "$dest"; then kept=$((kept + 1)); else short=$((short + 1)); fi
            done < <(find "$out" -type f -name '*.ogg' -print0)
            if ((failed > 0)); then
                say "  $failed MIDI file(s) failed to render; kept $kept tracks so far — the next setup run retries"
                rm -rf "${WORK:?}/$pkg"
                continue
            fi
            ;;
    esac
    doc=$(find "$WORK/$pkg" -path '*/usr/share/doc/*/copyright' | head -n1)
    [[ -n "$doc" ]] && cp "$doc" "$dest/COPYRIGHT.txt"
    rm -rf "${WORK:?}/$pkg"
    [[ "${DEMO_KEEP_DEBS:-}" == 1 ]] || rm -f "$deb"
    touch "$dest/.complete"
    say "  kept $kept tracks ≥ ${MIN_SECONDS} s, dropped $short shorter ones → $dest"
done
rm -rf "${WORK:?}/fluid-soundfont-gm"
[[ "${DEMO_KEEP_DEBS:-}" == 1 ]] || rm -f "$DEBS"/fluid-soundfont-gm_*.deb
tracks=$(find "$MUSIC" -type f -iname '*.ogg' | wc -l)
say "demo catalog ready: $tracks tracks, $(du -sh "$MUSIC" | cut -f1) in $MUSIC"
