using Microsoft.Extensions.Logging.Abstractions;
using TuneBot.Bot.Advice;
using TuneBot.Bot.Ports;
using TuneBot.Core.Emotion;
using Xunit;

namespace TuneBot.Tests.Bot.Advice;

public sealed class EmotionReaderTests
{
    [Fact]
    public async Task TheRealClassifierReadsTextAndEveryLabelHasAScore()
    {
        using var reader = new EmotionReader(new EmotionOptions(), NullLogger<EmotionReader>.Instance);
        Assert.True(reader.Available);
        var happy = await reader.ReadAsync("I am so happy today, everything is wonderful and I love it!");
        Assert.True(happy.Succeeded, happy.Detail);
        Assert.Equal("happy", happy.Value!.Label);
        Assert.Equal(EmotionReading.Labels.Order(), happy.Value.Scores.Keys.Order());
        Assert.Equal(1.0, happy.Value.Scores.Values.Sum(), 3);
        var nothing = await reader.ReadAsync("   \u200b ");
        Assert.True(nothing.Value!.Confidence < 0.45);
        var huge = await reader.ReadAsync(string.Concat(Enumerable.Repeat("너무 슬퍼요 ", 2000)));
        Assert.True(huge.Succeeded);
    }

    [Fact]
    public async Task AMissingModelMeansUnavailableNotACrash()
    {
        using var reader = new EmotionReader(new EmotionOptions { ModelPath = "/nonexistent/emotion.onnx" }, NullLogger<EmotionReader>.Instance);
        Assert.False(reader.Available);
        var reading = await reader.ReadAsync("I am happy");
        Assert.Equal(AdviceFailure.Unavailable, reading.Failure);
        Assert.Contains("emotion.onnx", reading.Detail);
    }
}
