using TuneBot.Bot.Handlers;

namespace TuneBot.Bot.Console;

/// <summary>
/// Every button printed so far, numbered uniquely across the session: like Telegram, where the buttons of an
/// earlier message stay pressable, "[2]" of the previous reply still works after "[1]" was pressed. Only the
/// newest <see cref="Capacity"/> buttons are remembered, so a long session does not grow without end.
/// </summary>
public sealed class ConsoleKeyboard(int capacity = ConsoleKeyboard.DefaultCapacity)
{
    public const int DefaultCapacity = 1000;
    private readonly Dictionary<int, ChatButton> _byNumber = [];
    private int _last;

    public int Capacity => capacity;

    /// <summary>Numbers the rows' buttons after every button shown before.</summary>
    public IReadOnlyList<IReadOnlyList<(int Number, ChatButton Button)>> Show(IReadOnlyList<IReadOnlyList<ChatButton>> rows)
    {
        var numbered = new List<IReadOnlyList<(int, ChatButton)>>();
        foreach (var row in rows)
        {
            var r = new List<(int, ChatButton)>();
            foreach (var b in row)
            {
                _byNumber[++_last] = b;
                _byNumber.Remove(_last - capacity);
                r.Add((_last, b));
            }
            numbered.Add(r);
        }
        return numbered;
    }

    /// <summary>
    /// The button the user means by typing its number, or its label (case-insensitive; the newest button with
    /// that label wins), if any.
    /// </summary>
    public ChatButton? Find(string input)
    {
        var s = input.Trim().TrimStart('[').TrimEnd(']').Trim();
        if (int.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n))
            return _byNumber.GetValueOrDefault(n);
        for (var i = _last; i > _last - capacity && i > 0; i--)
            if (_byNumber.TryGetValue(i, out var b) && string.Equals(b.Label.Trim(), s, StringComparison.OrdinalIgnoreCase))
                return b;
        return null;
    }
}
