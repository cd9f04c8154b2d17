namespace TuneBot.Bot.Handlers;

/// <summary>A transport-neutral inline button: Telegram renders it as an inline keyboard button, the console as a numbered choice.</summary>
/// <param name="Label">What the user sees.</param>
/// <param name="Data">Callback data, at most <see cref="CallbackData.MaxBytes"/> bytes of UTF-8.</param>
public sealed record ChatButton(string Label, string Data);
