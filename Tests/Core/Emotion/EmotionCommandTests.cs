using System.CommandLine;
using System.Text.Json;
using TuneBot.CatalogTool.Commands;
using Xunit;

namespace TuneBot.Tests.Core.Emotion;

/// <summary>The <c>emotion</c> command of the catalog tool, run in-process with captured stdout/stderr.</summary>
[Collection(EmotionCollection.Name)]
public sealed class EmotionCommandTests : IDisposable
{
    private static readonly string[] ScoreKeys = ["happy", "sad", "angry", "anxious", "neutral"];
    private readonly string _dir = Directory.CreateTempSubdirectory("tunebot-emotion-cmd-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Invoke(params string[] args)
    {
        var root = new RootCommand { EmotionCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var code = root.Parse(["emotion", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private static void AssertContractObject(JsonElement o)
    {
        Assert.Equal(["label", "confidence", "scores", "elapsed_ms"], o.EnumerateObject().Select(p => p.Name));
        Assert.Contains(o.GetProperty("label").GetString(), ScoreKeys);
        Assert.Equal(ScoreKeys, o.GetProperty("scores").EnumerateObject().Select(p => p.Name));
        var max = o.GetProperty("scores").EnumerateObject().Max(p => p.Value.GetDouble());
        Assert.Equal(max, o.GetProperty("confidence").GetDouble(), 1e-6);
        Assert.True(o.GetProperty("elapsed_ms").GetDouble() >= 0);
    }

    [Fact]
    public void SingleTextPrintsOneContractObject()
    {
        var (code, stdout, stderr) = Invoke("I am so happy today!", "--json");
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        using var doc = JsonDocument.Parse(lines[0]);
        AssertContractObject(doc.RootElement);
        Assert.Equal("happy", doc.RootElement.GetProperty("label").GetString());
    }

    [Fact]
    public void FilePrintsOneObjectPerRowInOrder()
    {
        var path = Path.Combine(_dir, "in.tsv");
        File.WriteAllText(path,
            "id\ttext\n1\tI am so happy today!\n2\t\"quoted \"\"text\"\"\twith tab\nand a newline\"\n3\t\n4\t너무 행복하고 고마워요\n");
        var (code, stdout, _) = Invoke("--file", path, "--json");
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            AssertContractObject(doc.RootElement);
        }
        Assert.Equal("neutral", JsonDocument.Parse(lines[2]).RootElement.GetProperty("label").GetString()); // empty text
        Assert.Equal("happy", JsonDocument.Parse(lines[0]).RootElement.GetProperty("label").GetString());
        Assert.Equal("happy", JsonDocument.Parse(lines[3]).RootElement.GetProperty("label").GetString());
    }

    [Fact]
    public void TsvReaderHandlesQuotedFields()
    {
        var path = Path.Combine(_dir, "q.tsv");
        File.WriteAllText(path, "text\tlabel\n\"a \"\"b\"\"\tc\nd\"\tx\r\nplain\ty\n");
        Assert.True(EmotionCommand.TryReadTexts(path, out var texts, out _));
        Assert.Equal(["a \"b\"\tc\nd", "plain"], texts);
    }

    [Fact]
    public void TsvReaderKeepsStrayQuotesAsText()
    {
        // As in the training TSVs (machine translations quote oddly): read as Python's csv module reads them.
        var path = Path.Combine(_dir, "stray.tsv");
        File.WriteAllText(path, "text\tlabel\n\"\" \"quoted\" after\tx\nHe said \"hi\tx\n\"\"\"a\"\" b\"\tx\n");
        Assert.True(EmotionCommand.TryReadTexts(path, out var texts, out _));
        Assert.Equal([" \"quoted\" after", "He said \"hi", "\"a\" b"], texts);
    }

    [Fact]
    public void MissingFileIsUnusableInput()
    {
        var (code, stdout, stderr) = Invoke("--file", Path.Combine(_dir, "absent.tsv"), "--json");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("not found", stderr);
    }

    [Fact]
    public void FileWithoutTextColumnIsUnusableInput()
    {
        var path = Path.Combine(_dir, "bad.tsv");
        File.WriteAllText(path, "sentence\tlabel\nhello\thappy\n");
        var (code, _, stderr) = Invoke("--file", path, "--json");
        Assert.Equal(2, code);
        Assert.Contains("'text' column", stderr);
    }

    [Fact]
    public void NoTextIsUnusableInput()
    {
        var (code, _, stderr) = Invoke("--json");
        Assert.Equal(2, code);
        Assert.StartsWith("emotion:", stderr);
    }

    [Fact]
    public void MissingModelIsAOneLineInfrastructureError()
    {
        var model = Path.Combine(_dir, "emotion.onnx");
        var previous = Environment.GetEnvironmentVariable("Emotion__ModelPath");
        Environment.SetEnvironmentVariable("Emotion__ModelPath", model);
        try
        {
            var (code, stdout, stderr) = Invoke("hello", "--json");
            Assert.Equal(1, code);
            Assert.Equal("", stdout);
            Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(model, stderr);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Emotion__ModelPath", previous);
        }
    }
}
