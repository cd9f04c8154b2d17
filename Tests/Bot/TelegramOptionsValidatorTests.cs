using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TuneBot.Bot.Hosting;
using TuneBot.Bot.Transport;
using Xunit;

namespace TuneBot.Tests.Bot;

/// <summary>Settings the transport cannot honour are refused at start-up, with a message naming the key and never the token.</summary>
public sealed class TelegramOptionsValidatorTests
{
    [Fact]
    public void TheShippedSettingsAndTheDefaultsAreValid()
    {
        var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();
        var options = shipped.GetSection(TelegramOptions.Section).Get<TelegramOptions>()!;
        var result = new TelegramOptionsValidator().Validate(null, options);
        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.True(options.PollTimeoutSeconds + TelegramOptionsValidator.PollMarginSeconds <= options.RequestTimeoutSeconds);
        Assert.True(new TelegramOptionsValidator().Validate(null, new TelegramOptions()).Succeeded);
    }

    [Theory]
    [InlineData("50", "30", "Telegram:PollTimeoutSeconds (50) must be at least 2 s below Telegram:RequestTimeoutSeconds (30)")]
    [InlineData("29", "30", "Telegram:PollTimeoutSeconds (29) must be at least 2 s below")]
    public void ALongPollTheHttpClientWouldCutOffIsRefused(string poll, string request, string expected)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["Telegram:PollTimeoutSeconds"] = poll, ["Telegram:RequestTimeoutSeconds"] = request,
        }));
        Assert.Contains(expected, ex.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8081/custom/path", "may hold only scheme, host and port")]
    [InlineData("api.telegram.org", "must be an absolute http(s) URL")]
    [InlineData("ftp://api.telegram.org", "must be an absolute http(s) URL")]
    public void ABaseUrlWhosePathTheLibraryWouldDropIsRefused(string url, string expected)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Telegram:ApiBaseUrl"] = url }));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void AMalformedTokenIsRefusedWithoutQuotingIt()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Telegram:Token"] = "not-a-token-SECRETPART" }));
        Assert.Contains("not of the form", ex.Message);
        Assert.DoesNotContain("SECRETPART", ex.Message);
    }

    [Fact]
    public void TheServerUrlKeepsSchemeHostAndPort()
    {
        Assert.Equal("http://127.0.0.1:8081", new TelegramOptions { ApiBaseUrl = "http://127.0.0.1:8081/" }.ServerUrl);
        Assert.Equal("https://api.telegram.org", new TelegramOptions().ServerUrl);
    }

    private static TelegramOptions Resolve(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddTuneBotHandlers(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<TelegramOptions>>().Value;
    }
}
