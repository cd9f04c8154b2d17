namespace TuneBot.Bot.Ports;

/// <summary>Registered until the emotion classifier is wired in: fails with <see cref="AdviceFailure.Unavailable"/>.</summary>
public sealed class UnwiredEmotionReader : IEmotionReader
{
    public Task<Advice<EmotionReading>> ReadAsync(string text, CancellationToken ct = default) =>
        Task.FromResult(Advice<EmotionReading>.Fail(AdviceFailure.Unavailable, "no emotion classifier is wired into the bot"));
}
