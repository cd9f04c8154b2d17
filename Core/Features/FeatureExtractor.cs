namespace TuneBot.Core.Features;

/// <summary>
/// librosa 0.11's default feature set for one clip from ONE shared STFT (n_fft 2048, hop 512, Hann, zero-padded
/// centring): MFCC and onset strength share the dB mel spectrogram; chroma, centroid, rolloff and HPSS read the same
/// spectrogram; zero-crossing rate and RMS come straight from the samples as librosa computes them.
/// </summary>
public static class FeatureExtractor
{
    /// <summary>
    /// Full librosa-default feature set. Single-threaded; safe to call from several threads at once.
    /// Memory: the spectrogram's four frames × 1025 float arrays (≈ 32 MB each for 180 s) and HPSS's mask are on loan
    /// from <see cref="LargeBufferPool"/>, so a warm call allocates only its results and small scratch (docs/performance.md).
    /// </summary>
    /// <param name="samples">Mono float32 samples at <paramref name="sampleRate"/> (librosa.load's output).</param>
    /// <param name="sampleRate">Hz; the librosa defaults assume 22050.</param>
    public static TrackAnalysis Analyze(ReadOnlySpan<float> samples, int sampleRate = 22050)
    {
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate));
        using var spectrogram = Stft.ComputePooled(samples, sampleRate);
        return Analyze(samples, spectrogram);
    }

    /// <summary>As <see cref="Analyze(ReadOnlySpan{float}, int)"/> over a spectrogram the caller already computed from
    /// <paramref name="samples"/> with the default STFT parameters (e.g. to derive more features from it afterwards).</summary>
    public static TrackAnalysis Analyze(ReadOnlySpan<float> samples, Spectrogram spectrogram)
    {
        int sampleRate = spectrogram.SampleRate;
        int frames = spectrogram.Frames;
        if (frames != Stft.FrameCount(samples.Length, spectrogram.HopLength))
            throw new ArgumentException("The spectrogram was not computed from these samples.", nameof(spectrogram));

        var melBank = sampleRate == MelFilterbank.Default.SampleRate && spectrogram.NFft == MelFilterbank.Default.NFft
            ? MelFilterbank.Default
            : new MelFilterbank(sampleRate, spectrogram.NFft);
        var melDb = melBank.Apply(spectrogram);
        Decibels.PowerToDb(melDb.Data, melDb.Data);
        var mfcc = Mfcc.FromMelDb(melDb);

        double tuning = Tuning.Estimate(spectrogram);
        var chroma = Chroma.Compute(spectrogram, new ChromaFilterbank(sampleRate, spectrogram.NFft, tuning));
        var centroid = Features.SpectralCentroid.Compute(spectrogram);
        var rolloff = Features.SpectralRolloff.Compute(spectrogram);
        var zcr = Features.ZeroCrossingRate.Compute(samples, spectrogram.NFft, spectrogram.HopLength);
        var rms = Features.Rms.Compute(samples, spectrogram.NFft, spectrogram.HopLength);

        // dsp-rhythm's parts: onset strength shares the dB mel spectrogram; HPSS masks this same STFT and
        // inverts only the harmonic part (percussive = samples − harmonic).
        var onset = OnsetStrength.Compute(melDb, nFft: spectrogram.NFft, hopLength: spectrogram.HopLength);
        double tempo = Tempo.Estimate(onset, sampleRate, spectrogram.HopLength);
        var hpss = Hpss.Compute(spectrogram, samples);
        var rmsHarmonic = hpss.HarmonicRms;
        var rmsPercussive = hpss.PercussiveRms;

        return new TrackAnalysis
        {
            SampleRate = sampleRate,
            DurationSeconds = samples.Length / (double)sampleRate,
            Frames = frames,
            Mfcc = mfcc,
            Chroma = chroma,
            SpectralCentroid = centroid,
            SpectralRolloff = rolloff,
            ZeroCrossingRate = zcr,
            Rms = rms,
            RmsHarmonic = rmsHarmonic,
            RmsPercussive = rmsPercussive,
            TempoBpm = tempo,
            TuningSemitones = tuning,
            Summary = FeatureSummary.FromMatrices(mfcc, chroma, centroid, rolloff, zcr, rms, rmsHarmonic, rmsPercussive, tempo),
        };
    }
}
