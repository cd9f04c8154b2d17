namespace TuneBot.Core.Similarity.Fingerprints;

/// <summary>A hashed peak pair (<see cref="LandmarkHasher"/>) and the frame of its anchor peak.</summary>
public readonly record struct Landmark(int Hash, int Frame);
