#!/usr/bin/python3
"""Compare TuneBot's spectral features with librosa 0.11 on real audio (not run by the test suite).

Needs: ffmpeg, the .NET SDK, and a Python with librosa 0.11 importable. On Debian 12 without PyPI:
  apt-get install python3-numpy python3-scipy python3-numba python3-soundfile python3-joblib python3-decorator \
      python3-sklearn python3-audioread python3-msgpack python3-pooch python3-lazy-loader python3-typing-extensions
  git -C <librosa clone> archive 0.11.0 librosa | tar -x -C /tmp/librosa-src   # librosa is pure Python
  mkdir -p /tmp/librosa-src/stubs && echo 'def resample(*a, **k): raise RuntimeError("no soxr")' > /tmp/librosa-src/stubs/soxr.py
  PYTHONPATH=/tmp/librosa-src:/tmp/librosa-src/stubs /usr/bin/python3 Tests/Tools/compare_with_librosa.py [--seconds 60] AUDIO...
(python3-soxr is not packaged for Debian 12; the stub is enough because ffmpeg already resamples to 22050 Hz, and both
sides then read the same 16-bit WAV.)

For every file: decode to mono 22050 Hz 16-bit WAV (ffmpeg, soxr resampler), compute librosa's features with their
defaults and ours (dotnet Benchmarks -- dump), and check the issue's tolerances. Exit status 1 if any check fails.
"""
import argparse, os, subprocess, sys, tempfile

import numpy as np
import soundfile as sf
import librosa

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN_HZ = 22050 / 2048


def ours(wav, outdir):
    dll = os.path.join(REPO, "Benchmarks", "bin", "Release", "net10.0", "tunebot-benchmarks.dll")
    if not os.path.exists(dll):
        subprocess.run(["dotnet", "build", os.path.join(REPO, "Benchmarks"), "-c", "Release"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["dotnet", dll, "dump", wav, outdir], check=True)
    load = lambda n: np.atleast_2d(np.loadtxt(os.path.join(outdir, n + ".csv"), delimiter=","))
    scal = dict(l.split(",") for l in open(os.path.join(outdir, "scalars.csv")).read().split())
    return {n: load(n) for n in ["mfcc", "chroma_stft", "spectral_centroid", "spectral_rolloff", "zero_crossing_rate", "rms"]}, float(scal["tuning"])


def theirs(wav):
    y, sr = sf.read(wav, dtype="float32")
    assert sr == 22050 and y.ndim == 1
    S = np.abs(librosa.stft(y)) ** 2
    return {
        "mfcc": librosa.feature.mfcc(y=y, sr=sr),
        "chroma_stft": librosa.feature.chroma_stft(y=y, sr=sr),
        "spectral_centroid": librosa.feature.spectral_centroid(y=y, sr=sr),
        "spectral_rolloff": librosa.feature.spectral_rolloff(y=y, sr=sr),
        "zero_crossing_rate": librosa.feature.zero_crossing_rate(y),
        "rms": librosa.feature.rms(y=y),
    }, float(librosa.estimate_tuning(S=S, sr=sr))


def compare(name, a, b, tuning_a, tuning_b):
    ok = True
    def line(feature, good, text):
        nonlocal ok
        ok &= bool(good)
        print(f"  {'ok ' if good else 'BAD'} {feature:<20} {text}")
    for f in a:
        if a[f].shape != b[f].shape:
            line(f, False, f"shape {a[f].shape} vs librosa {b[f].shape}")
            return False
    print(f"{name}: {b['mfcc'].shape[1]} frames, tuning ours {tuning_a:+.2f} librosa {tuning_b:+.2f}")
    d = np.abs(a["mfcc"] - b["mfcc"])
    line("mfcc", (d <= 0.05).mean() >= 0.999, f"{(d <= 0.05).mean():.5%} cells within 0.05; max {d.max():.4g}, mean {d.mean():.3g}")
    d = np.abs(a["chroma_stft"] - b["chroma_stft"])
    line("chroma_stft", (d <= 0.01).mean() >= 0.999, f"{(d <= 0.01).mean():.5%} cells within 0.01; max {d.max():.4g}, mean {d.mean():.3g}")
    e, o = b["spectral_centroid"], a["spectral_centroid"]
    good = (np.abs(o - e) <= 0.005 * np.abs(e)) | (np.abs(o - e) <= 1.0)
    rel = np.abs(o - e) / np.maximum(np.abs(e), 1.0)
    line("spectral_centroid", good.all(), f"{good.mean():.5%} frames within 0.5 % (or 1 Hz); max rel {rel.max():.3g}")
    e, o = b["spectral_rolloff"], a["spectral_rolloff"]
    d = np.abs(o - e)
    exact = (d <= 0.005 * np.abs(e)) | (d < 1e-6)
    onebin = ~exact & (d <= BIN_HZ * 1.0001)
    line("spectral_rolloff", (exact | onebin).all() and onebin.mean() <= 0.01,
         f"{exact.mean():.5%} frames within 0.5 %, {onebin.sum()} one bin apart, {(~exact & ~onebin).sum()} worse")
    d = np.abs(a["zero_crossing_rate"] - b["zero_crossing_rate"])
    line("zero_crossing_rate", (d < 1e-9).mean() >= 0.999, f"{(d < 1e-9).mean():.5%} frames exact; max {d.max():.3g}")
    e, o = b["rms"], a["rms"]
    rel = np.abs(o - e) / np.maximum(e, 1e-6)
    line("rms", (rel <= 1e-3).all(), f"max rel {rel.max():.3g}")
    return ok


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("audio", nargs="+")
    p.add_argument("--seconds", type=float, default=None, help="only the first N seconds of each file")
    args = p.parse_args()
    all_ok = True
    with tempfile.TemporaryDirectory(prefix="tunebot-librosa-") as tmp:
        for i, path in enumerate(args.audio):
            wav = os.path.join(tmp, f"{i}.wav")
            cmd = ["ffmpeg", "-v", "error", "-y", "-i", path, "-ac", "1", "-af", "aresample=resampler=soxr", "-ar", "22050"]
            if args.seconds:
                cmd += ["-t", str(args.seconds)]
            subprocess.run(cmd + ["-c:a", "pcm_s16le", wav], check=True)
            a, ta = ours(wav, os.path.join(tmp, f"{i}-ours"))
            b, tb = theirs(wav)
            all_ok &= compare(os.path.basename(path), a, b, ta, tb)
    print("ALL OK" if all_ok else "SOME CHECKS FAILED")
    sys.exit(0 if all_ok else 1)


if __name__ == "__main__":
    main()
