using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TuneBot.Core.Emotion;
using Xunit;

namespace TuneBot.Tests.Emotion;

/// <summary>Missing or broken native library / model: one typed error at start-up, naming the file.</summary>
[Collection(EmotionCollection.Name)]
public sealed class EmotionStartupTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tunebot-emotion-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void MissingLibraryIsOneClearError()
    {
        var path = Path.Combine(_dir, "nowhere", "libonnxruntime.so.1");
        var e = Assert.Throws<EmotionRuntimeException>(() => EmotionClassifier.Open(new EmotionOptions { OnnxRuntimePath = path }));
        Assert.Equal(EmotionRuntimeFailure.LibraryMissing, e.Failure);
        Assert.Equal(path, e.Path);
        Assert.Contains(path, e.Message);
        Assert.Contains("scripts/setup.sh", e.Message);
    }

    [Fact]
    public void BrokenLibraryIsOneClearError()
    {
        var path = Path.Combine(_dir, "libonnxruntime.so.1");
        File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(4096));
        var e = Assert.Throws<EmotionRuntimeException>(() => EmotionClassifier.Open(new EmotionOptions { OnnxRuntimePath = path }));
        Assert.Equal(EmotionRuntimeFailure.LibraryBroken, e.Failure);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void ALibraryWithoutTheOrtApiIsRejected()
    {
        // A real shared object that is not ONNX Runtime.
        var libc = new[] { "/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6", "/lib64/libc.so.6" }
            .First(File.Exists);
        var e = Assert.Throws<EmotionRuntimeException>(() => EmotionClassifier.Open(new EmotionOptions { OnnxRuntimePath = libc }));
        Assert.Equal(EmotionRuntimeFailure.LibraryBroken, e.Failure);
        Assert.Contains("OrtGetApiBase", e.Message);
    }

    [Fact]
    public void MissingModelIsOneClearError()
    {
        var path = Path.Combine(_dir, "emotion.onnx");
        var e = Assert.Throws<EmotionRuntimeException>(() => EmotionClassifier.Open(new EmotionOptions { ModelPath = path }));
        Assert.Equal(EmotionRuntimeFailure.ModelMissing, e.Failure);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void ModelNotMatchingItsMetadataIsRejected()
    {
        var model = Path.Combine(_dir, "emotion.onnx");
        File.WriteAllBytes(model, [1, 2, 3]);
        File.Copy(EmotionTestFiles.MetadataPath, Path.Combine(_dir, "emotion.json"));
        var e = Assert.Throws<EmotionRuntimeException>(() => EmotionClassifier.Open(new EmotionOptions { ModelPath = model }));
        Assert.Equal(EmotionRuntimeFailure.ModelBroken, e.Failure);
        Assert.Contains("sha256", e.Message);
    }

    [Fact]
    public void ModelOnnxRuntimeRefusesIsOneClearError()
    {
        var model = Path.Combine(_dir, "emotion.onnx");
        var garbage = RandomNumberGenerator.GetBytes(1000);
        File.WriteAllBytes(model, garbage);
        var meta = JsonNode.Parse(File.ReadAllText(EmotionTestFiles.MetadataPath))!;
        meta["onnx"]!["sha256"] = Convert.ToHexStringLower(SHA256.HashData(garbage));
        File.WriteAllText(Path.Combine(_dir, "emotion.json"), meta.ToJsonString());
        var e = Assert.Throws<EmotionRuntimeException>(() => EmotionClassifier.Open(new EmotionOptions { ModelPath = model }));
        Assert.Equal(EmotionRuntimeFailure.ModelBroken, e.Failure);
        Assert.Contains("CreateSession", e.Message);
        Assert.Contains(model, e.Message);
    }

    [Fact]
    public void UnreadableMetadataIsOneClearError()
    {
        var model = Path.Combine(_dir, "emotion.onnx");
        File.Copy(EmotionTestFiles.ModelPath, model);
        File.WriteAllText(Path.Combine(_dir, "emotion.json"), "{ not json");
        var e = Assert.Throws<EmotionRuntimeException>(() => EmotionClassifier.Open(new EmotionOptions { ModelPath = model }));
        Assert.Equal(EmotionRuntimeFailure.ModelBroken, e.Failure);
        Assert.Contains("emotion.json", e.Message);
    }

    [Fact]
    public void MetadataWithImpossibleFeaturizerParametersIsRejected()
    {
        var model = Path.Combine(_dir, "emotion.onnx");
        File.Copy(EmotionTestFiles.ModelPath, model);
        var meta = JsonNode.Parse(File.ReadAllText(EmotionTestFiles.MetadataPath))!;
        meta["featurizer"]!["buckets"] = 0;
        File.WriteAllText(Path.Combine(_dir, "emotion.json"), meta.ToJsonString());
        var e = Assert.Throws<EmotionRuntimeException>(() => EmotionClassifier.Open(new EmotionOptions { ModelPath = model }));
        Assert.Equal(EmotionRuntimeFailure.ModelBroken, e.Failure);
    }

    [Fact]
    public void ImageLayoutIsFoundFromATool()
    {
        // Docker image: bot in /app, library in /app, models in /app/models, the ingest tool in /app/ingest.
        var app = Directory.CreateDirectory(Path.Combine(_dir, "app")).FullName;
        var ingest = Directory.CreateDirectory(Path.Combine(app, "ingest")).FullName;
        Directory.CreateDirectory(Path.Combine(app, "models"));
        File.WriteAllText(Path.Combine(app, "libonnxruntime.so.1"), "");
        File.WriteAllText(Path.Combine(app, "models", "emotion.onnx"), "");
        Assert.Equal(Path.Combine(app, "libonnxruntime.so.1"), EmotionPaths.LibraryCandidates(ingest).First(File.Exists));
        Assert.Equal(Path.Combine(app, "models", "emotion.onnx"), EmotionPaths.ModelCandidates(ingest).First(File.Exists));
        Assert.Equal(Path.Combine(app, "libonnxruntime.so.1"), EmotionPaths.LibraryCandidates(app).First(File.Exists));
    }

    [Fact]
    public void DefaultsFindTheRepositoryFiles()
    {
        using var c = EmotionClassifier.Open();
        Assert.Equal(Path.GetFullPath(EmotionTestFiles.ModelPath), c.ModelPath);
        Assert.EndsWith(Path.Combine(".tools", "onnxruntime", "libonnxruntime.so.1"), c.LibraryPath);
        Assert.StartsWith("1.30", c.RuntimeVersion);
    }
}
