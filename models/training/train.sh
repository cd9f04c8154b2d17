#!/usr/bin/env bash
# Retrains the emotion classifier from scratch: models/emotion.onnx, models/emotion.json (then its emoji table,
# emoji_prior.py) and Tests/Fixtures/emotion/golden.json. Data: $TUNEBOT_EMOTION_DATA (default
# ../shared/datasets/emotion relative to the repository root). Extra arguments go to train.py (e.g. --no-write for
# an experiment).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export TUNEBOT_EMOTION_DATA="${TUNEBOT_EMOTION_DATA:-$repo/../shared/datasets/emotion}"
# Debian's interpreter, not a pyenv one on PATH: the Debian packages install into it (PyPI is unreachable).
py=/usr/bin/python3
if ! "$py" -c 'import torch, onnx, numpy' 2>/dev/null; then
  echo "installing python3-torch python3-onnx from Debian..." >&2
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-torch python3-onnx python3-numpy >&2
fi
# Fixed seeds are set in train.py; one thread keeps the float summation order reproducible.
export OMP_NUM_THREADS=1 PYTHONHASHSEED=0
"$py" "$here/train.py" "$@"
# The emoji table is added to the metadata train.py has just written (not for --no-write experiments).
case " $* " in *" --no-write "*) ;; *) "$py" "$here/emoji_prior.py" ;; esac
