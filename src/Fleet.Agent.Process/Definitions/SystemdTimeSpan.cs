using System.Globalization;

namespace Fleet.Agent.Process.Definitions;

/// <summary>Parses systemd time spans (<c>systemd.time(7)</c>): <c>90</c>, <c>5s</c>, <c>100ms</c>,
/// <c>1min 30s</c>, <c>2h30min</c>, <c>infinity</c>. A bare number means seconds.</summary>
internal static class SystemdTimeSpan
{
    private static readonly (string Suffix, double Seconds)[] Units =
    [
        ("usec", 1e-6), ("us", 1e-6), ("µs", 1e-6),
        ("msec", 1e-3), ("ms", 1e-3),
        ("seconds", 1), ("second", 1), ("sec", 1), ("s", 1),
        ("minutes", 60), ("minute", 60), ("min", 60), ("m", 60),
        ("hours", 3600), ("hour", 3600), ("hr", 3600), ("h", 3600),
        ("days", 86400), ("day", 86400), ("d", 86400),
        ("weeks", 604800), ("week", 604800), ("w", 604800),
        ("months", 2629800), ("month", 2629800), ("M", 2629800),
        ("years", 31557600), ("year", 31557600), ("y", 31557600),
    ];

    /// <summary>Parses <paramref name="text"/>; <see cref="Timeout.InfiniteTimeSpan"/> for <c>infinity</c>.</summary>
    public static bool TryParse(string text, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        error = null;
        var s = text.Trim();
        if (s.Length == 0)
        {
            error = "empty time span";
            return false;
        }

        if (s == "infinity")
        {
            value = Timeout.InfiniteTimeSpan;
            return true;
        }

        double total = 0;
        var i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i]))
            {
                i++;
            }

            if (i >= s.Length)
            {
                break;
            }

            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(s[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                error = $"'{text}' is not a time span (expected e.g. 90, 5s, 100ms, 1min 30s, infinity)";
                return false;
            }

            while (i < s.Length && char.IsWhiteSpace(s[i]))
            {
                i++;
            }

            var unitStart = i;
            while (i < s.Length && char.IsLetter(s[i]))
            {
                i++;
            }

            var unit = s[unitStart..i];
            double factor = 1;
            if (unit.Length > 0)
            {
                var match = Array.FindIndex(Units, u => u.Suffix == unit);
                if (match < 0)
                {
                    error = $"'{text}' has an unknown time unit '{unit}'";
                    return false;
                }

                factor = Units[match].Seconds;
            }

            total += number * factor;
        }

        value = TimeSpan.FromSeconds(total);
        return true;
    }

    /// <summary>Formats like systemd does in status output (<c>1min 30s</c>, <c>100ms</c>).</summary>
    public static string Format(TimeSpan span)
    {
        if (span == Timeout.InfiniteTimeSpan)
        {
            return "infinity";
        }

        if (span < TimeSpan.FromSeconds(1))
        {
            return $"{(int)span.TotalMilliseconds}ms";
        }

        var parts = new List<string>();
        if (span.Days > 0)
        {
            parts.Add($"{span.Days}d");
        }

        if (span.Hours > 0)
        {
            parts.Add($"{span.Hours}h");
        }

        if (span.Minutes > 0)
        {
            parts.Add($"{span.Minutes}min");
        }

        if (span.Seconds > 0 || span.Milliseconds > 0)
        {
            parts.Add(span.Milliseconds > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{span.Seconds}.{span.Milliseconds:D3}s")
                : $"{span.Seconds}s");
        }

        return string.Join(' ', parts);
    }
}
