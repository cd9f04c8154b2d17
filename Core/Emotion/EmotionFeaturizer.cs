using System.Text;

namespace TuneBot.Core.Emotion;

/// <summary>Parameters of the featurizer; the values come from models/emotion.json "featurizer".</summary>
public sealed record EmotionFeaturizerOptions
{
    /// <summary>Algorithm version this implementation follows.</summary>
    public const string SupportedVersion = "tunebot-emotion-featurizer/2";

    /// <summary>
    /// Hash buckets. An id is token × (Buckets + 1) + 1 + hash mod Buckets, token = 0, 1, … in text order
    /// (0 is padding): the model takes the bucket as id mod (Buckets + 1) and the token as id div (Buckets + 1).
    /// </summary>
    public int Buckets { get; init; } = 1 << 18;

    /// <summary>Normalised text is cut after this many code points (the rest is ignored).</summary>
    public int MaxCodePoints { get; init; } = 1000;

    /// <summary>At most this many feature ids per text.</summary>
    public int MaxFeatures { get; init; } = 8192;

    /// <summary>A code point repeated consecutively keeps at most this many copies.</summary>
    public int MaxRepeat { get; init; } = 3;

    /// <summary>Character n-gram orders, inclusive.</summary>
    public int CharNgramMin { get; init; } = 1;

    /// <summary>Character n-gram orders, inclusive.</summary>
    public int CharNgramMax { get; init; } = 4;

    /// <summary>Jamo n-gram orders, inclusive.</summary>
    public int JamoNgramMin { get; init; } = 2;

    /// <summary>Jamo n-gram orders, inclusive.</summary>
    public int JamoNgramMax { get; init; } = 4;
}

/// <summary>
/// Text → hashed n-gram ids, identical to models/training/featurizer.py (version
/// "tunebot-emotion-featurizer/2"; that file's docstring is the specification, the golden fixture
/// Tests/Fixtures/emotion/golden.json checks both sides agree). Everything is defined over code points with
/// explicit tables, never culture or Unicode-version dependent APIs (ToLowerInvariant, Normalize): Python and
/// .NET disagree on some of those.
/// Stateless and thread-safe; <see cref="Featurize(ReadOnlySpan{char}, Span{long}, Span{int}, out bool)"/>
/// allocates nothing.
/// </summary>
public sealed class EmotionFeaturizer
{
    private const int Space = 0x20;
    private const int Bos = 0x02;
    private const int Eos = 0x03;
    private const ulong FnvOffset = 0xCBF29CE484222325UL;
    private const ulong FnvPrime = 0x100000001B3UL;

    private readonly EmotionFeaturizerOptions _o;

    /// <summary>Creates a featurizer; throws <see cref="ArgumentException"/> for unusable parameters.</summary>
    public EmotionFeaturizer(EmotionFeaturizerOptions? options = null)
    {
        _o = options ?? new EmotionFeaturizerOptions();
        if (_o.Buckets < 1 || _o.MaxCodePoints < 1 || _o.MaxFeatures < 1 || _o.MaxRepeat < 1
            || _o.CharNgramMin < 1 || _o.CharNgramMax < _o.CharNgramMin
            || _o.JamoNgramMin < 1 || _o.JamoNgramMax < _o.JamoNgramMin)
        {
            throw new ArgumentException($"invalid featurizer parameters: {_o}", nameof(options));
        }
    }

    /// <summary>The parameters in use.</summary>
    public EmotionFeaturizerOptions Options => _o;

    /// <summary>Capacity the id destination needs (= MaxFeatures).</summary>
    public int MaxFeatures => _o.MaxFeatures;

    /// <summary>
    /// Capacity the scratch buffer needs, in ints: the normalised code points plus a jamo expansion (≤ 3 per
    /// syllable) of the longest token plus its two boundary markers.
    /// </summary>
    public int ScratchLength => _o.MaxCodePoints * 4 + 2;

    /// <summary>Convenience form that allocates: the ids of <paramref name="text"/>.</summary>
    public long[] Featurize(string? text) => Featurize(text, out _);

    /// <summary>Convenience form that allocates: the ids of <paramref name="text"/> and whether it was truncated.</summary>
    public long[] Featurize(string? text, out bool truncated)
    {
        var ids = new long[MaxFeatures];
        var scratch = new int[ScratchLength];
        var n = Featurize((text ?? "").AsSpan(), ids, scratch, out truncated);
        return ids.AsSpan(0, n).ToArray();
    }

    /// <summary>
    /// Writes the feature ids of <paramref name="text"/> into <paramref name="ids"/> (capacity ≥
    /// <see cref="MaxFeatures"/>) using <paramref name="scratch"/> (capacity ≥ <see cref="ScratchLength"/>).
    /// Returns the number of ids (0 when nothing is left after normalisation).
    /// <paramref name="truncated"/> is true when the text exceeded MaxCodePoints normalised code points or
    /// MaxFeatures features.
    /// </summary>
    public int Featurize(ReadOnlySpan<char> text, Span<long> ids, Span<int> scratch, out bool truncated)
    {
        if (ids.Length < _o.MaxFeatures) throw new ArgumentException("id buffer too small", nameof(ids));
        if (scratch.Length < ScratchLength) throw new ArgumentException("scratch buffer too small", nameof(scratch));
        var cpCount = Normalise(text, scratch[.._o.MaxCodePoints], out truncated);
        var cps = scratch[..cpCount];
        var jamoBuf = scratch[_o.MaxCodePoints..];

        var count = 0;
        var stride = (long)_o.Buckets + 1;
        var tokenBase = -stride;
        int prevStart = -1, prevEnd = -1;
        var i = 0;
        while (i < cpCount)
        {
            if (cps[i] == Space) { i++; continue; }
            var punct = IsPunct(cps[i]);
            var start = i;
            while (i < cpCount && cps[i] != Space && IsPunct(cps[i]) == punct) i++;
            var tok = cps[start..i];
            tokenBase += stride;

            if (!Emit(ids, ref count, tokenBase, HashTagged('W', tok))) { truncated = true; return count; }
            if (prevStart >= 0)
            {
                var h = Feed(Feed(FnvOffset, 'B'), cps[prevStart..prevEnd]);
                h = Feed(Feed(h, Space), tok);
                if (!Emit(ids, ref count, tokenBase, h)) { truncated = true; return count; }
            }
            prevStart = start;
            prevEnd = i;

            var len = tok.Length + 2;
            for (var n = _o.CharNgramMin; n <= _o.CharNgramMax; n++)
            {
                for (var p = 0; p + n <= len; p++)
                {
                    if (n == 1 && (p == 0 || p == len - 1)) continue;
                    var h = Feed(FnvOffset, 'C');
                    for (var j = p; j < p + n; j++)
                    {
                        h = Feed(h, j == 0 ? Bos : j == len - 1 ? Eos : tok[j - 1]);
                    }
                    if (!Emit(ids, ref count, tokenBase, h)) { truncated = true; return count; }
                }
            }

            if (HasHangulSyllable(tok))
            {
                var jl = 0;
                jamoBuf[jl++] = Bos;
                foreach (var cp in tok)
                {
                    if (cp is >= 0xAC00 and <= 0xD7A3)
                    {
                        var s = cp - 0xAC00;
                        jamoBuf[jl++] = 0x1100 + s / 588;
                        jamoBuf[jl++] = 0x1161 + s % 588 / 28;
                        if (s % 28 != 0) jamoBuf[jl++] = 0x11A7 + s % 28;
                    }
                    else
                    {
                        jamoBuf[jl++] = cp;
                    }
                }
                jamoBuf[jl++] = Eos;
                for (var n = _o.JamoNgramMin; n <= _o.JamoNgramMax; n++)
                {
                    for (var p = 0; p + n <= jl; p++)
                    {
                        var h = Feed(Feed(FnvOffset, 'J'), jamoBuf.Slice(p, n));
                        if (!Emit(ids, ref count, tokenBase, h)) { truncated = true; return count; }
                    }
                }
            }
        }
        return count;
    }

    /// <summary>
    /// The normalisation step alone (rules 1–8 of the specification): writes code points into
    /// <paramref name="destination"/> (capacity ≥ MaxCodePoints) and returns how many.
    /// </summary>
    public int Normalise(ReadOnlySpan<char> text, Span<int> destination, out bool truncated)
    {
        truncated = false;
        var count = 0;
        int last = -1, run = 0;
        var max = Math.Min(_o.MaxCodePoints, destination.Length);
        var pos = 0;
        while (pos < text.Length)
        {
            // A lone surrogate decodes as U+FFFD (InvalidData, one char consumed): rule 2.
            Rune.DecodeFromUtf16(text[pos..], out var rune, out var used);
            pos += used;
            var cp = rune.Value;
            if (IsDropped(cp)) continue;
            cp = Map(cp);
            if (cp == Space && (count == 0 || destination[count - 1] == Space)) continue;
            if (cp == last)
            {
                run++;
                if (run > _o.MaxRepeat) continue;
            }
            else
            {
                last = cp;
                run = 1;
            }
            if (count == max)
            {
                truncated = true;
                break;
            }
            destination[count++] = cp;
        }
        if (count > 0 && destination[count - 1] == Space) count--;
        return count;
    }

    /// <summary>FNV-1a 64-bit of a byte sequence (offset 0xcbf29ce484222325, prime 0x100000001b3).</summary>
    public static ulong Fnv1a64(ReadOnlySpan<byte> data)
    {
        var h = FnvOffset;
        foreach (var b in data) h = (h ^ b) * FnvPrime;
        return h;
    }

    private bool Emit(Span<long> ids, ref int count, long tokenBase, ulong hash)
    {
        if (count == _o.MaxFeatures) return false;
        ids[count++] = tokenBase + 1 + (long)(hash % (ulong)_o.Buckets);
        return true;
    }

    private static ulong HashTagged(char tag, ReadOnlySpan<int> cps) => Feed(Feed(FnvOffset, tag), cps);

    private static ulong Feed(ulong h, ReadOnlySpan<int> cps)
    {
        foreach (var cp in cps) h = Feed(h, cp);
        return h;
    }

    // Feeds the UTF-8 encoding of one scalar value (surrogates never reach here: rule 2 replaced them).
    private static ulong Feed(ulong h, int cp)
    {
        if (cp < 0x80)
        {
            return (h ^ (uint)cp) * FnvPrime;
        }
        if (cp < 0x800)
        {
            h = (h ^ (uint)(0xC0 | (cp >> 6))) * FnvPrime;
            return (h ^ (uint)(0x80 | (cp & 0x3F))) * FnvPrime;
        }
        if (cp < 0x10000)
        {
            h = (h ^ (uint)(0xE0 | (cp >> 12))) * FnvPrime;
            h = (h ^ (uint)(0x80 | ((cp >> 6) & 0x3F))) * FnvPrime;
            return (h ^ (uint)(0x80 | (cp & 0x3F))) * FnvPrime;
        }
        h = (h ^ (uint)(0xF0 | (cp >> 18))) * FnvPrime;
        h = (h ^ (uint)(0x80 | ((cp >> 12) & 0x3F))) * FnvPrime;
        h = (h ^ (uint)(0x80 | ((cp >> 6) & 0x3F))) * FnvPrime;
        return (h ^ (uint)(0x80 | (cp & 0x3F))) * FnvPrime;
    }

    private static bool HasHangulSyllable(ReadOnlySpan<int> tok)
    {
        foreach (var cp in tok)
        {
            if (cp is >= 0xAC00 and <= 0xD7A3) return true;
        }
        return false;
    }

    // ASCII punctuation except the apostrophe, which stays inside words ("don't").
    private static bool IsPunct(int cp) =>
        cp is (>= 0x21 and <= 0x2F and not 0x27) or (>= 0x3A and <= 0x40) or (>= 0x5B and <= 0x60)
            or (>= 0x7B and <= 0x7E);

    private static bool IsDropped(int cp) =>
        cp is (>= 0x200B and <= 0x200D) or 0x2060 or 0xFE0E or 0xFE0F or 0xFEFF
            or (>= 0x1F3FB and <= 0x1F3FF) or (>= 0xE0000 and <= 0xE007F);

    private static int Map(int cp)
    {
        if (cp is >= 0xFF01 and <= 0xFF5E) cp -= 0xFEE0;
        if (cp is >= 0x41 and <= 0x5A) return cp + 32;
        if (cp < 0x20 || cp is >= 0x7F and <= 0x9F) return Space;
        return cp switch
        {
            0x85 or 0xA0 or 0x1680 or (>= 0x2000 and <= 0x200A) or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => Space,
            _ => cp,
        };
    }
}
