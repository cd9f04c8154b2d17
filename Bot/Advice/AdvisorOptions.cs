namespace TuneBot.Bot.Advice;

/// <summary>Configuration section "Advice": sizes of what the catalog advisor returns.</summary>
public sealed class AdvisorOptions
{
    public const string Section = "Advice";

    /// <summary>Tracks per playlist (the bot shows at most 10).</summary>
    public int PlaylistLength { get; set; } = 10;

    /// <summary>Themes a mood playlist draws from (MoodMapping steps).</summary>
    public int MoodThemes { get; set; } = 3;

    /// <summary>Length of a preview in seconds.</summary>
    public int PreviewSeconds { get; set; } = 30;

    /// <summary>Pages of a clip's ranking searched at once, so "More like this" can continue without a new search.</summary>
    public int RememberedPages { get; set; } = 3;

    /// <summary>Recent clips remembered (ranking only, never audio) for "More like this" and the map.</summary>
    public int RememberedClips { get; set; } = 512;
}
