namespace TuneBot.Bot.Handlers;

/// <summary>Configuration section "Bot": behaviour shared by the Telegram and console transports.</summary>
public sealed class BotOptions
{
    public const string Section = "Bot";

    /// <summary>A plain message whose best title/artist match scores at least this is treated as naming that track.</summary>
    public double TrackNameMatchScore { get; set; } = 0.9;
    /// <summary>Candidates offered by /similar when several fit.</summary>
    public int SimilarChoices { get; set; } = 5;
    /// <summary>
    /// Bot instances sharing this token and catalog database. Above 1 the database must be postgres or mysql (checked
    /// at start), and each instance sends at most its share of Telegram:GlobalMessagesPerSecond.
    /// </summary>
    public int Instances { get; set; } = 1;
    /// <summary>Folder for clips under analysis, emptied at start-up; empty: "tunebot-clips" under the system temp folder.</summary>
    public string? ClipFolder { get; set; }
}
