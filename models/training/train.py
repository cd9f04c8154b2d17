"""Trains TuneBot's emotion classifier from scratch and exports it to ONNX.

Run through train.sh (it installs the Debian packages and picks /usr/bin/python3). Reads
$TUNEBOT_EMOTION_DATA/{train,dev}.tsv (default: ../shared/datasets/emotion relative to the repository root),
writes models/emotion.onnx, models/emotion.json and Tests/Fixtures/emotion/golden.json.

Splits (fixed seed):
  held-out evaluation = all of dev.tsv (goemotions + goemotions-ko-mt) + 20 % of the kote rows of train.tsv
                        + 10 % of the xed rows of train.tsv (stratified by label, dev.tsv has neither source);
  validation          = 5 % of the remaining training rows (epoch selection, ask-threshold);
  training            = the rest.
"""
import argparse
import csv
import hashlib
import json
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn as nn

import featurizer as fz
import golden_inputs

LABELS = ["happy", "sad", "angry", "anxious", "neutral"]
MODEL_VERSION = "emotion-ngram-mlp/1"
SOURCES = {
    "kote": {"name": "KOTE (Korean Online That-gul Emotions), validation split", "language": "ko",
             "licence": "MIT", "reference": "arXiv 2205.05300", "labels": "human (5 raters, 44 labels grouped)"},
    "goemotions": {"name": "GoEmotions (Ekman grouping)", "language": "en", "licence": "Apache-2.0",
                   "reference": "arXiv 2005.00547", "labels": "human"},
    "goemotions-ko-mt": {"name": "GoEmotions-Korean (machine translation of GoEmotions)", "language": "ko",
                         "licence": "Apache-2.0", "labels": "human (translated text)"},
    "xed": {"name": "XED English movie subtitles (Plutchik labels grouped)", "language": "en",
            "licence": "CC BY 4.0", "reference": "COLING 2020", "labels": "human"},
}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def seed_all(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def read_tsv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh, delimiter="\t") if r["label"] in LABELS]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def split(train_rows, dev_rows, seed):
    rng = random.Random(seed)
    held = {"kote": 0.20, "xed": 0.10}
    groups = {}
    for r in train_rows:
        groups.setdefault((r["source"], r["label"]), []).append(r)
    train, evals = [], list(dev_rows)
    for key in sorted(groups):
        rows = groups[key]
        frac = held.get(key[0], 0.0)
        idx = list(range(len(rows)))
        rng.shuffle(idx)
        k = int(round(len(rows) * frac))
        evals.extend(rows[i] for i in idx[:k])
        train.extend(rows[i] for i in idx[k:])
    rng.shuffle(train)
    nval = len(train) // 20
    return train[nval:], train[:nval], evals


def featurize_rows(rows, hasher):
    flat, offsets = [], [0]
    for r in rows:
        hs = hasher.hashes(r["text"])
        flat.extend(hs)
        offsets.append(len(flat))
    return np.array(flat, dtype=np.uint64), np.array(offsets, dtype=np.int64)


class EmotionNet(nn.Module):
    """Mean of hashed n-gram embeddings -> (hidden ReLU layer) -> 5 logits."""

    def __init__(self, buckets, dim, hidden, dropout):
        super().__init__()
        self.emb = nn.EmbeddingBag(buckets + 1, dim, mode="sum", sparse=True)
        layers = [nn.Dropout(dropout)]
        if hidden > 0:
            layers += [nn.Linear(dim, hidden), nn.ReLU(), nn.Dropout(dropout), nn.Linear(hidden, len(LABELS))]
        else:
            layers += [nn.Linear(dim, len(LABELS))]
        self.head = nn.Sequential(*layers)
        nn.init.normal_(self.emb.weight, 0.0, 0.05)
        with torch.no_grad():
            self.emb.weight[0].zero_()

    def forward(self, ids, offsets, counts):
        # Sum then divide by the non-padding count: the same arithmetic the export does.
        s = self.emb(ids, offsets)
        return self.head(s / counts.clamp(min=1.0).unsqueeze(1))


class ExportNet(nn.Module):
    """The exported graph: Gather -> mask -> ReduceSum -> divide -> Linear(s) -> Softmax.

    Input ids int64 [N, L], 0 = padding, both axes dynamic; output scores float32 [N, 5] (LABELS order).
    """

    def __init__(self, net):
        super().__init__()
        self.weight = nn.Parameter(net.emb.weight.detach().clone())
        self.linears = nn.ModuleList([m for m in net.head if isinstance(m, nn.Linear)])

    def forward(self, ids):
        mask = (ids != 0).to(torch.float32)
        e = self.weight[ids] * mask.unsqueeze(-1)
        count = torch.clamp(mask.sum(dim=1, keepdim=True), min=1.0)
        x = e.sum(dim=1) / count
        for i, lin in enumerate(self.linears):
            x = lin(x)
            if i + 1 < len(self.linears):
                x = torch.relu(x)
        return torch.softmax(x, dim=1)


def batches(n, size, rng):
    order = np.arange(n)
    rng.shuffle(order)
    for i in range(0, n, size):
        yield order[i:i + size]


def make_batch(sel, ids, offsets, dropout_ids=0.0, rng=None):
    parts, offs, counts = [], [], []
    pos = 0
    for j in sel:
        a = ids[offsets[j]:offsets[j + 1]]
        if dropout_ids > 0 and len(a) > 4:
            a = a[rng.random(len(a)) >= dropout_ids]
        parts.append(a)
        offs.append(pos)
        counts.append(len(a))
        pos += len(a)
    flat = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    return (torch.from_numpy(flat.astype(np.int64)), torch.tensor(offs, dtype=torch.int64),
            torch.tensor(counts, dtype=torch.float32))


def predict(net, ids, offsets, bs=2048):
    net.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(offsets) - 1, bs):
            sel = np.arange(i, min(i + bs, len(offsets) - 1))
            b = make_batch(sel, ids, offsets)
            out.append(torch.softmax(net(*b), dim=1).numpy())
    return np.concatenate(out)


def metrics(y, p):
    k = len(LABELS)
    cm = np.zeros((k, k), dtype=np.int64)
    for a, b in zip(y, p):
        cm[a, b] += 1
    f1 = {}
    for c in range(k):
        tp = cm[c, c]
        prec = tp / cm[:, c].sum() if cm[:, c].sum() else 0.0
        rec = tp / cm[c, :].sum() if cm[c, :].sum() else 0.0
        f1[LABELS[c]] = round(float(2 * prec * rec / (prec + rec)) if prec + rec else 0.0, 4)
    present = [LABELS[c] for c in range(k) if cm[c, :].sum() > 0]
    return {
        "rows": int(len(y)),
        "accuracy": round(float(np.trace(cm) / max(1, cm.sum())), 4),
        "macro_f1": round(float(np.mean([f1[l] for l in LABELS])), 4),
        "macro_f1_present_classes": round(float(np.mean([f1[l] for l in present])), 4) if present else 0.0,
        "macro_f1_four_moods": round(float(np.mean([f1[l] for l in LABELS[:4]])), 4),
        "per_class_f1": f1,
        "support": {LABELS[c]: int(cm[c, :].sum()) for c in range(k)},
        "confusion_matrix": {"rows_true_cols_predicted": LABELS, "counts": cm.tolist()},
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.abspath(os.path.join(here, "..", ".."))
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.environ.get("TUNEBOT_EMOTION_DATA",
                                                     os.path.join(repo, "..", "shared", "datasets", "emotion")))
    ap.add_argument("--buckets", type=int, default=fz.BUCKETS)
    ap.add_argument("--dim", type=int, default=5)
    ap.add_argument("--hidden", type=int, default=0)
    ap.add_argument("--dropout", type=float, default=0.0)
    ap.add_argument("--id-dropout", type=float, default=0.0)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=0.02)
    ap.add_argument("--class-weight-power", type=float, default=0.5)
    ap.add_argument("--kote-weight", type=float, default=3.0,
                    help="loss weight of kote rows (the only human-labelled Korean source)")
    ap.add_argument("--logit-offsets", type=int, default=0,
                    help="1: tune per-class logit offsets on the validation rows for macro-F1; 0: none")
    ap.add_argument("--seed", type=int, default=20260521)
    ap.add_argument("--cache", default=os.path.join(here, "out"))
    ap.add_argument("--no-write", action="store_true", help="experiment only: do not write the model files")
    args = ap.parse_args()

    seed_all(args.seed)
    torch.set_num_threads(1)
    data = os.path.abspath(args.data)
    train_path, dev_path = os.path.join(data, "train.tsv"), os.path.join(data, "dev.tsv")
    if not (os.path.isfile(train_path) and os.path.isfile(dev_path)):
        sys.exit(f"emotion data not found in {data} (set TUNEBOT_EMOTION_DATA to the folder with train.tsv/dev.tsv)")
    train_rows, dev_rows = read_tsv(train_path), read_tsv(dev_path)
    tr, va, ev = split(train_rows, dev_rows, args.seed)
    log(f"rows: train {len(tr)}, validation {len(va)}, held-out {len(ev)}")

    # Raw 64-bit hashes are cached so experiments with other bucket counts skip featurisation.
    os.makedirs(args.cache, exist_ok=True)
    key = hashlib.sha256((fz.VERSION + sha256(train_path) + sha256(dev_path) + str(args.seed) +
                          str(fz.MAX_FEATURES) + str(fz.MAX_CODE_POINTS) + str(fz.CHAR_NGRAMS) + str(fz.JAMO_NGRAMS)
                          ).encode()).hexdigest()[:16]
    cache = os.path.join(args.cache, f"features-{key}.npz")
    if os.path.exists(cache):
        z = np.load(cache)
        feats = {n: (z[n + "_h"], z[n + "_o"]) for n in ("tr", "va", "ev")}
    else:
        t0 = time.time()
        hasher = fz.Hasher()
        feats = {n: featurize_rows(rows, hasher) for n, rows in (("tr", tr), ("va", va), ("ev", ev))}
        np.savez(cache, **{n + "_h": v[0] for n, v in feats.items()}, **{n + "_o": v[1] for n, v in feats.items()})
        log(f"featurised in {time.time() - t0:.1f}s")
    ids = {n: (1 + (h % np.uint64(args.buckets))).astype(np.int64) for n, (h, _) in feats.items()}
    offs = {n: o for n, (_, o) in feats.items()}
    y = {n: np.array([LABELS.index(r["label"]) for r in rows]) for n, rows in (("tr", tr), ("va", va), ("ev", ev))}

    counts = np.bincount(y["tr"], minlength=len(LABELS)).astype(np.float64)
    cw = (counts.sum() / (len(LABELS) * counts)) ** args.class_weight_power
    log("class weights", dict(zip(LABELS, np.round(cw, 3))))

    net = EmotionNet(args.buckets, args.dim, args.hidden, args.dropout)
    loss_fn = nn.CrossEntropyLoss(weight=torch.tensor(cw, dtype=torch.float32), reduction="none")
    row_w = np.array([args.kote_weight if r["source"] == "kote" else 1.0 for r in tr], dtype=np.float32)
    opt_sparse = torch.optim.SparseAdam(list(net.emb.parameters()), lr=args.lr)
    opt_dense = torch.optim.Adam(list(net.head.parameters()), lr=args.lr / 10)
    rng = np.random.default_rng(args.seed)
    best, best_state, best_epoch = -1.0, None, 0
    for epoch in range(1, args.epochs + 1):
        net.train()
        t0, total = time.time(), 0.0
        for sel in batches(len(y["tr"]), args.batch, rng):
            b = make_batch(sel, ids["tr"], offs["tr"], args.id_dropout, rng)
            w = torch.from_numpy(row_w[sel])
            loss = (loss_fn(net(*b), torch.from_numpy(y["tr"][sel])) * w).sum() / w.sum()
            opt_sparse.zero_grad()
            opt_dense.zero_grad()
            loss.backward()
            opt_sparse.step()
            opt_dense.step()
            total += loss.item() * len(sel)
        pv = predict(net, ids["va"], offs["va"])
        m = metrics(y["va"], pv.argmax(1))
        log(f"epoch {epoch}: loss {total / len(y['tr']):.4f} validation macro-F1 {m['macro_f1']:.4f} "
            f"acc {m['accuracy']:.4f} ({time.time() - t0:.0f}s)")
        if m["macro_f1"] > best:
            best, best_epoch = m["macro_f1"], epoch
            best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
    net.load_state_dict(best_state)

    # Per-class logit offsets chosen on the validation rows to maximise macro-F1 (coordinate ascent), folded
    # into the last layer's bias: class weighting alone leaves the rare classes under-predicted.
    lv = np.log(np.clip(predict(net, ids["va"], offs["va"]), 1e-12, None))
    offsets_b = np.zeros(len(LABELS))
    base = metrics(y["va"], (lv + offsets_b).argmax(1))["macro_f1"]
    for _ in range(3 if args.logit_offsets else 0):
        for c in range(len(LABELS)):
            for d in np.arange(-1.5, 1.51, 0.1):
                trial = offsets_b.copy()
                trial[c] = d
                f = metrics(y["va"], (lv + trial).argmax(1))["macro_f1"]
                if f > base + 1e-9:
                    base, offsets_b = f, trial
    log("logit offsets", dict(zip(LABELS, np.round(offsets_b, 2))), "validation macro-F1", base)
    last = [m for m in net.head if isinstance(m, nn.Linear)][-1]
    with torch.no_grad():
        last.bias += torch.tensor(offsets_b, dtype=torch.float32)

    pe = predict(net, ids["ev"], offs["ev"])
    pred = pe.argmax(1)
    results = {"held_out_all": metrics(y["ev"], pred)}
    langs = np.array([r["lang"] for r in ev])
    srcs = np.array([r["source"] for r in ev])
    for lang in ("en", "ko"):
        s = langs == lang
        results["held_out_" + lang] = metrics(y["ev"][s], pred[s])
    for src in sorted(set(srcs)):
        s = srcs == src
        results["held_out_source_" + src] = metrics(y["ev"][s], pred[s])
    for k in ("held_out_all", "held_out_en", "held_out_ko", "held_out_source_kote"):
        log(f"{k}: macro-F1 {results[k]['macro_f1']} acc {results[k]['accuracy']} {results[k]['per_class_f1']}")

    # Ask threshold: the lowest max-probability at which predictions on the validation rows are right
    # at least 75 % of the time; below it the bot asks the user to pick.
    pv = predict(net, ids["va"], offs["va"])
    conf, ok = pv.max(1), pv.argmax(1) == y["va"]
    threshold = 0.9
    for t in np.arange(0.20, 0.91, 0.05):
        if ok[conf >= t].mean() >= 0.75:
            threshold = round(float(t), 2)
            break
    ce = pe.max(1)
    acc_ok = pred == y["ev"]
    results["ask_threshold_on_held_out"] = {
        "threshold": threshold,
        "coverage": round(float((ce >= threshold).mean()), 4),
        "accuracy_when_answered": round(float(acc_ok[ce >= threshold].mean()), 4),
    }
    log("threshold", results["ask_threshold_on_held_out"])
    if args.no_write:
        return

    export = ExportNet(net).eval()
    onnx_path = os.path.join(repo, "models", "emotion.onnx")
    dummy = torch.tensor([[1, 2, 0]], dtype=torch.int64)
    torch.onnx.export(export, (dummy,), onnx_path, input_names=["ids"], output_names=["scores"],
                      dynamic_axes={"ids": {0: "batch", 1: "length"}, "scores": {0: "batch"}},
                      opset_version=14, do_constant_folding=True)
    import onnx
    model = onnx.load(onnx_path)
    onnx.checker.check_model(model)
    ops = sorted({n.op_type for n in model.graph.node})
    log("onnx ops", ops, "size", os.path.getsize(onnx_path))

    meta = {
        "model_version": MODEL_VERSION,
        "labels": LABELS,
        "onnx": {"file": "emotion.onnx", "opset": 14, "input": "ids", "input_type": "int64 [batch, length], 0 = padding",
                 "output": "scores", "output_type": "float32 [batch, 5] softmax probabilities in label order",
                 "ops": ops, "sha256": sha256(onnx_path), "bytes": os.path.getsize(onnx_path)},
        "featurizer": {
            "version": fz.VERSION,
            "normalisation": [
                "drop U+200B..U+200D, U+2060, U+FE0E, U+FE0F, U+FEFF, U+1F3FB..U+1F3FF, U+E0000..U+E007F",
                "lone UTF-16 surrogate -> U+FFFD",
                "full-width U+FF01..U+FF5E -> U+0021..U+007E",
                "ASCII A-Z -> a-z only",
                "controls U+0000..U+001F, U+007F..U+009F and spaces U+0085, U+00A0, U+1680, U+2000..U+200A, "
                "U+2028, U+2029, U+202F, U+205F, U+3000 -> U+0020",
                "collapse runs of spaces, drop a leading space",
                "a code point repeated consecutively keeps at most max_repeat copies",
                "cut after max_code_points code points, then drop a trailing space",
            ],
            "max_repeat": fz.MAX_REPEAT,
            "max_code_points": fz.MAX_CODE_POINTS,
            "max_features": fz.MAX_FEATURES,
            "tokens": "maximal runs of ASCII punctuation (apostrophe excluded) or of other non-space code points",
            "features": ["W+token", "B+previous token+' '+token", "C+char n-gram over U+0002+token+U+0003",
                         "J+jamo n-gram over U+0002+jamo(token)+U+0003 for tokens with a Hangul syllable"],
            "char_ngrams": list(fz.CHAR_NGRAMS),
            "jamo_ngrams": list(fz.JAMO_NGRAMS),
            "hash": "FNV-1a 64-bit over UTF-8 bytes (offset 0xcbf29ce484222325, prime 0x100000001b3)",
            "buckets": args.buckets,
            "id": "1 + hash mod buckets; 0 = padding",
        },
        "architecture": {"embedding_dim": args.dim, "hidden": args.hidden,
                         "pooling": "mean over non-padding ids", "output": "softmax"},
        "training": {
            "seed": args.seed, "epochs_run": args.epochs, "best_epoch": best_epoch, "batch": args.batch,
            "lr": args.lr, "dropout": args.dropout, "kote_weight": args.kote_weight, "id_dropout": args.id_dropout,
            "class_weights": dict(zip(LABELS, [round(float(w), 4) for w in cw])),
            "class_weight_rule": f"(N / (5 * n_class)) ** {args.class_weight_power}",
            "logit_offsets": dict(zip(LABELS, [round(float(v), 2) for v in offsets_b])),
            "rows": {"train": len(tr), "validation": len(va), "held_out": len(ev)},
            "split": "held-out = dev.tsv + 20% of train.tsv kote rows + 10% of train.tsv xed rows "
                     "(stratified by label, seeded); validation = 5% of the rest (epoch choice, ask threshold)",
            "data_files": {"train.tsv": sha256(train_path), "dev.tsv": sha256(dev_path)},
            "command": "models/training/train.sh",
            "torch": torch.__version__,
        },
        "sources": SOURCES,
        "ask_threshold": threshold,
        "evaluation": results,
    }
    with open(os.path.join(repo, "models", "emotion.json"), "w", encoding="utf-8") as fh:
        json.dump(meta, fh, ensure_ascii=False, indent=1)
        fh.write("\n")

    # Golden fixture: ids from this featurizer, scores from the exported graph's torch twin.
    cases = []
    hasher = fz.Hasher()
    with torch.no_grad():
        for name, text in golden_inputs.cases():
            hs = hasher.hashes(text)
            fid = fz.ids_from_hashes(hs, args.buckets)
            _, truncated = fz.normalise(text)
            inp = torch.tensor([fid if fid else [0]], dtype=torch.int64)
            sc = export(inp)[0].tolist()
            cases.append({"name": name, "text": text, "ids": fid, "truncated": truncated,
                          "scores": [round(float(v), 8) for v in sc]})
    gpath = os.path.join(repo, "Tests", "Fixtures", "emotion", "golden.json")
    os.makedirs(os.path.dirname(gpath), exist_ok=True)
    with open(gpath, "w", encoding="utf-8") as fh:
        json.dump({"featurizer": fz.VERSION, "buckets": args.buckets, "model_sha256": meta["onnx"]["sha256"],
                   "labels": LABELS, "cases": cases}, fh, ensure_ascii=True, indent=0)
        fh.write("\n")
    log(f"wrote {onnx_path}, models/emotion.json, {gpath} ({len(cases)} cases)")


if __name__ == "__main__":
    main()
