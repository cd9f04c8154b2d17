using TuneBot.Core.Emotion;
using TuneBot.Core.Recommendation;
using TuneBot.CatalogTool;
using Xunit;

namespace TuneBot.Tests.CatalogTool;

/// <summary>
/// The catalog tool reads the bot's configuration: appsettings.json, then the environment. Not run in parallel with
/// other collections: it sets process environment variables that every command reads.
/// </summary>
[Collection(ToolEnvironmentCollection.Name)]
public sealed class ToolConfigurationTests
{
    [Fact]
    public void Commands_take_the_catalog_and_the_recommender_tuning_from_the_environment()
    {
        var file = Path.Combine(Path.GetTempPath(), $"tunebot-config-{Guid.NewGuid():N}.db");
        var before = (Environment.GetEnvironmentVariable("ConnectionStrings__Catalog"), Environment.GetEnvironmentVariable("Recommender__ChromaWeight"));
        try
        {
            Environment.SetEnvironmentVariable("ConnectionStrings__Catalog", file);
            Environment.SetEnvironmentVariable("Recommender__ChromaWeight", "0.5");
            Assert.Equal(file, ToolConfiguration.Database(null).SqliteFilePath);
            Assert.Equal(0.5f, ToolConfiguration.Recommender().ChromaWeight);
            Assert.Equal(new RecommenderOptions() with { ChromaWeight = 0.5f }, ToolConfiguration.Recommender());
        }
        finally
        {
            Environment.SetEnvironmentVariable("ConnectionStrings__Catalog", before.Item1);
            Environment.SetEnvironmentVariable("Recommender__ChromaWeight", before.Item2);
        }
    }

    [Fact]
    public void The_emotion_command_takes_the_classifier_settings_from_the_same_configuration()
    {
        var before = Environment.GetEnvironmentVariable("Emotion__AskThreshold");
        try
        {
            Environment.SetEnvironmentVariable("Emotion__AskThreshold", "0.3");
            var options = ToolConfiguration.Emotion();
            Assert.Equal(0.3f, options.AskThreshold);
            Assert.Equal("models/emotion.onnx", options.ModelPath);   // appsettings.json, under the environment
        }
        finally
        {
            Environment.SetEnvironmentVariable("Emotion__AskThreshold", before);
        }
    }

    [Fact]
    public void Without_the_environment_the_tool_runs_appsettings_json_as_the_bot_does()
    {
        Assert.Null(Environment.GetEnvironmentVariable("ConnectionStrings__Catalog"));
        Assert.Equal(Path.GetFullPath("data/tunebot.db"), ToolConfiguration.Database(null).SqliteFilePath);
        Assert.Equal(new RecommenderOptions(), ToolConfiguration.Recommender());
        Assert.Equal(new EmotionOptions { ModelPath = "models/emotion.onnx" }, ToolConfiguration.Emotion());
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ToolEnvironmentCollection
{
    public const string Name = "Tool environment";
}
