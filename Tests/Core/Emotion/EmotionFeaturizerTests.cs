using System.Text;
using TuneBot.Core.Emotion;
using Xunit;

namespace TuneBot.Tests.Core.Emotion;

/// <summary>The C# featurizer against the Python reference (golden fixture) and its own rules. No native code.</summary>
public class EmotionFeaturizerTests
{
    private static EmotionFeaturizer FromModel() =>
        new(EmotionModelMetadata.Load(EmotionTestFiles.MetadataPath).Featurizer);

    [Fact]
    public void GoldenFixtureCoversTheRequiredInputs()
    {
        var cases = EmotionTestFiles.GoldenCases;
        Assert.True(cases.Count >= 100, $"{cases.Count} golden cases");
        Assert.Contains(cases, c => c.Text.EnumerateRunes().Count() == 10_000); // code points, as Python counts
        Assert.Contains(cases, c => c.Text.Length == 0);
        Assert.Contains(cases, c => c.Text.Any(ch => ch is >= '\uAC00' and <= '\uD7A3'));
        Assert.Contains(cases, c => c.Text.Any(char.IsSurrogate));
        Assert.Contains(cases, c => c.Text.Any(char.IsControl));
        Assert.Equal(EmotionTestFiles.GoldenBuckets, FromModel().Options.Buckets);
    }

    [Theory]
    [MemberData(nameof(EmotionTestFiles.GoldenNames), MemberType = typeof(EmotionTestFiles))]
    public void IdsEqualTheTrainingSide(string name)
    {
        var c = EmotionTestFiles.Case(name);
        var ids = FromModel().Featurize(c.Text, out var truncated);
        Assert.Equal(c.Ids, ids);
        Assert.Equal(c.Truncated, truncated);
    }

    [Fact]
    public void Fnv1a64MatchesPublishedVectors()
    {
        // Test vectors of the FNV reference (isthe.com/chongo/tech/comp/fnv): "" and "a" and "foobar".
        Assert.Equal(0xcbf29ce484222325UL, EmotionFeaturizer.Fnv1a64([]));
        Assert.Equal(0xaf63dc4c8601ec8cUL, EmotionFeaturizer.Fnv1a64("a"u8));
        Assert.Equal(0x85944171f73967e8UL, EmotionFeaturizer.Fnv1a64("foobar"u8));
    }

    [Theory]
    [InlineData("HeLLo", "hello")]
    [InlineData("ＨＡＰＰＹ！", "happy!")]
    [InlineData("İ ß Σ", "İ ß Σ")] // only ASCII A–Z is lower-cased: no culture or Unicode-version rules
    [InlineData("  a \t\n b  ", "a b")]
    [InlineData("a\u0000b\u001Bc\u0085d", "a b c d")]
    [InlineData("ㅋㅋㅋㅋㅋㅋ!!!!!", "ㅋㅋㅋ!!!")]
    [InlineData("sa\u200Bd\uFE0F", "sad")]
    [InlineData("👍🏽", "👍")]
    [InlineData("", "")]
    public void NormalisationFollowsTheSpecification(string input, string expected)
    {
        var f = new EmotionFeaturizer();
        var cps = new int[f.Options.MaxCodePoints];
        var n = f.Normalise(input, cps, out _);
        var sb = new StringBuilder();
        foreach (var cp in cps.AsSpan(0, n)) sb.Append(char.ConvertFromUtf32(cp));
        Assert.Equal(expected, sb.ToString());
    }

    [Fact]
    public void LoneSurrogatesBecomeReplacementCharacters()
    {
        var f = new EmotionFeaturizer();
        Assert.Equal(f.Featurize("\uFFFDx\uFFFD"), f.Featurize("\uD800x\uDC00"));
    }

    [Fact]
    public void LongTextIsTruncatedToTheFirstMaxCodePoints()
    {
        var f = new EmotionFeaturizer();
        var head = string.Concat(Enumerable.Repeat("abc ", 250)); // exactly 1,000 code points
        var ids1 = f.Featurize(head + "happy happy joy", out var truncated);
        var ids2 = f.Featurize(head.TrimEnd(), out var notTruncated);
        Assert.True(truncated);
        Assert.False(notTruncated);
        Assert.Equal(ids2, ids1);
    }

    [Fact]
    public void FeatureCountIsCappedAndFlagged()
    {
        var f = new EmotionFeaturizer(new EmotionFeaturizerOptions { MaxFeatures = 10 });
        var ids = f.Featurize("one two three four five", out var truncated);
        Assert.Equal(10, ids.Length);
        Assert.True(truncated);
        Assert.All(ids, id => Assert.InRange(id % (f.Options.Buckets + 1L), 1, f.Options.Buckets));
    }

    [Fact]
    public void IdsCarryTheTokenIndexAboveTheBucket()
    {
        var f = new EmotionFeaturizer(new EmotionFeaturizerOptions { Buckets = 1000 });
        var ids = f.Featurize("오늘 정말 happy!! 😊");
        var tokens = ids.Select(id => id / 1001).ToArray();
        Assert.All(ids, id => Assert.InRange(id % 1001, 1, 1000));
        Assert.Equal(0, tokens[0]);
        Assert.Equal(4, tokens[^1]); // 오늘 | 정말 | happy | !! | 😊
        Assert.True(tokens.Zip(tokens.Skip(1)).All(p => p.Second - p.First is 0 or 1), "token indices rise by one");
        // The same token gets the same buckets wherever it stands; only the token index differs.
        var alone = f.Featurize("happy");
        var inside = f.Featurize("a happy").Where(id => id / 1001 == 1).Select(id => id - 1001).ToArray();
        Assert.All(alone, id => Assert.InRange(id, 1, 1000));
        Assert.Equal(alone[0], inside[0]); // the word unigram
        Assert.Equal(alone.Skip(1), inside.Skip(2)); // the character n-grams; "a happy" has the bigram in between
    }

    [Fact]
    public void SpanFormAllocatesNothing()
    {
        var f = FromModel();
        var ids = new long[f.MaxFeatures];
        var scratch = new int[f.ScratchLength];
        var text = EmotionTestFiles.Case("long_10000").Text;
        f.Featurize(text, ids, scratch, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var n = f.Featurize(text, ids, scratch, out _) + f.Featurize("오늘 너무 happy 해요 😍", ids, scratch, out _);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(n > 0);
    }
}
