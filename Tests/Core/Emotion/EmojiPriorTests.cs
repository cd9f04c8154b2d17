using System.Text.Json;
using TuneBot.Core.Emotion;
using Xunit;

namespace TuneBot.Tests.Core.Emotion;

public class EmojiPriorTests
{
    private static EmojiPrior Prior(string json) => EmojiPrior.Parse(JsonDocument.Parse(json).RootElement);

    private static readonly EmojiPrior Two = Prior("""{"😂": [0.6, 0.1, 0.1, 0.1, 0.1], "😢": [0.2, 0.6, 0.0, 0.1, 0.1]}""");

    [Fact]
    public void A_message_of_known_emoji_alone_gets_their_mean_distribution()
    {
        var one = Two.Score("😂")!.Value;
        Assert.Equal(0.6f, one.Happy, 1e-6f);
        var both = Two.Score(" 😂😢!! ")!.Value;   // white space and punctuation do not count
        Assert.Equal(0.4f, both.Happy, 1e-6f);
        Assert.Equal(0.35f, both.Sad, 1e-6f);
        // Skin tones, variation selectors and joiners are parts of an emoji, not emoji of their own.
        Assert.Equal(one, Two.Score("😂\uFE0F")!.Value);
        Assert.Equal(0.6f, Two.Score("😂🦄")!.Value.Happy, 1e-6f);   // an unknown emoji beside a known one adds nothing
    }

    [Theory]
    [InlineData("😂 ok")]        // words: the model reads it
    [InlineData("ㅠㅠ😢")]
    [InlineData("😂 2")]
    [InlineData("🦄")]           // no known emoji: the model reads it
    [InlineData("...")]
    [InlineData("")]
    public void Anything_else_is_left_to_the_model(string text) => Assert.Null(Two.Score(text));

    [Theory]
    [InlineData("""{"a": [0.2, 0.2, 0.2, 0.2, 0.2]}""")]
    [InlineData("""{"😂😂": [0.2, 0.2, 0.2, 0.2, 0.2]}""")]
    [InlineData("""{"😂": [0.2, 0.2, 0.2, 0.2]}""")]
    [InlineData("""{"😂": [0.9, 0.9, 0.0, 0.0, 0.0]}""")]
    public void A_malformed_table_is_rejected(string json) => Assert.Throws<InvalidDataException>(() => Prior(json));
}
