using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TuneBot.Bot.Ports;
using TuneBot.Core.Audio;
using TuneBot.Core.Storage;
using TuneBot.Core.Map;
using TuneBot.Core.Themes;
using TuneBot.Core.Emotion;
using TuneBot.Core.Recommendation;

namespace TuneBot.Bot.Advice;

/// <summary>Registers the real ports: <see cref="CatalogMusicAdvisor"/> and <see cref="EmotionReader"/>.</summary>
public static class AdviceServices
{
    /// <summary>
    /// The catalog advisor and the emotion reader, configured from <c>Advice:*</c>, <c>Audio:*</c>,
    /// <c>Recommender:*</c> (<see cref="RecommenderOptions"/>) and <c>Emotion:*</c> (the catalog database itself is registered by AddTuneBotHandlers from <c>Catalog:Provider</c>
    /// and <c>ConnectionStrings:Catalog</c>). Call before AddTuneBotHandlers, whose placeholders are added with TryAdd.
    /// </summary>
    public static IServiceCollection AddTuneBotAdvice(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdvisorOptions>().Bind(configuration.GetSection(AdvisorOptions.Section));
        var audio = configuration.GetSection(AudioSettings.SectionName).Get<AudioSettings>() ?? new AudioSettings();
        services.AddSingleton(audio);
        services.AddSingleton(new AudioDecoder(audio.FfmpegPath));
        // Tuning (candidate stages, the no-confident-match distance, ...) from Recommender:*; defaults are the measured ones.
        var recommenderOptions = configuration.GetSection("Recommender").Get<RecommenderOptions>() ?? new RecommenderOptions();
        // One catalog index answers the clip search and every reply drawn from it.
        services.AddSingleton(sp => new CatalogIndex(sp.GetRequiredService<CatalogDatabase>(), recommenderOptions));
        services.AddSingleton(sp => new Recommender(sp.GetRequiredService<CatalogIndex>(), sp.GetRequiredService<AudioDecoder>()));
        services.AddSingleton(_ => new CatalogMapRenderer());
        services.AddSingleton<PreviewCutter>();
        services.AddSingleton(sp => new ClipMemory(sp.GetRequiredService<IOptions<AdvisorOptions>>().Value.RememberedClips));
        services.AddSingleton<IMusicAdvisor, CatalogMusicAdvisor>();

        var emotion = configuration.GetSection(EmotionOptions.Section).Get<EmotionOptions>() ?? new EmotionOptions();
        services.AddSingleton(emotion);
        services.AddSingleton<EmotionReader>();
        services.AddSingleton<IEmotionReader>(sp => sp.GetRequiredService<EmotionReader>());
        services.AddHostedService<AdviceStartup>();
        return services;
    }
}

/// <summary>
/// Opens the emotion classifier when the host starts (so a missing model is reported at start-up, not at the
/// first message), and once every service has started (after CatalogMigration) logs what the catalog holds.
/// </summary>
public sealed class AdviceStartup(EmotionReader emotions, CatalogIndex catalog, ILogger<AdviceStartup> logger) : IHostedLifecycleService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = emotions.Available;
        return Task.CompletedTask;
    }

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (count, snapshot) = await catalog.GetAsync(cancellationToken).ConfigureAwait(false);
            if (count == 0) logger.LogWarning("The catalog is empty: run `./run.sh ingest FOLDER` then `./run.sh cluster`.");
            else if (snapshot is null) logger.LogWarning("{Count} tracks but no clustering run: run `./run.sh cluster`.", count);
            else logger.LogInformation("Catalog: {Count} tracks, {Themes} themes (run {Run})", count, snapshot.Live.Themes.Count, snapshot.RunId);
        }
        catch (Exception ex) when (ex is CatalogUnavailableException or System.Data.Common.DbException)
        {
            // Only a start-up summary: requests report database faults themselves.
            logger.LogWarning("Catalog not readable at start-up: {Error}", ex.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
