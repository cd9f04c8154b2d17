#!/usr/bin/env python3
"""Adds "emoji_prior" to models/emotion.json: how the labelled training text uses each common emoji.

A message of emoji alone ("😂", "😢😢") never occurs in the training data, so the n-gram model has nothing to go
on there and guessed ("😂" → anxious 0.55, "😢" → anxious 0.65). The runtime answers such a message from this table
instead: for each emoji found in at least MIN_ROWS training rows, the add-one-smoothed share of those rows per
label. An emoji used across moods ("😭" is sad in 14 of 38 rows and happy in 13) gets a flat distribution, so the bot
asks rather than guesses.

Only the GoEmotions rows of train.tsv (English and their Korean translations) are counted: none of them is in the
held-out set, which takes dev.tsv and parts of the KOTE and XED rows.
"""
import csv
import json
import os
import sys
from collections import Counter, defaultdict

LABELS = ["happy", "sad", "angry", "anxious", "neutral"]
MIN_ROWS = 10
SOURCES = {"goemotions", "goemotions-ko-mt"}


def is_emoji(cp: int) -> bool:
    """Pictographs, emoticons, symbols and dingbats, without the joining parts (skin tones, gender signs)."""
    if 0x1F3FB <= cp <= 0x1F3FF or cp in (0x2640, 0x2642):
        return False
    return 0x1F300 <= cp <= 0x1FAFF or 0x2600 <= cp <= 0x27BF


def main() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    data = os.environ.get("TUNEBOT_EMOTION_DATA", os.path.join(repo, "..", "shared", "datasets", "emotion"))
    counts: dict[str, Counter] = defaultdict(Counter)
    with open(os.path.join(data, "train.tsv"), encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["source"] not in SOURCES or row["label"] not in LABELS:
                continue
            for e in {c for c in row["text"] if is_emoji(ord(c))}:
                counts[e][row["label"]] += 1
    table = {}
    for e, c in sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
        n = sum(c.values())
        if n >= MIN_ROWS:
            table[e] = [round((c[label] + 1) / (n + len(LABELS)), 4) for label in LABELS]
    path = os.path.join(repo, "models", "emotion.json")
    with open(path, encoding="utf-8") as fh:
        meta = json.load(fh)
    meta["emoji_prior"] = {
        "min_rows": MIN_ROWS,
        "rule": "per emoji: (rows with the label + 1) / (rows + 5), GoEmotions rows of train.tsv; "
                "a message of emoji alone scores the mean over its known emoji (models/training/emoji_prior.py)",
        "emoji": table,
    }
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(meta, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    print(f"emoji_prior: {len(table)} emoji written to {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
