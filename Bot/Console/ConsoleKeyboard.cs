using TuneBot.Bot.Handlers;

namespace TuneBot.Bot.Console;

/// <summary>The buttons currently on screen, numbered from 1 across all shown messages of the latest reply.</summary>
public sealed class ConsoleKeyboard
{
    private readonly List<ChatButton> _buttons = [];

    /// <summary>Forgets the previous buttons (called when the user sends something new).</summary>
    public void Clear() => _buttons.Clear();

    /// <summary>Numbers the rows' buttons, continuing after buttons already shown for the same input.</summary>
    public IReadOnlyList<IReadOnlyList<(int Number, ChatButton Button)>> Show(IReadOnlyList<IReadOnlyList<ChatButton>> rows)
    {
        var numbered = new List<IReadOnlyList<(int, ChatButton)>>();
        foreach (var row in rows)
        {
            var r = new List<(int, ChatButton)>();
            foreach (var b in row)
            {
                _buttons.Add(b);
                r.Add((_buttons.Count, b));
            }
            numbered.Add(r);
        }
        return numbered;
    }

    /// <summary>The button the user means by typing its number or its label (case-insensitive), if any.</summary>
    public ChatButton? Find(string input)
    {
        var s = input.Trim().TrimStart('[').TrimEnd(']');
        if (int.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n >= 1 && n <= _buttons.Count)
            return _buttons[n - 1];
        return _buttons.FirstOrDefault(b => string.Equals(b.Label.Trim(), s, StringComparison.OrdinalIgnoreCase));
    }
}
