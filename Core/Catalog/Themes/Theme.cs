namespace TuneBot.Core.Catalog.Themes;

/// <summary>
/// The theme of one cluster: names and one-line descriptions in Korean and English, an emoji, and a position on
/// Russell's circumplex. Valence and arousal are both on −1 … +1 (0 = neutral / moderate): valence from sad/dark
/// (−1) to happy/bright (+1), arousal from calm (−1) to excited (+1).
/// </summary>
public sealed record Theme
{
    /// <summary>Cluster id within its run (0 … k−1).</summary>
    public required int ClusterId { get; init; }
    public required string NameKo { get; init; }
    public required string NameEn { get; init; }
    public required string DescriptionKo { get; init; }
    public required string DescriptionEn { get; init; }
    public required string Emoji { get; init; }

    /// <summary>−1 (negative) … +1 (positive).</summary>
    public required double Valence { get; init; }

    /// <summary>−1 (calm) … +1 (excited).</summary>
    public required double Arousal { get; init; }

    /// <summary>True when the names were set by an operator (<c>theme rename</c>), directly or carried over.</summary>
    public bool RenamedByOperator { get; init; }
}
