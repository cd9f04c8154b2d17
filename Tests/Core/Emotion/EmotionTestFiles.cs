using System.Text.Json;
using TuneBot.Core.Emotion;

namespace TuneBot.Tests.Core.Emotion;

/// <summary>Locates the repository's model and golden fixture, and holds the process's one classifier.</summary>
public sealed class EmotionFixture : IDisposable
{
    public EmotionFixture()
    {
        Classifier = EmotionClassifier.Open();
    }

    public EmotionClassifier Classifier { get; }

    public void Dispose() => Classifier.Dispose();
}

[Xunit.CollectionDefinition(Name)]
public sealed class EmotionCollection : Xunit.ICollectionFixture<EmotionFixture>
{
    public const string Name = "Emotion classifier";
}

public sealed record GoldenCase(string Name, string Text, long[] Ids, bool Truncated, float[] Scores);

public static class EmotionTestFiles
{
    public static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "models", "emotion.json"))) return d.FullName;
        }
        throw new InvalidOperationException("repository root (with models/emotion.json) not found above " + AppContext.BaseDirectory);
    }

    public static string ModelPath => Path.Combine(RepoRoot(), "models", "emotion.onnx");

    public static string MetadataPath => Path.Combine(RepoRoot(), "models", "emotion.json");

    private static readonly Lazy<(int Buckets, string ModelSha, List<GoldenCase> Cases)> Golden = new(() =>
    {
        var path = Path.Combine(RepoRoot(), "Tests", "Fixtures", "emotion", "golden.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        var cases = root.GetProperty("cases").EnumerateArray().Select(c => new GoldenCase(
            c.GetProperty("name").GetString()!,
            c.GetProperty("text").GetString()!,
            c.GetProperty("ids").EnumerateArray().Select(e => e.GetInt64()).ToArray(),
            c.GetProperty("truncated").GetBoolean(),
            c.GetProperty("scores").EnumerateArray().Select(e => e.GetSingle()).ToArray())).ToList();
        return (root.GetProperty("buckets").GetInt32(), root.GetProperty("model_sha256").GetString()!, cases);
    });

    public static IReadOnlyList<GoldenCase> GoldenCases => Golden.Value.Cases;

    public static int GoldenBuckets => Golden.Value.Buckets;

    public static string GoldenModelSha => Golden.Value.ModelSha;

    public static GoldenCase Case(string name) => GoldenCases.Single(c => c.Name == name);

    public static IEnumerable<object[]> GoldenNames() => GoldenCases.Select(c => new object[] { c.Name });
}
