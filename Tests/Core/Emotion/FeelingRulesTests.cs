using TuneBot.Core.Emotion;
using Xunit;

namespace TuneBot.Tests.Core.Emotion;

/// <summary>
/// Issue 12: negation and contrast read right, through the real model (models/emotion.onnx) and the rule layer
/// the bot uses. Each sentence's model-only reading is recorded in the comment; the model alone gets every one of
/// the negated and contrasted ones wrong, and reads the calm ones as happy.
/// </summary>
[Collection(EmotionCollection.Name)]
public sealed class FeelingRulesTests(EmotionFixture fixture)
{
    private FeelingReading Read(string text) => FeelingRules.Read(text, fixture.Classifier.Classify, fixture.Classifier.AskThreshold);

    [Theory]
    // English: model alone → happy 0.48, happy 0.37, sad 0.98, sad 0.97, sad 0.97, angry 0.79, anxious 0.60, happy 0.65
    [InlineData("not happy at all", EmotionLabel.Sad)]
    [InlineData("I'm not happy at all", EmotionLabel.Sad)]
    [InlineData("I am not sad", EmotionLabel.Neutral)]
    [InlineData("I'm not sad anymore, I'm actually fine", EmotionLabel.Neutral)]
    [InlineData("I thought I'd be sad but I'm fine", EmotionLabel.Neutral)]
    [InlineData("I'm not angry, just tired", EmotionLabel.Sad)]
    [InlineData("I'm not worried at all, I feel calm", EmotionLabel.Neutral)]
    [InlineData("I feel calm and relaxed", EmotionLabel.Neutral)]
    [InlineData("I don't feel happy today", EmotionLabel.Sad)]
    // model alone → happy 0.43 (asks), happy 0.42 (asks), angry 0.66, sad 0.95, happy 0.78
    [InlineData("nothing good happened today", EmotionLabel.Sad)]
    [InlineData("nothing makes me happy anymore", EmotionLabel.Sad)]
    [InlineData("not bad actually", EmotionLabel.Neutral)]
    [InlineData("I'm not even mad, just disappointed", EmotionLabel.Sad)]
    [InlineData("I was happy yesterday but today I feel down", EmotionLabel.Sad)]
    [InlineData("I thought I would be nervous but I feel great", EmotionLabel.Happy)]
    // Korean: model alone → happy 0.54, sad 0.39, sad 0.86, sad 0.99, anxious 0.37, angry 0.85, happy 0.58
    [InlineData("하나도 안 행복해", EmotionLabel.Sad)]
    [InlineData("전혀 행복하지 않아", EmotionLabel.Sad)]
    [InlineData("슬플 줄 알았는데 괜찮아", EmotionLabel.Neutral)]
    [InlineData("안 슬퍼", EmotionLabel.Neutral)]
    [InlineData("불안할 줄 알았는데 기분 좋아", EmotionLabel.Happy)]
    [InlineData("화난 거 아니야, 그냥 피곤해", EmotionLabel.Sad)]
    [InlineData("마음이 편안하고 차분해", EmotionLabel.Neutral)]
    [InlineData("걱정했는데 다 잘 풀려서 기뻐", EmotionLabel.Happy)]
    [InlineData("오늘 기분이 안 좋아", EmotionLabel.Sad)]
    [InlineData("별로 안 괜찮아", EmotionLabel.Sad)]
    [InlineData("안 불안해 이제", EmotionLabel.Neutral)]   // model alone → sad 0.55, angry 0.49 (asks), anxious 0.86
    public void Negation_and_contrast_are_read_right(string text, EmotionLabel expected)
    {
        var reading = Read(text);
        Assert.Equal(expected, reading.Result.Label);
        Assert.False(reading.Result.ShouldAskUser, $"{text}: {reading.Result.Confidence:F2} ({reading.Rule})");
    }

    [Theory]
    // Plain feelings keep the model's own reading: the rules do not get in its way.
    [InlineData("I'm so happy today", EmotionLabel.Happy)]
    [InlineData("I feel so sad and lonely", EmotionLabel.Sad)]
    [InlineData("I'm anxious about my exam tomorrow", EmotionLabel.Anxious)]
    [InlineData("오늘 너무 행복해", EmotionLabel.Happy)]
    [InlineData("너무 슬퍼", EmotionLabel.Sad)]
    [InlineData("진짜 화나", EmotionLabel.Angry)]
    [InlineData("내일 시험 때문에 불안해", EmotionLabel.Anxious)]
    [InlineData("I've never been so happy", EmotionLabel.Happy)]
    public void Plain_feelings_are_the_models_reading(string text, EmotionLabel expected)
    {
        var reading = Read(text);
        var model = fixture.Classifier.Classify(text);
        Assert.Equal(expected, model.Label);
        Assert.Equal(model.Label, reading.Result.Label);
        Assert.Equal(FeelingRule.None, reading.Rule);
    }

    [Fact]
    public void A_feeling_named_outright_is_answered_not_asked()
    {
        const string text = "I'm so angry, my landlord kept my deposit and lied to my face";
        var model = fixture.Classifier.Classify(text);
        var reading = Read(text);
        Assert.Equal(EmotionLabel.Angry, reading.Result.Label);
        Assert.False(reading.Result.ShouldAskUser);
        // The model alone is unsure here (the shipped models read it angry 0.36 or sad first, below the ask threshold):
        // either the Named rule answers it, or a model confident of anger needs no rule.
        Assert.True(reading.Rule == FeelingRule.Named || (model.Label == EmotionLabel.Angry && !model.ShouldAskUser),
            $"model alone: {model.Label} {model.Confidence:0.00}, rule {reading.Rule}");
    }

    [Theory]
    // Model alone: sad 0.33 (angry 0.19), which asked; angry 0.90, which "안 돌려줘서" (not a feeling word after 안) must not disturb.
    [InlineData("I am furious, my landlord kept my deposit and lied to my face", EmotionLabel.Angry)]
    [InlineData("집주인이 보증금을 안 돌려줘서 진짜 짜증나", EmotionLabel.Angry)]
    public void A_feeling_word_the_unsure_model_does_not_rule_out_is_answered(string text, EmotionLabel expected)
    {
        var reading = Read(text);
        Assert.Equal(expected, reading.Result.Label);
        Assert.False(reading.Result.ShouldAskUser);
    }

    [Fact]
    public void Ok_in_a_longer_sentence_is_not_calm()
    {
        var reading = Read("ok so my dog died this morning and I can't stop crying");
        Assert.NotEqual(FeelingRule.Calm, reading.Rule);
        Assert.NotEqual(EmotionLabel.Neutral, reading.Result.Label);
    }
}
