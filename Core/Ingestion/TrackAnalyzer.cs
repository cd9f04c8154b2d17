using TuneBot.Core.Audio;
using TuneBot.Core.Features;
using TuneBot.Core.Similarity.Fingerprints;
using TuneBot.Core.Storage;

namespace TuneBot.Core.Ingestion;

/// <summary>Everything ingest derives from one audio file, or why it could not.</summary>
public sealed class TrackAnalysisOutcome
{
    public AnalysedTrack? Track { get; init; }
    /// <summary>One readable line when <see cref="Track"/> is null.</summary>
    public string? FailureReason { get; init; }
    /// <summary>Seconds of audio decoded and analysed (≤ 10 minutes per file).</summary>
    public double AnalysedSeconds { get; init; }
    /// <summary>The track's landmark fingerprint (<see cref="LandmarkFingerprint"/>), stored next to it.</summary>
    public IReadOnlyList<Landmark> Landmarks { get; init; } = [];
    /// <summary>Time spent computing <see cref="Landmarks"/> (what the identification stage adds to ingest).</summary>
    public TimeSpan LandmarkElapsed { get; init; }
}

/// <summary>
/// Turns one file into an <see cref="AnalysedTrack"/>: tags via ffprobe (file-name fallbacks), decode with ffmpeg
/// (first 10 minutes, <see cref="DecodeOptions.Ingest"/>), the librosa-style features (<see cref="FeatureExtractor"/>),
/// the summary vector and the compact search sequence (<see cref="SearchFrames"/>, <see cref="SequenceEncoding"/>). Thread-safe.
/// </summary>
public sealed class TrackAnalyzer(AudioDecoder? decoder = null, AudioProbe? probe = null)
{
    private readonly AudioDecoder _decoder = decoder ?? new AudioDecoder();
    private readonly AudioProbe _probe = probe ?? new AudioProbe();

    /// <summary>Length of the summary vector this analyzer produces.</summary>
    public static int SummaryDims => FeatureSummary.Length;

    /// <summary>Analyses <paramref name="file"/> whose content hash is <paramref name="hash"/>. Never throws except on cancellation.</summary>
    public async Task<TrackAnalysisOutcome> AnalyzeAsync(ScannedFile file, string hash, CancellationToken ct = default)
    {
        var probe = await _probe.ProbeAsync(file.Path, ct: ct);
        if (!probe.Success) return new TrackAnalysisOutcome { FailureReason = probe.Reason ?? "ffprobe could not read it." };

        var decoded = await _decoder.DecodeAsync(file.Path, DecodeOptions.Ingest, ct);
        if (!decoded.Success) return new TrackAnalysisOutcome { FailureReason = decoded.Reason };
        var audio = decoded.Audio;

        TrackAnalysis analysis;
        FeatureMatrix searchFeatures;
        List<Landmark> landmarks;
        var landmarkClock = new System.Diagnostics.Stopwatch();
        try
        {
            landmarkClock.Start();
            landmarks = LandmarkFingerprint.Compute(audio.Samples);
            landmarkClock.Stop();
            // One STFT for the librosa features and the search frames, its arrays pooled across tracks.
            using var spectrogram = Stft.ComputePooled(audio.Samples, audio.SampleRate);
            analysis = FeatureExtractor.Analyze(audio.Samples, spectrogram);
            searchFeatures = SearchFrames.Compute(spectrogram);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return new TrackAnalysisOutcome { FailureReason = $"Feature extraction failed: {e.Message}", AnalysedSeconds = audio.DurationSeconds };
        }
        var summary = analysis.Summary.ToVector();
        if (summary.Any(v => !double.IsFinite(v)))
            return new TrackAnalysisOutcome { FailureReason = "Feature extraction produced non-finite values.", AnalysedSeconds = audio.DurationSeconds };

        var track = new AnalysedTrack(
            hash, file.Path,
            TrackNaming.TitleFromTag(probe.Title, probe.Artist) ?? TrackNaming.TitleFromFileName(file.Path),
            // No artist tag: the soundtrack's folder, else its album, so a listing reads "Hedgewars – City".
            probe.Artist ?? TrackNaming.ArtistFromFolder(file.Path, file.Root) ?? probe.Album,
            probe.Album,
            // The file's full length for display; features cover at most the first 10 minutes.
            probe.DurationSeconds is > 0 and var d ? d : audio.DurationSeconds,
            file.Size, file.MtimeMs, summary, TrackAnalysisVersions.Summary,
            SequenceEncoding.Encode(searchFeatures));
        return new TrackAnalysisOutcome { Track = track, AnalysedSeconds = audio.DurationSeconds, Landmarks = landmarks, LandmarkElapsed = landmarkClock.Elapsed };
    }
}
