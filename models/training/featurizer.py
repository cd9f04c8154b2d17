"""TuneBot emotion featurizer, version 2 -- the reference implementation.

Core/Emotion/EmotionFeaturizer.cs implements the same algorithm; both sides are checked against
Tests/Fixtures/emotion/golden.json. Every rule is spelled out over code points so that nothing depends on a
Unicode table (Python's str.lower() and .NET's ToLowerInvariant() disagree on some characters, and the two
runtimes ship different Unicode versions).

Normalisation, applied code point by code point, in this order:
  1. dropped: U+200B..U+200D, U+2060, U+FE0E, U+FE0F, U+FEFF (zero-width and variation selectors),
     U+1F3FB..U+1F3FF (emoji skin tones), U+E0000..U+E007F (tag characters);
  2. a lone UTF-16 surrogate (only possible on the .NET side) becomes U+FFFD;
  3. full-width ASCII U+FF01..U+FF5E maps to U+0021..U+007E;
  4. ASCII A-Z maps to a-z (no other case folding);
  5. controls (U+0000..U+001F, U+007F..U+009F) and the spaces U+0085, U+00A0, U+1680, U+2000..U+200A,
     U+2028, U+2029, U+202F, U+205F, U+3000 become U+0020;
  6. runs of spaces collapse to one; a leading space is dropped;
  7. a code point repeated consecutively keeps at most 3 copies ("ㅋㅋㅋㅋㅋ" -> "ㅋㅋㅋ", "!!!!" -> "!!!");
  8. the result is cut after MAX_CODE_POINTS code points (truncation), then a trailing space is dropped.

Tokens: maximal runs of either "punctuation" (ASCII !"#$%&()*+,-./:;<=>?@[\\]^_`{|}~ -- apostrophe excluded)
or "word" (every other non-space code point), split at spaces and at class changes.

Features per token t_i (i = 0, 1, ... in text order), in this order, each hashed as FNV-1a 64-bit over the
UTF-8 bytes of a tagged string, id = i * (BUCKETS + 1) + 1 + hash mod BUCKETS (0 is padding); the model
recovers the bucket as id mod (BUCKETS + 1) and the token as id div (BUCKETS + 1):
  "W" + t_i                               word unigram
  "B" + t_{i-1} + " " + t_i               word bigram (i > 0)
  "C" + n-gram                            character n-grams, n in CHAR_NGRAMS, over BOS + t_i + EOS,
                                          except the 1-grams BOS and EOS alone
  "J" + n-gram                            jamo n-grams, n in JAMO_NGRAMS, over BOS + jamo(t_i) + EOS,
                                          only for tokens holding a Hangul syllable
BOS = U+0002, EOS = U+0003 (controls, so they never survive normalisation).
jamo(): each Hangul syllable U+AC00..U+D7A3, s = cp - 0xAC00, becomes U+1100 + s // 588,
U+1161 + (s % 588) // 28 and, when s % 28 > 0, U+11A7 + s % 28; other code points pass through.
Generation stops at MAX_FEATURES ids.
Version 1 was the same without the token index in the id (id = 1 + hash mod BUCKETS).
"""

VERSION = "tunebot-emotion-featurizer/2"
BUCKETS = 1 << 18
MAX_CODE_POINTS = 1000
MAX_FEATURES = 8192
CHAR_NGRAMS = (1, 4)
JAMO_NGRAMS = (2, 4)
MAX_REPEAT = 3

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK64 = 0xFFFFFFFFFFFFFFFF

BOS = 0x02
EOS = 0x03
SPACE = 0x20
PUNCT = frozenset(ord(c) for c in '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~')
_SPACES = frozenset([0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000] + list(range(0x2000, 0x200B)))
_DROP = frozenset([0x200B, 0x200C, 0x200D, 0x2060, 0xFE0E, 0xFE0F, 0xFEFF])


def _dropped(cp):
    return cp in _DROP or 0x1F3FB <= cp <= 0x1F3FF or 0xE0000 <= cp <= 0xE007F


def _map(cp):
    if 0xD800 <= cp <= 0xDFFF:
        return 0xFFFD
    if 0xFF01 <= cp <= 0xFF5E:
        cp -= 0xFEE0
    if 0x41 <= cp <= 0x5A:
        return cp + 32
    if cp < 0x20 or 0x7F <= cp <= 0x9F or cp in _SPACES:
        return SPACE
    return cp


def normalise(text, max_code_points=MAX_CODE_POINTS):
    """Returns (list of code points, truncated flag)."""
    out = []
    last, run = -1, 0
    truncated = False
    for ch in text:
        cp = ord(ch)
        if _dropped(cp):
            continue
        cp = _map(cp)
        if cp == SPACE and (not out or out[-1] == SPACE):
            continue
        if cp == last:
            run += 1
            if run > MAX_REPEAT:
                continue
        else:
            last, run = cp, 1
        if len(out) == max_code_points:
            truncated = True
            break
        out.append(cp)
    if out and out[-1] == SPACE:
        out.pop()
    return out, truncated


def tokens(cps):
    """Splits normalised code points into tokens (lists of code points)."""
    result, cur, cur_punct = [], [], False
    for cp in cps:
        if cp == SPACE:
            if cur:
                result.append(cur)
                cur = []
            continue
        p = cp in PUNCT
        if cur and p != cur_punct:
            result.append(cur)
            cur = []
        cur_punct = p
        cur.append(cp)
    if cur:
        result.append(cur)
    return result


def jamo(tok):
    out = []
    for cp in tok:
        if 0xAC00 <= cp <= 0xD7A3:
            s = cp - 0xAC00
            out.append(0x1100 + s // 588)
            out.append(0x1161 + (s % 588) // 28)
            if s % 28:
                out.append(0x11A7 + s % 28)
        else:
            out.append(cp)
    return out


def fnv1a64(data):
    h = FNV_OFFSET
    for b in data:
        h = ((h ^ b) * FNV_PRIME) & MASK64
    return h


def _enc(tag, cps):
    return (tag + "".join(map(chr, cps))).encode("utf-8")


def features(text):
    """Yields (token index, tagged feature byte string) of one text, in generation order (before the
    MAX_FEATURES cap)."""
    cps, _ = normalise(text)
    toks = tokens(cps)
    prev = None
    for ti, tok in enumerate(toks):
        yield ti, _enc("W", tok)
        if prev is not None:
            yield ti, _enc("B", prev + [SPACE] + tok)
        prev = tok
        padded = [BOS] + tok + [EOS]
        for n in range(CHAR_NGRAMS[0], CHAR_NGRAMS[1] + 1):
            for i in range(len(padded) - n + 1):
                if n == 1 and (i == 0 or i == len(padded) - 1):
                    continue
                yield ti, _enc("C", padded[i:i + n])
        if any(0xAC00 <= cp <= 0xD7A3 for cp in tok):
            jp = [BOS] + jamo(tok) + [EOS]
            for n in range(JAMO_NGRAMS[0], JAMO_NGRAMS[1] + 1):
                for i in range(len(jp) - n + 1):
                    yield ti, _enc("J", jp[i:i + n])


class Hasher:
    """FNV-1a 64 with a cache (the same n-grams recur across a corpus)."""

    def __init__(self):
        self.cache = {}

    def hashes(self, text):
        """Returns (hashes, token indices), parallel lists of at most MAX_FEATURES entries."""
        out, toks = [], []
        cache = self.cache
        for ti, s in features(text):
            h = cache.get(s)
            if h is None:
                h = fnv1a64(s)
                cache[s] = h
            out.append(h)
            toks.append(ti)
            if len(out) == MAX_FEATURES:
                break
        return out, toks


def ids_from_hashes(hashes, token_indices, buckets=BUCKETS):
    return [t * (buckets + 1) + 1 + h % buckets for h, t in zip(hashes, token_indices)]


def featurize(text, buckets=BUCKETS, hasher=None):
    return ids_from_hashes(*(hasher or Hasher()).hashes(text), buckets)
