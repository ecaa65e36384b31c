using System.Globalization;

namespace Fleet.Daemon.Configuration;

/// <summary>Durations in the forms fleet accepts: Go durations (<c>30s</c>, <c>1m30s</c>, <c>300ms</c>,
/// <c>1.5h</c>) and bare numbers of seconds (<c>2</c>, <c>0.5</c>).</summary>
internal static class GoDuration
{
    /// <summary>Parses a duration.</summary>
    /// <returns><see langword="false"/> when the text is neither form, or negative.</returns>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        text = text.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            duration = TimeSpan.FromSeconds(seconds);
            return seconds >= 0 && double.IsFinite(seconds);
        }

        var total = 0.0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.')
            {
                i++;
            }

            var factor = UnitInSeconds(text[unitStart..i]);
            if (factor is null)
            {
                return false;
            }

            total += number * factor.Value;
        }

        duration = TimeSpan.FromSeconds(total);
        return true;
    }

    private static double? UnitInSeconds(string unit) => unit switch
    {
        "ns" => 1e-9,
        "us" or "µs" => 1e-6,
        "ms" => 1e-3,
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        _ => null,
    };
}
