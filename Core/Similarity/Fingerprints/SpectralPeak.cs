namespace TuneBot.Core.Similarity.Fingerprints;

/// <summary>A local maximum of the spectrogram: analysis frame, bin above <see cref="LandmarkSettings.MinBin"/>, and
/// its prominence (log magnitude above the frame's local mean), which ranks peaks for the density limit.</summary>
public readonly record struct SpectralPeak(int Frame, int Bin, float Prominence);
