#!/usr/bin/env bash
# ONNX Runtime's native library for the emotion classifier (Core/Emotion talks to its C API directly).
# Source: npm's onnxruntime-node 1.30.0, which bundles libonnxruntime.so.1 (ONNX Runtime 1.30, linux x64).
# Result: .tools/onnxruntime/libonnxruntime.so.1 (git-ignored), checked against a pinned sha256.
# Idempotent and silent when the right file is already there.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
version=1.30.0
sha256=ffb75a925ba05e47b235bb66e3e3911714a80b328a9c9425539feb204aa32a23
member=package/bin/napi-v6/linux/x64/libonnxruntime.so.1
dest_dir="$repo/.tools/onnxruntime"
dest="$dest_dir/libonnxruntime.so.1"
cache="${TUNEBOT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tunebot}/npm"

ok() { [ -f "$1" ] && echo "$sha256  $1" | sha256sum --check --status; }

if ok "$dest"; then exit 0; fi

if ! command -v npm >/dev/null 2>&1; then
  echo "20-onnxruntime: npm is needed to fetch onnxruntime-node@$version (apt-get install npm)" >&2
  exit 1
fi
mkdir -p "$cache" "$dest_dir"
tarball="$cache/onnxruntime-node-$version.tgz"
if [ ! -f "$tarball" ]; then
  echo "20-onnxruntime: fetching onnxruntime-node@$version (~110 MB) into $cache" >&2
  (cd "$cache" && npm pack --silent "onnxruntime-node@$version" >/dev/null)
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$tarball" -C "$tmp" "$member"
if ! ok "$tmp/$member"; then
  echo "20-onnxruntime: $member from $tarball does not have the pinned sha256 $sha256; deleting the cached tarball, run again" >&2
  rm -f "$tarball"
  exit 1
fi
mv -f "$tmp/$member" "$dest"
chmod 0644 "$dest"
echo "20-onnxruntime: installed ONNX Runtime $version at $dest" >&2
