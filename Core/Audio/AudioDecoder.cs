using System.Globalization;
using TuneBot.Core.Processes;

namespace TuneBot.Core.Audio;

/// <summary>
/// Decodes any audio ffmpeg reads (Ogg/Opus voice notes, MP3, M4A/AAC, FLAC, WAV, Ogg Vorbis, tracker modules…)
/// to mono float32 at <see cref="DecodeOptions.SampleRate"/>, the way librosa's <c>load</c> does: resampled with
/// soxr at its "HQ" setting, channels averaged.
/// </summary>
/// <remarks>
/// ffmpeg runs as a child process (<see cref="ChildProcess"/>: argument list, no shell) and writes 32-bit float WAV to a pipe;
/// nothing touches the disk except the one case that needs it (an MP4/M4A stream, see
/// <see cref="DecodeAsync(Stream, DecodeOptions, CancellationToken)"/>), whose temporary file is deleted before
/// the call returns. Every failure comes back as a <see cref="DecodeResult"/>; only the caller's own cancellation
/// surfaces, as <see cref="OperationCanceledException"/>. Thread-safe: one instance can serve concurrent decodes.
/// </remarks>
public sealed class AudioDecoder
{
    private readonly string _ffmpegPath;
    private readonly string? _tempDirectory;

    /// <summary>Creates a decoder.</summary>
    /// <param name="ffmpegPath">The ffmpeg executable: a name looked up on PATH (default "ffmpeg") or a full path.</param>
    /// <param name="tempDirectory">Where the one temporary file an MP4 stream needs is written; default the system
    /// temporary directory.</param>
    public AudioDecoder(string ffmpegPath = "ffmpeg", string? tempDirectory = null)
    {
        _ffmpegPath = string.IsNullOrWhiteSpace(ffmpegPath) ? "ffmpeg" : ffmpegPath;
        _tempDirectory = tempDirectory;
    }

    /// <summary>Decodes the file at <paramref name="path"/>.</summary>
    /// <param name="path">A local file path (read through ffmpeg's <c>file:</c> protocol, never as a URL).</param>
    /// <param name="options">Rate and bounds; see <see cref="DecodeOptions.Query"/> and <see cref="DecodeOptions.Ingest"/>.</param>
    /// <param name="ct">Cancels the decode (ffmpeg is killed) and throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The decoded audio, or a typed failure with a readable reason.</returns>
    public async Task<DecodeResult> DecodeAsync(string path, DecodeOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        FileInfo file;
        try
        {
            file = new FileInfo(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException or UnauthorizedAccessException)
        {
            return DecodeResult.Fail(DecodeFailureKind.NotAudio, $"'{path}' is not a valid file path.");
        }
        if (!file.Exists)
            return DecodeResult.Fail(DecodeFailureKind.NotAudio, $"File not found: {path}");
        if (file.Length == 0)
            return DecodeResult.Fail(DecodeFailureKind.Empty, "The file is empty (0 bytes).");

        bool? oggComplete;
        try
        {
            oggComplete = CheckOggFile(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return DecodeResult.Fail(DecodeFailureKind.NotAudio, $"The file cannot be read: {e.Message}");
        }

        var result = await RunFfmpegAsync("file:" + file.FullName, input: null, options, ct).ConfigureAwait(false);
        return oggComplete == false && result.Success
            ? DecodeResult.Fail(DecodeFailureKind.Corrupt, TruncatedOggReason)
            : result;
    }

    /// <summary>
    /// Decodes audio read from <paramref name="input"/> (read to its end, not disposed), piped to ffmpeg's stdin.
    /// An MP4/M4A/MOV container is the exception: its index may sit at the end of the file, which a pipe cannot
    /// seek back from, so such a stream is copied to a private temporary file that is deleted before returning.
    /// </summary>
    /// <param name="input">The encoded audio, positioned at its start.</param>
    /// <param name="options">Rate and bounds.</param>
    /// <param name="ct">Cancels the decode (ffmpeg is killed) and throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The decoded audio, or a typed failure with a readable reason.</returns>
    public async Task<DecodeResult> DecodeAsync(Stream input, DecodeOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);

        var head = new byte[12];
        int headLength;
        try
        {
            headLength = await input.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return DecodeResult.Fail(DecodeFailureKind.Corrupt, $"The audio could not be read: {e.Message}");
        }
        if (headLength == 0)
            return DecodeResult.Fail(DecodeFailureKind.Empty, "The audio is empty (0 bytes).");

        if (IsIsoMediaContainer(head.AsSpan(0, headLength)))
            return await DecodeViaTemporaryFileAsync(head.AsMemory(0, headLength), input, options, ct).ConfigureAwait(false);

        var source = new PipedInput(head.AsMemory(0, headLength), input);
        var result = await RunFfmpegAsync("pipe:0", source, options, ct).ConfigureAwait(false);
        if (source.ReadError is not null && result.Failure is not (DecodeFailureKind.FfmpegMissing or DecodeFailureKind.TimedOut))
            return DecodeResult.Fail(DecodeFailureKind.Corrupt, $"The audio could not be read completely: {source.ReadError}");
        if (result.Success && source.IsOgg && !source.ReachedEnd)
            return result; // ffmpeg stopped reading (bound reached); the unread tail cannot be judged.
        return result.Success && source.IsOgg && !OggIntegrity.EndsWithCompletePage(source.Tail)
            ? DecodeResult.Fail(DecodeFailureKind.Corrupt, TruncatedOggReason)
            : result;
    }

    private const string TruncatedOggReason = "The Ogg file is truncated: its last page is incomplete (interrupted upload or download?).";

    private async Task<DecodeResult> DecodeViaTemporaryFileAsync(ReadOnlyMemory<byte> head, Stream rest, DecodeOptions options, CancellationToken ct)
    {
        string tempPath = Path.Combine(_tempDirectory ?? Path.GetTempPath(), $"tunebot-{Guid.NewGuid():N}.m4a");
        try
        {
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
            if (!OperatingSystem.IsWindows())
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // the user's audio: private
            await using (var file = new FileStream(tempPath, fileOptions))
            {
                await file.WriteAsync(head, ct).ConfigureAwait(false);
                await rest.CopyToAsync(file, ct).ConfigureAwait(false);
            }
            return await DecodeAsync(tempPath, options, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return DecodeResult.Fail(DecodeFailureKind.Corrupt, $"The audio could not be read: {e.Message}");
        }
        finally
        {
            try { File.Delete(tempPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    // ISO base media (MP4, M4A, MOV, 3GP): a box size then "ftyp" at offset 4.
    private static bool IsIsoMediaContainer(ReadOnlySpan<byte> head) =>
        head.Length >= 8 && head[4] == (byte)'f' && head[5] == (byte)'t' && head[6] == (byte)'y' && head[7] == (byte)'p';

    /// <summary>null when the file is not Ogg; else whether it ends with a complete page.</summary>
    private static bool? CheckOggFile(FileInfo file)
    {
        using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.RandomAccess);
        Span<byte> head = stackalloc byte[4];
        if (stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4 || !OggIntegrity.IsOgg(head))
            return null;
        int tailLength = (int)Math.Min(stream.Length, OggIntegrity.TailLength);
        var tail = new byte[tailLength];
        stream.Seek(-tailLength, SeekOrigin.End);
        stream.ReadExactly(tail);
        return OggIntegrity.EndsWithCompletePage(tail);
    }

    private async Task<DecodeResult> RunFfmpegAsync(string inputUrl, PipedInput? input, DecodeOptions options, CancellationToken ct)
    {
        int sampleRate = options.SampleRate;
        long maxSamples = (long)Math.Ceiling(options.MaxDuration.TotalSeconds * sampleRate);
        // Ask ffmpeg for a little more than the bound, so that "longer than the bound" is observable and ffmpeg
        // stops by itself soon after.
        double requestSeconds = options.MaxDuration.TotalSeconds + 1.0;

        var reader = new WavPcmReader(sampleRate, maxSamples + 1);
        ChildProcessResult run;
        try
        {
            run = await ChildProcess.RunAsync(_ffmpegPath, BuildArguments(inputUrl, input is not null, sampleRate, requestSeconds),
                options.Timeout,
                stdin: input is null ? null : input.CopyToAsync,
                // WavPcmReader reads synchronously (thread-pool hops per chunk cost more than the blocking read):
                // on a dedicated thread, not the pool's.
                stdout: (stdout, _) => Task.Factory.StartNew(() => reader.Read(stdout), CancellationToken.None,
                    TaskCreationOptions.LongRunning, TaskScheduler.Default),
                ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return DecodeResult.Fail(DecodeFailureKind.Corrupt, $"ffmpeg's output could not be read: {e.Message}");
        }
        finally
        {
            // The feed is cancelled once ffmpeg exits; wait for it before its tail and error are read below.
            if (input is { Started: true }) await input.Completion.ConfigureAwait(false);
        }

        switch (run.Outcome)
        {
            case ChildProcessOutcome.NotStarted:
                return DecodeResult.Fail(DecodeFailureKind.FfmpegMissing,
                    $"ffmpeg could not be started ('{_ffmpegPath}': {run.StartError}); install it (apt-get install ffmpeg).");
            case ChildProcessOutcome.TimedOut:
                return DecodeResult.Fail(DecodeFailureKind.TimedOut,
                    $"Decoding took longer than {options.Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s and was stopped.");
        }
        // Past the bound ffmpeg's exit status says nothing about the part that was kept.
        if (!reader.LimitReached && run.ExitCode != 0)
            return Classify(run.Stderr, reader.SampleCount, input);

        return Judge(reader, options, maxSamples);
    }

    private static IEnumerable<string> BuildArguments(string inputUrl, bool fromPipe, int sampleRate, double requestSeconds)
    {
        yield return "-nostdin";
        yield return "-hide_banner";
        yield return "-loglevel";
        yield return "error";
        // Only the input itself may be opened: a playlist-like format must not make ffmpeg fetch URLs or other files.
        yield return "-protocol_whitelist";
        yield return fromPipe ? "pipe" : "file";
        yield return "-i";
        yield return inputUrl;
        yield return "-map";
        yield return "0:a:0";
        yield return "-vn";
        yield return "-sn";
        yield return "-dn";
        yield return "-map_metadata";
        yield return "-1";
        yield return "-fflags";
        yield return "+bitexact";
        yield return "-t";
        yield return requestSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        // librosa.load resamples with python-soxr's soxr_hq = libsoxr's soxr_quality_spec(SOXR_HQ, 0), i.e. 20-bit
        // precision; ffmpeg's soxr wrapper maps precision 20 to that same recipe ((20 - 2) / 4 = 4 = SOXR_20_BITQ)
        // with no flags and, with its default cutoff 0, soxr's own passband: the output is bit-identical to a
        // libsoxr one-shot HQ resample (SoxrReferenceTests). Channels stay separate here because ffmpeg's downmix
        // (-ac 1) weights stereo by 1/√2 instead of averaging; WavPcmReader takes the mean, as librosa.to_mono
        // does (librosa averages before resampling; both steps are linear, so only float rounding differs).
        yield return "-af";
        yield return $"aresample={sampleRate.ToString(CultureInfo.InvariantCulture)}:resampler=soxr:precision=20";
        yield return "-c:a";
        yield return "pcm_f32le";
        yield return "-f";
        yield return "wav";
        yield return "pipe:1";
    }

    private static DecodeResult Classify(string stderr, long samples, PipedInput? input)
    {
        string detail = FirstMeaningfulLine(stderr);
        if (input is not null && input.BytesWritten == 0)
            return DecodeResult.Fail(DecodeFailureKind.Empty, "The audio is empty (0 bytes).");
        if (Contains(stderr, "matches no streams") || Contains(stderr, "does not contain any stream")
            || Contains(stderr, "Output file #0 does not contain any stream"))
            return DecodeResult.Fail(DecodeFailureKind.NotAudio, "The file contains no audio stream.");
        if (samples == 0 && (Contains(stderr, "Invalid data found when processing input")
                             || Contains(stderr, "Failed to read frame size")
                             || Contains(stderr, "could not find codec parameters")
                             || Contains(stderr, "Invalid argument")
                             || Contains(stderr, "unknown format")))
            return DecodeResult.Fail(DecodeFailureKind.NotAudio, $"This is not an audio file ffmpeg can read ({detail}).");
        if (samples == 0 && Contains(stderr, "End of file"))
            return DecodeResult.Fail(DecodeFailureKind.Corrupt, "The audio ends before any sound could be decoded (truncated file?).");
        return DecodeResult.Fail(DecodeFailureKind.Corrupt, $"The audio is damaged and could not be decoded ({detail}).");
    }

    private static DecodeResult Judge(WavPcmReader reader, DecodeOptions options, long maxSamples)
    {
        int sampleRate = options.SampleRate;
        if (reader.SampleCount == 0)
            return DecodeResult.Fail(DecodeFailureKind.Empty, "The file contains no audio samples.");

        bool tooLong = reader.SampleCount > maxSamples;
        if (tooLong && !options.TruncateLongInput)
            return DecodeResult.Fail(DecodeFailureKind.TooLong,
                $"The audio is longer than the {FormatDuration(options.MaxDuration)} limit.");

        float[] samples = reader.ToArray(maxSamples);
        double seconds = (double)samples.Length / sampleRate;

        float peak = DecodeOptions.Peak(samples);
        // Silence is checked before length so that a silent clip of about the minimum length is reported as
        // silent rather than by a resampling-rounding margin as too short.
        if (peak < options.SilencePeakThreshold)
            return DecodeResult.Fail(DecodeFailureKind.Silent,
                $"The audio is silent (peak {(peak > 0 ? (20 * Math.Log10(peak)).ToString("0", CultureInfo.InvariantCulture) : "-inf")} dBFS, below {(20 * Math.Log10(options.SilencePeakThreshold)).ToString("0", CultureInfo.InvariantCulture)} dBFS).");
        if (seconds < options.MinDuration.TotalSeconds)
            return DecodeResult.Fail(DecodeFailureKind.TooShort,
                $"The audio is too short ({seconds.ToString("0.0##", CultureInfo.InvariantCulture)} s; at least {options.MinDuration.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s needed).");

        return DecodeResult.Ok(new DecodedAudio(samples, sampleRate, truncated: tooLong));
    }

    private static string FormatDuration(TimeSpan t) =>
        t.TotalSeconds < 120 ? $"{t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s"
                             : $"{t.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} min";

    private static bool Contains(string haystack, string needle) => haystack.Contains(needle, StringComparison.OrdinalIgnoreCase);

    private static string FirstMeaningfulLine(string stderr)
    {
        foreach (var raw in stderr.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("Last message repeated", StringComparison.Ordinal))
                continue;
            // "[ogg @ 0x55d…] message" → "ogg: message"; keeps the reason readable and free of addresses.
            if (line.StartsWith('[') && line.IndexOf(" @ 0x", StringComparison.Ordinal) is var at and > 0 && line.IndexOf(']') is var close and > 0)
                line = line[1..at] + ":" + line[(close + 1)..];
            return line.Length > 200 ? line[..200] + "…" : line;
        }
        return "no details from ffmpeg";
    }

    /// <summary>Feeds a caller's stream to ffmpeg's stdin, remembering its head and tail for the Ogg check.</summary>
    private sealed class PipedInput(ReadOnlyMemory<byte> head, Stream rest)
    {
        private readonly byte[] _tail = new byte[OggIntegrity.TailLength];
        private long _tailFilled;

        public bool IsOgg { get; } = OggIntegrity.IsOgg(head.Span);
        public long BytesWritten { get; private set; }
        public bool ReachedEnd { get; private set; }
        public string? ReadError { get; private set; }

        /// <summary>The last bytes of the input, in order (valid once <see cref="ReachedEnd"/>).</summary>
        public ReadOnlySpan<byte> Tail
        {
            get
            {
                int length = (int)Math.Min(_tailFilled, _tail.Length);
                if (_tailFilled <= _tail.Length)
                    return _tail.AsSpan(0, length);
                int start = (int)(_tailFilled % _tail.Length);
                var ordered = new byte[_tail.Length];
                _tail.AsSpan(start).CopyTo(ordered);
                _tail.AsSpan(0, start).CopyTo(ordered.AsSpan(_tail.Length - start));
                return ordered;
            }
        }

        private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>True once ffmpeg's stdin is being fed (false when ffmpeg did not start).</summary>
        public bool Started { get; private set; }

        /// <summary>Completes when <see cref="CopyToAsync"/> has finished, however it ended (never faults).</summary>
        public Task Completion => _completion.Task;

        public async Task CopyToAsync(Stream stdin, CancellationToken ct)
        {
            Started = true;
            try
            {
                if (!await WriteAsync(stdin, head, ct).ConfigureAwait(false))
                    return;
                var buffer = new byte[64 * 1024];
                while (true)
                {
                    int n = await rest.ReadAsync(buffer, ct).ConfigureAwait(false);
                    if (n == 0)
                    {
                        ReachedEnd = true;
                        break;
                    }
                    if (!await WriteAsync(stdin, buffer.AsMemory(0, n), ct).ConfigureAwait(false))
                        return;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The caller's stream failed mid-read (network error, disposed, not readable): ffmpeg sees a
                // truncated input; the decode reports this error instead of whatever ffmpeg made of the part it got.
                ReadError = e.Message;
            }
            finally
            {
                try { stdin.Dispose(); } catch (IOException) { }
                _completion.TrySetResult();
            }
        }

        private async Task<bool> WriteAsync(Stream stdin, ReadOnlyMemory<byte> data, CancellationToken ct)
        {
            Remember(data.Span);
            try
            {
                await stdin.WriteAsync(data, ct).ConfigureAwait(false);
                BytesWritten += data.Length;
                return true;
            }
            catch (IOException)
            {
                return false; // ffmpeg closed its stdin: it stopped reading (error, or the duration bound).
            }
        }

        private void Remember(ReadOnlySpan<byte> data)
        {
            if (data.Length >= _tail.Length)
                data = data[^_tail.Length..];
            int pos = (int)(_tailFilled % _tail.Length);
            int first = Math.Min(data.Length, _tail.Length - pos);
            data[..first].CopyTo(_tail.AsSpan(pos));
            data[first..].CopyTo(_tail);
            _tailFilled += data.Length;
        }
    }
}
