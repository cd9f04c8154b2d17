namespace TuneBot.Bot.Handlers;

/// <summary>Configuration section "Bot": behaviour shared by the Telegram and console transports.</summary>
public sealed class BotOptions
{
    public const string Section = "Bot";

    /// <summary>Below this classifier confidence the bot asks the user to pick a mood instead of guessing.</summary>
    public double EmotionConfidenceThreshold { get; set; } = 0.45;
    /// <summary>A plain message whose best title/artist match scores at least this is treated as naming that track.</summary>
    public double TrackNameMatchScore { get; set; } = 0.9;
    /// <summary>Candidates offered by /similar when several fit.</summary>
    public int SimilarChoices { get; set; } = 5;
}
