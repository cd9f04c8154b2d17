using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TuneBot.Core.Emotion;
using Xunit;

namespace TuneBot.Tests.Core.Emotion;

/// <summary>Missing or broken native library / model: one typed error at start-up, naming the file and the remedy.</summary>
[Collection(EmotionCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EmotionStartupTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tunebot-emotion-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("missing")]
    [InlineData("broken")]
    public async Task ANativeLibraryThatDoesNotLoadIsOneClearErrorAtStartUp(string how)
    {
        // The library loads once per process, so this runs the catalog tool from a copy of the build output without
        // (or with a corrupt) libonnxruntime.so.
        var app = Directory.CreateDirectory(Path.Combine(_dir, "app")).FullName;
        foreach (var f in Directory.EnumerateFiles(TuneBot.Tests.CatalogTool.CatalogToolProcess.Folder))
        {
            if (Path.GetFileName(f) != EmotionPaths.LibraryFileName) File.Copy(f, Path.Combine(app, Path.GetFileName(f)));
        }
        var library = Path.Combine(app, EmotionPaths.LibraryFileName);
        if (how == "broken") File.WriteAllBytes(library, RandomNumberGenerator.GetBytes(4096));

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(app, "tunebot-ingest.dll"), "emotion", "hello", "--json" }) psi.ArgumentList.Add(a);
        psi.Environment["Emotion__ModelPath"] = EmotionTestFiles.ModelPath;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(1, process.ExitCode);
        Assert.Equal("", await stdout);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(EmotionPaths.LibraryFileName, stderr);
        Assert.Contains("scripts/build.sh", stderr);
        Assert.DoesNotContain("   at ", stderr);
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

    /// <summary>The Docker image's layout: bot in /app, models in /app/models, the ingest tool in /app/ingest.</summary>
    private (string App, string Ingest) ImageLayout()
    {
        var app = Directory.CreateDirectory(Path.Combine(_dir, "app")).FullName;
        var ingest = Directory.CreateDirectory(Path.Combine(app, "ingest")).FullName;
        Directory.CreateDirectory(Path.Combine(app, "models"));
        File.WriteAllText(Path.Combine(app, "models", "emotion.onnx"), "");
        return (app, ingest);
    }

    [Fact]
    public void ImageLayoutIsFoundFromATool()
    {
        var (app, ingest) = ImageLayout();
        Assert.Equal(Path.Combine(app, "models", "emotion.onnx"), EmotionPaths.ModelCandidates(ingest).First(File.Exists));
        Assert.Equal(Path.Combine(app, "models", "emotion.onnx"), EmotionPaths.ModelCandidates(app).First(File.Exists));
    }

    [Fact]
    public void ARelativeConfiguredModelIsFoundFromTheApplicationNotTheWorkingDirectory()
    {
        // appsettings.json names models/emotion.onnx: the tool in /app/ingest must find /app/models/ wherever it is started.
        var (app, ingest) = ImageLayout();
        Assert.Equal(Path.Combine(app, "models", "emotion.onnx"),
            EmotionPaths.FindModel(new EmotionOptions { ModelPath = "models/emotion.onnx" }, ingest));
        // Found nowhere: the path next to the application, so the error names a real place.
        Assert.Equal(Path.Combine(ingest, "custom", "m.onnx"),
            EmotionPaths.FindModel(new EmotionOptions { ModelPath = Path.Combine("custom", "m.onnx") }, ingest));
        Assert.Equal("/abs/m.onnx", EmotionPaths.FindModel(new EmotionOptions { ModelPath = "/abs/m.onnx" }, ingest));
    }

    [Fact]
    public void DefaultsFindTheRepositoryModelAndThePackagedRuntime()
    {
        using var c = EmotionClassifier.Open();
        Assert.Equal(Path.GetFullPath(EmotionTestFiles.ModelPath), c.ModelPath);
        Assert.StartsWith("1.32.0", c.RuntimeVersion);
        // Built for linux-x64: the package's library sits next to the application, no other platform's is copied.
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, EmotionPaths.LibraryFileName)));
        var runtimes = Path.Combine(AppContext.BaseDirectory, "runtimes");   // empty folders may remain from an older build
        Assert.False(Directory.Exists(runtimes) && Directory.EnumerateFiles(runtimes, "*", SearchOption.AllDirectories).Any());
    }
}
