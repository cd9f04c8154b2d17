using Xunit;
using TuneBot.Core.Audio;

namespace TuneBot.Tests.Core.Audio;

[Trait("Category", "Integration")]
public sealed class AudioProbeTests(TestAudioFiles files) : IClassFixture<TestAudioFiles>
{
    private readonly AudioProbe _probe = new();

    [Theory]
    [InlineData("tagged.mp3", "libmp3lame")]     // ID3v2 tags: container (format) tags
    [InlineData("tagged.ogg", "libvorbis")]      // Vorbis comments: stream tags
    [InlineData("tagged.flac", "flac")]
    public async Task Reads_duration_and_title_artist_album(string name, string codec)
    {
        string path = files.Generate(name, "aevalsrc=0.5*sin(2*PI*440*t):s=44100:d=4",
            "-c:a", codec, "-metadata", "title=Battle Theme", "-metadata", "artist=Wesnoth OST", "-metadata", "album=Music of Wesnoth");

        var result = await _probe.ProbeAsync(path);

        Assert.True(result.Success, result.Reason);
        Assert.InRange(result.DurationSeconds!.Value, 3.9, 4.1);
        Assert.Equal("Battle Theme", result.Title);
        Assert.Equal("Wesnoth OST", result.Artist);
        Assert.Equal("Music of Wesnoth", result.Album);
        Assert.False(string.IsNullOrEmpty(result.Codec));
    }

    [Fact]
    public async Task Missing_tags_are_null()
    {
        string path = files.Generate("untagged.wav", "aevalsrc=0.5*sin(2*PI*440*t):s=44100:d=2", "-c:a", "pcm_s16le", "-fflags", "+bitexact");

        var result = await _probe.ProbeAsync(path);

        Assert.True(result.Success, result.Reason);
        Assert.Null(result.Title);
        Assert.Null(result.Artist);
        Assert.Null(result.Album);
    }

    [Fact]
    public async Task A_text_file_or_a_missing_file_is_not_probed()
    {
        string text = files.Write("readme.mp3", "not audio at all"u8);

        var fromText = await _probe.ProbeAsync(text);
        var missing = await _probe.ProbeAsync(files.PathOf("nothing-here.ogg"));

        Assert.False(fromText.Success);
        Assert.False(string.IsNullOrWhiteSpace(fromText.Reason));
        Assert.False(missing.Success);
    }

    [Fact]
    public async Task A_missing_ffprobe_is_reported()
    {
        string path = files.Generate("untagged.wav", "aevalsrc=0.5*sin(2*PI*440*t):s=44100:d=2", "-c:a", "pcm_s16le", "-fflags", "+bitexact");

        var result = await new AudioProbe(files.PathOf("no-ffprobe")).ProbeAsync(path);

        Assert.False(result.Success);
        Assert.Contains("ffprobe", result.Reason);
    }
}
