using Xunit;
using TuneBot.Core.Audio;

namespace TuneBot.Tests.Core.Audio;

[Trait("Category", "Integration")]
public sealed class AudioDecoderTests(TestAudioFiles files) : IClassFixture<TestAudioFiles>
{
    private const int Rate = 22050;
    private readonly AudioDecoder _decoder = new();
    private static readonly DecodeOptions Options = DecodeOptions.Ingest;

    private static string Tone(double amplitude, double hz) => $"{amplitude.ToString(System.Globalization.CultureInfo.InvariantCulture)}*sin(2*PI*{hz}*t)";

    private async Task<DecodedAudio> DecodeOk(string path, DecodeOptions? options = null)
    {
        var result = await _decoder.DecodeAsync(path, options ?? Options);
        Assert.True(result.Success, $"{Path.GetFileName(path)}: {result}");
        Assert.Null(result.Failure);
        Assert.Null(result.Reason);
        return result.Audio;
    }

    private async Task AssertFails(DecodeFailureKind kind, string path, DecodeOptions? options = null)
    {
        var result = await _decoder.DecodeAsync(path, options ?? Options);
        Assert.False(result.Success, $"{Path.GetFileName(path)} decoded, expected {kind}");
        Assert.Equal(kind, result.Failure);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        Assert.DoesNotContain('\n', result.Reason);
        Assert.Null(result.Audio);
    }

    [Theory]
    [InlineData("voice.ogg", 48000, 1, "-c:a", "libopus", "-b:a", "32k")]          // a Telegram voice note: Opus in Ogg, 48 kHz
    [InlineData("tone.mp3", 44100, 2, "-c:a", "libmp3lame", "-b:a", "192k")]
    [InlineData("tone.m4a", 44100, 2, "-c:a", "aac", "-b:a", "192k")]
    [InlineData("tone.flac", 44100, 2, "-c:a", "flac")]
    [InlineData("tone.wav", 44100, 2, "-c:a", "pcm_s16le")]
    [InlineData("tone.vorbis.ogg", 44100, 2, "-c:a", "libvorbis", "-q:a", "6")]
    public async Task Decodes_each_format_to_22050_hz_mono_keeping_pitch_and_level(string name, int sourceRate, int channels, params string[] codec)
    {
        string lavfi = $"aevalsrc={string.Join('|', Enumerable.Repeat(Tone(0.5, 440), channels))}:s={sourceRate}:d=3";
        string path = files.Generate(name, lavfi, codec);

        var audio = await DecodeOk(path);

        Assert.Equal(Rate, audio.SampleRate);
        Assert.False(audio.Truncated);
        Assert.InRange(audio.DurationSeconds, 2.95, 3.1);   // lossy codecs add or trim a few ms of padding
        Assert.InRange(SignalMeasure.Frequency(audio.Samples, Rate), 440 * 0.995, 440 * 1.005);
        Assert.InRange(SignalMeasure.Amplitude(audio.Samples, Rate, 440), 0.5 * 0.95, 0.5 * 1.05);
    }

    [Fact]
    public async Task Decodes_a_tracker_module()
    {
        string path = files.Write("song.mod", TestAudioFiles.ProTrackerModule());

        var audio = await DecodeOk(path);

        Assert.InRange(audio.DurationSeconds, 7.4, 8.0);  // one 64-row pattern at speed 6, 125 BPM: 7.68 s
        Assert.InRange(SignalMeasure.Frequency(audio.Samples, Rate), 259 * 0.97, 259 * 1.03);
    }

    [Fact]
    public async Task Downmix_is_the_mean_of_the_channels()
    {
        // ffmpeg's own "-ac 1" would give 0.707 × (0.6 + 0.2) = 0.566 here; librosa's to_mono gives 0.4.
        string path = files.Generate("stereo-unequal.wav", $"aevalsrc={Tone(0.6, 440)}|{Tone(0.2, 440)}:s=44100:d=3", "-c:a", "pcm_f32le");

        var audio = await DecodeOk(path);

        Assert.InRange(SignalMeasure.Amplitude(audio.Samples, Rate, 440), 0.4 * 0.995, 0.4 * 1.005);
    }

    [Fact]
    public async Task Downmix_of_opposite_channels_cancels_to_silence()
    {
        string path = files.Generate("stereo-opposite.wav", $"aevalsrc={Tone(0.5, 440)}|-{Tone(0.5, 440)}:s=44100:d=2", "-c:a", "pcm_f32le");

        await AssertFails(DecodeFailureKind.Silent, path);
    }

    [Fact]
    public async Task Downmix_averages_all_channels_of_a_multichannel_file()
    {
        // 5.1 with the tone on front-left only: the mean of six channels is a sixth of it.
        string six = string.Join('|', new[] { Tone(0.6, 440), "0", "0", "0", "0", "0" });
        string path = files.Generate("surround.wav", $"aevalsrc={six}:s=48000:d=2:c=5.1", "-c:a", "pcm_f32le");

        var audio = await DecodeOk(path);

        Assert.InRange(SignalMeasure.Amplitude(audio.Samples, Rate, 440), 0.1 * 0.995, 0.1 * 1.005);
    }

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    [InlineData(22050)]
    [InlineData(8000)]
    public async Task Resampling_preserves_frequency_amplitude_and_length(int sourceRate)
    {
        string path = files.Generate($"sine-{sourceRate}.wav", $"aevalsrc={Tone(0.5, 1000)}:s={sourceRate}:d=4", "-c:a", "pcm_f32le");

        var audio = await DecodeOk(path);

        Assert.InRange(audio.Samples.Length, 4 * Rate - 2, 4 * Rate + 2);
        Assert.InRange(SignalMeasure.Frequency(audio.Samples, Rate), 999.9, 1000.1);
        Assert.InRange(SignalMeasure.Amplitude(audio.Samples, Rate, 1000), 0.5 * 0.998, 0.5 * 1.002);
    }

    [Fact]
    public async Task Resampling_removes_content_above_the_new_nyquist_frequency_without_aliasing()
    {
        // 15 kHz cannot exist at 22050 Hz; a poor resampler folds it to 22050 − 15000 = 7050 Hz.
        string path = files.Generate("alias-48k.wav", $"aevalsrc={Tone(0.3, 440)}+{Tone(0.3, 15000)}:s=48000:d=3", "-c:a", "pcm_f32le");

        var audio = await DecodeOk(path);

        Assert.InRange(SignalMeasure.Amplitude(audio.Samples, Rate, 440), 0.3 * 0.995, 0.3 * 1.005);
        Assert.True(SignalMeasure.Amplitude(audio.Samples, Rate, 7050) < 1e-4, "alias at 7050 Hz");
        Assert.True(SignalMeasure.Peak(audio.Samples) < 0.31f);
    }

    [Fact]
    public async Task A_stream_decodes_exactly_like_the_file_it_came_from()
    {
        string path = files.Generate("voice.ogg", $"aevalsrc={Tone(0.5, 440)}:s=48000:d=3", "-c:a", "libopus", "-b:a", "32k");
        var fromPath = await DecodeOk(path);

        await using var stream = new NonSeekableStream(File.OpenRead(path));
        var fromStream = await _decoder.DecodeAsync(stream, Options);

        Assert.True(fromStream.Success, fromStream.ToString());
        Assert.Equal(fromPath.Samples, fromStream.Audio.Samples);
    }

    [Fact]
    public async Task An_m4a_stream_with_its_index_at_the_end_decodes_and_leaves_no_temporary_file()
    {
        // ffmpeg's mp4 muxer writes the moov index after the audio, which a pipe cannot seek back to.
        string path = files.Generate("long.m4a", $"aevalsrc={Tone(0.5, 440)}:s=44100:d=40", "-c:a", "aac");
        string temp = Directory.CreateTempSubdirectory("tunebot-decoder-temp-").FullName;
        try
        {
            var decoder = new AudioDecoder(tempDirectory: temp);
            await using var stream = new NonSeekableStream(File.OpenRead(path));

            var result = await decoder.DecodeAsync(stream, Options);

            Assert.True(result.Success, result.ToString());
            Assert.InRange(result.Audio.DurationSeconds, 39.9, 40.1);
            Assert.Empty(Directory.EnumerateFileSystemEntries(temp));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public async Task A_round_video_note_decodes_its_audio_track()
    {
        // Telegram video notes are MP4 (H.264 + AAC); the decoder takes the first audio stream and ignores the video.
        string path = files.Generate("video-note.mp4", $"aevalsrc={Tone(0.5, 440)}:s=48000:d=3",
            "-f", "lavfi", "-i", "testsrc=size=64x64:rate=25:duration=3", "-c:v", "mpeg4", "-c:a", "aac", "-shortest");
        await using var stream = new NonSeekableStream(File.OpenRead(path));

        var result = await _decoder.DecodeAsync(stream, Options);

        Assert.True(result.Success, result.ToString());
        Assert.InRange(result.Audio.DurationSeconds, 2.9, 3.1);
        Assert.InRange(SignalMeasure.Frequency(result.Audio.Samples, Rate), 438, 442);
    }

    [Fact]
    public async Task A_truncated_ogg_is_corrupt()
    {
        string whole = files.Generate("voice-5s.ogg", $"aevalsrc={Tone(0.5, 440)}:s=48000:d=5", "-c:a", "libopus", "-b:a", "32k");
        byte[] bytes = await File.ReadAllBytesAsync(whole);

        // Cut in the middle of the audio: ffmpeg alone would decode the first half and say nothing.
        string cut = files.Write("voice-cut.ogg", bytes.AsSpan(0, bytes.Length * 6 / 10));
        await AssertFails(DecodeFailureKind.Corrupt, cut);
        await using (var stream = new MemoryStream(bytes, 0, bytes.Length * 6 / 10))
        {
            var fromStream = await _decoder.DecodeAsync(stream, Options);
            Assert.Equal(DecodeFailureKind.Corrupt, fromStream.Failure);
        }

        // Cut inside the headers.
        string headerOnly = files.Write("voice-header.ogg", bytes.AsSpan(0, 200));
        await AssertFails(DecodeFailureKind.Corrupt, headerOnly);

        // The untouched file is fine.
        await DecodeOk(whole);
    }

    [Fact]
    public async Task A_stream_that_fails_midway_is_corrupt_not_an_exception()
    {
        string path = files.Generate("voice.ogg", $"aevalsrc={Tone(0.5, 440)}:s=48000:d=3", "-c:a", "libopus", "-b:a", "32k");
        byte[] bytes = await File.ReadAllBytesAsync(path);

        var result = await _decoder.DecodeAsync(new FailingStream(bytes[..(bytes.Length / 2)]), Options);

        Assert.Equal(DecodeFailureKind.Corrupt, result.Failure);
        Assert.Contains("connection reset", result.Reason);
    }

    [Fact]
    public async Task A_zero_byte_file_or_stream_is_empty()
    {
        string path = files.Write("empty.ogg", ReadOnlySpan<byte>.Empty);

        await AssertFails(DecodeFailureKind.Empty, path);
        var fromStream = await _decoder.DecodeAsync(new MemoryStream(), Options);
        Assert.Equal(DecodeFailureKind.Empty, fromStream.Failure);
    }

    [Fact]
    public async Task A_text_file_named_mp3_is_not_audio()
    {
        string path = files.Write("notes.mp3", "These are my shopping notes, not a song.\nMilk, eggs, bread.\n"u8);

        await AssertFails(DecodeFailureKind.NotAudio, path);
        var fromStream = await _decoder.DecodeAsync(new MemoryStream(File.ReadAllBytes(path)), Options);
        Assert.Equal(DecodeFailureKind.NotAudio, fromStream.Failure);
    }

    [Fact]
    public async Task An_image_without_audio_is_not_audio()
    {
        string path = files.Generate("cover.png", "color=c=red:s=16x16", "-frames:v", "1");

        await AssertFails(DecodeFailureKind.NotAudio, path);
    }

    [Fact]
    public async Task A_missing_file_is_not_audio()
    {
        await AssertFails(DecodeFailureKind.NotAudio, files.PathOf("does-not-exist.mp3"));
    }

    [Fact]
    public async Task One_second_of_silence_is_silent()
    {
        string path = files.Generate("silence.wav", "anullsrc=r=44100:cl=stereo", "-t", "1", "-c:a", "pcm_s16le");

        await AssertFails(DecodeFailureKind.Silent, path);
    }

    [Fact]
    public async Task Silence_threshold_is_minus_60_dbfs_peak()
    {
        // −70 dBFS peak (amplitude 0.000316) is silent; −50 dBFS (0.00316) is quiet but audible.
        string below = files.Generate("minus70.wav", $"aevalsrc={Tone(0.000316, 440)}:s=44100:d=2", "-c:a", "pcm_f32le");
        string above = files.Generate("minus50.wav", $"aevalsrc={Tone(0.00316, 440)}:s=44100:d=2", "-c:a", "pcm_f32le");

        await AssertFails(DecodeFailureKind.Silent, below);
        await DecodeOk(above);
    }

    [Fact]
    public async Task A_clip_of_0_3_seconds_is_too_short()
    {
        string path = files.Generate("short.ogg", $"aevalsrc={Tone(0.5, 440)}:s=48000:d=0.3", "-c:a", "libopus");

        await AssertFails(DecodeFailureKind.TooShort, path);
    }

    [Fact]
    public async Task A_file_longer_than_the_bound_is_too_long_or_truncated()
    {
        string path = files.Generate("five-seconds.flac", $"aevalsrc={Tone(0.5, 440)}:s=44100:d=5", "-c:a", "flac");
        var bounded = Options with { MaxDuration = TimeSpan.FromSeconds(2) };

        await AssertFails(DecodeFailureKind.TooLong, path, bounded with { TruncateLongInput = false });

        var truncated = await DecodeOk(path, bounded with { TruncateLongInput = true });
        Assert.True(truncated.Truncated);
        Assert.Equal(2 * Rate, truncated.Samples.Length);
        Assert.InRange(SignalMeasure.Frequency(truncated.Samples, Rate), 439.5, 440.5);

        // Within the bound: not truncated.
        var whole = await DecodeOk(path, Options with { MaxDuration = TimeSpan.FromSeconds(6), TruncateLongInput = false });
        Assert.False(whole.Truncated);
        Assert.InRange(whole.DurationSeconds, 4.99, 5.01);
    }

    [Fact]
    public async Task A_stream_longer_than_the_bound_is_truncated_without_reading_all_of_it()
    {
        string path = files.Generate("long.wav", $"aevalsrc={Tone(0.5, 440)}:s=44100:d=30", "-c:a", "pcm_s16le");
        await using var stream = File.OpenRead(path);

        var result = await _decoder.DecodeAsync(stream, Options with { MaxDuration = TimeSpan.FromSeconds(3) });

        Assert.True(result.Success, result.ToString());
        Assert.True(result.Audio.Truncated);
        Assert.Equal(3 * Rate, result.Audio.Samples.Length);
        Assert.True(stream.Position < stream.Length, "the whole stream was read although 3 s were enough");
    }

    [Fact]
    public async Task A_missing_ffmpeg_is_reported_as_such()
    {
        string path = files.Generate("tone.wav", $"aevalsrc={Tone(0.5, 440)}|{Tone(0.5, 440)}:s=44100:d=3", "-c:a", "pcm_s16le");
        var decoder = new AudioDecoder(ffmpegPath: files.PathOf("no-such-ffmpeg"));

        var result = await decoder.DecodeAsync(path, Options);

        Assert.Equal(DecodeFailureKind.FfmpegMissing, result.Failure);
        Assert.Contains("ffmpeg", result.Reason);
    }

    [Fact]
    public async Task A_stalled_upload_times_out()
    {
        string path = files.Generate("voice.ogg", $"aevalsrc={Tone(0.5, 440)}:s=48000:d=3", "-c:a", "libopus", "-b:a", "32k");
        byte[] start = (await File.ReadAllBytesAsync(path))[..1000];
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await _decoder.DecodeAsync(new StallingStream(start), Options with { Timeout = TimeSpan.FromSeconds(1) });

        Assert.Equal(DecodeFailureKind.TimedOut, result.Failure);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 10);
    }

    [Fact]
    public async Task A_stream_that_stalls_after_enough_audio_still_decodes_when_truncating()
    {
        // 30 s of WAV, but the bound is 2 s: ffmpeg stops reading early, so the stall after the data is irrelevant.
        string path = files.Generate("stall-source.wav", $"aevalsrc={Tone(0.5, 440)}:s=44100:d=30", "-c:a", "pcm_s16le");
        byte[] start = (await File.ReadAllBytesAsync(path))[..(44100 * 2 * 5)];

        var result = await _decoder.DecodeAsync(new StallingStream(start), Options with { MaxDuration = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(20) });

        Assert.True(result.Success, result.ToString());
        Assert.True(result.Audio.Truncated);
    }

    [Fact]
    public async Task Cancelling_by_the_caller_throws_operation_cancelled()
    {
        string path = files.Generate("voice.ogg", $"aevalsrc={Tone(0.5, 440)}:s=48000:d=3", "-c:a", "libopus", "-b:a", "32k");
        byte[] start = (await File.ReadAllBytesAsync(path))[..1000];
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _decoder.DecodeAsync(new StallingStream(start), Options, cts.Token));
    }

    [Fact]
    public void Query_and_ingest_presets_follow_the_issue()
    {
        Assert.Equal(22050, DecodeOptions.Query.SampleRate);
        Assert.Equal(TimeSpan.FromSeconds(60), DecodeOptions.Query.MaxDuration);
        Assert.Equal(TimeSpan.FromMinutes(10), DecodeOptions.Ingest.MaxDuration);
        Assert.True(DecodeOptions.Query.TruncateLongInput && DecodeOptions.Ingest.TruncateLongInput);
        Assert.Equal(TimeSpan.FromSeconds(1), DecodeOptions.Query.MinDuration);
    }

    [Fact]
    public void Settings_from_configuration_become_decode_options()
    {
        var settings = new AudioSettings { QueryMaxSeconds = 45, IngestMaxSeconds = 300, DecodeTimeoutSeconds = 90, MinSeconds = 2 };

        var query = settings.ToQueryOptions();
        var ingest = settings.ToIngestOptions();

        Assert.Equal(TimeSpan.FromSeconds(45), query.MaxDuration);
        Assert.Equal(TimeSpan.FromSeconds(30), query.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(2), query.MinDuration);
        Assert.Equal(TimeSpan.FromSeconds(300), ingest.MaxDuration);
        Assert.Equal(TimeSpan.FromSeconds(90), ingest.Timeout);
        Assert.True(query.TruncateLongInput && ingest.TruncateLongInput);
    }

    /// <summary>Hides seekability, like a network download.</summary>
    private sealed class NonSeekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => inner.ReadAsync(buffer, ct);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
    }

    /// <summary>Delivers some bytes, then fails like a dropped download.</summary>
    private sealed class FailingStream(byte[] start) : Stream
    {
        private int _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= start.Length)
                throw new IOException("connection reset by peer");
            int n = Math.Min(count, start.Length - _position);
            Array.Copy(start, _position, buffer, offset, n);
            _position += n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Delivers some bytes, then never another one: an upload that stalled.</summary>
    private sealed class StallingStream(byte[] start) : Stream
    {
        private int _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            if (_position < start.Length)
            {
                int n = Math.Min(buffer.Length, start.Length - _position);
                start.AsMemory(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }
            await Task.Delay(Timeout.Infinite, ct);
            return 0;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
