using TuneBot.Core.Emotion;
using Xunit;

namespace TuneBot.Tests.Core.Emotion;

/// <summary>The real model on the real ONNX Runtime (scripts/setup.sh fetches the library).</summary>
[Collection(EmotionCollection.Name)]
public class EmotionClassifierTests(EmotionFixture fixture)
{
    private readonly EmotionClassifier _c = fixture.Classifier;

    [Fact]
    public void EmojiAloneAreReadFromHowTheTrainingTextUsesThem()
    {
        Assert.True(_c.Metadata.EmojiPrior is { Count: >= 20 }, "models/emotion.json has no emoji_prior (models/training/emoji_prior.py)");
        var laughing = _c.Classify("😂😂");
        Assert.Equal(EmotionOutcome.FromEmoji, laughing.Outcome);
        Assert.Equal(EmotionLabel.Happy, laughing.Label);     // the model alone said anxious
        Assert.False(laughing.ShouldAskUser);
        var crying = _c.Classify("😢");
        Assert.Equal(EmotionOutcome.FromEmoji, crying.Outcome);
        Assert.True(crying.ShouldAskUser);                     // used for joy and for grief alike: ask
        Assert.Equal(EmotionOutcome.Classified, _c.Classify("😂 this is hilarious").Outcome);
    }

    [Fact]
    public void GoldenFixtureWasWrittenForThisModel()
    {
        Assert.Equal(_c.Metadata.OnnxSha256, EmotionTestFiles.GoldenModelSha);
    }

    [Theory]
    [MemberData(nameof(EmotionTestFiles.GoldenNames), MemberType = typeof(EmotionTestFiles))]
    public void ScoresEqualTheTrainingSide(string name)
    {
        var c = EmotionTestFiles.Case(name);
        Span<float> scores = stackalloc float[5];
        _c.ScoreIds(c.Ids, scores);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(Math.Abs(scores[i] - c.Scores[i]) <= 1e-5f, $"{name}: score {i} {scores[i]} vs {c.Scores[i]}");
        }
        var r = _c.Classify(c.Text);
        Assert.Equal(c.Truncated, r.Truncated);
        if (_c.Metadata.EmojiPrior?.Score(c.Text) is not null)
        {
            // Emoji alone are answered from the emoji table, not the model (the model's parity is checked above).
            Assert.Equal(EmotionOutcome.FromEmoji, r.Outcome);
        }
        else if (c.Ids.Length > 0)
        {
            Assert.Equal(EmotionOutcome.Classified, r.Outcome);
            for (var i = 0; i < 5; i++)
            {
                Assert.True(Math.Abs(r.Scores[(EmotionLabel)i] - c.Scores[i]) <= 1e-5f, $"{name}: classify score {i}");
            }
            Assert.Equal(c.Scores.Max(), r.Confidence, 1e-5f);
            Assert.Equal(Array.IndexOf(c.Scores, c.Scores.Max()), (int)r.Label);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" \t\r\n\u3000\u00A0")]
    [InlineData("\u0000\u0001\u007F\u009F")]
    [InlineData("\u200B\uFEFF\uFE0F")]
    public void NothingLeftMeansNothingToClassify(string text)
    {
        var r = _c.Classify(text);
        Assert.Equal(EmotionOutcome.NothingToClassify, r.Outcome);
        Assert.Equal(EmotionLabel.Neutral, r.Label);
        Assert.True(r.ShouldAskUser);
        Assert.Equal(EmotionScores.Uniform, r.Scores);
    }

    [Fact]
    public void NullIsTreatedAsEmpty()
    {
        Assert.Equal(EmotionOutcome.NothingToClassify, _c.Classify((string?)null).Outcome);
    }

    [Theory]
    [InlineData("😂😂😂")]
    [InlineData("😡")]
    [InlineData("오늘 너무 happy 해요 ㅎㅎ")]
    [InlineData("hap\u0000py\u0007 da\u001Fy")]
    [InlineData("\uD800\uDFFF\uDC00 lonely surrogates")]
    [InlineData("?!?!")]
    public void AnyOtherTextIsClassifiedWithValidScores(string text)
    {
        var r = _c.Classify(text);
        Assert.Equal(text == "😂😂😂" ? EmotionOutcome.FromEmoji : EmotionOutcome.Classified, r.Outcome);
        var sum = EmotionLabels.All.Sum(l => r.Scores[l]);
        Assert.InRange(sum, 0.999f, 1.001f);
        Assert.All(EmotionLabels.All, l => Assert.InRange(r.Scores[l], 0f, r.Confidence));
        Assert.Equal(r.Confidence < _c.AskThreshold, r.ShouldAskUser);
    }

    [Fact]
    public void TenThousandCharactersAreTruncatedNotRejected()
    {
        var text = string.Concat(Enumerable.Repeat("I am so sad and lonely today. ", 400))[..10_000];
        var r = _c.Classify(text);
        Assert.True(r.Truncated);
        Assert.Equal(EmotionOutcome.Classified, r.Outcome);
        // Only the first 1,000 normalised code points count: appending anything changes nothing.
        Assert.Equal(r.Scores, _c.Classify(text + " I am extremely happy!").Scores);
    }

    [Theory]
    [InlineData("I am so happy today, this is wonderful!", EmotionLabel.Happy)]
    [InlineData("I'm so angry, I hate this stupid thing", EmotionLabel.Angry)]
    [InlineData("I'm really scared and nervous about tomorrow", EmotionLabel.Anxious)]
    [InlineData("I miss her so much, I've been crying all night", EmotionLabel.Sad)]
    [InlineData("진짜 짜증나고 화가 난다", EmotionLabel.Angry)]
    [InlineData("너무 행복하고 고마워요", EmotionLabel.Happy)]
    public void ClearSentencesGetTheirEmotion(string text, EmotionLabel expected)
    {
        Assert.Equal(expected, _c.Classify(text).Label);
    }

    [Fact]
    public void ParallelCallsEqualSerialResults()
    {
        var texts = EmotionTestFiles.GoldenCases.Select(c => c.Text).ToArray();
        var serial = texts.Select(t => _c.Classify(t)).ToArray();
        var parallel = new EmotionResult[texts.Length * 8];
        Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => parallel[i] = _c.Classify(texts[i % texts.Length]));
        for (var i = 0; i < parallel.Length; i++)
        {
            Assert.Equal(serial[i % texts.Length], parallel[i]);
        }
    }

    [Fact]
    public void ClassifyAllocatesAtMost64BytesPerCall()
    {
        // The budget of issue 11; the package's OrtIoBinding.BindInput encodes the input name (32 B) on every call.
        var texts = new[] { "오늘 너무 happy 해요 😍 but a bit nervous", "I miss her so much", "진짜 짜증나고 화가 난다" };
        foreach (var t in texts) _c.Classify(t);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 300; i++) _c.Classify(texts[i % texts.Length]);
        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 300.0;
        Assert.True(perCall <= 64, $"{perCall} B per call");
    }
}
