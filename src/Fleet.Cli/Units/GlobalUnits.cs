using Fleet.Client.Contracts;

namespace Fleet.Cli.Units;

/// <summary>Whether a unit is global: the last <c>[X-Fleet] Global=</c> value is truthy
/// (<c>true</c>, <c>yes</c>, <c>1</c>, <c>on</c>, <c>t</c>, any case), as fleet's <c>job.IsGlobal</c>.</summary>
internal static class GlobalUnits
{
    public static bool IsGlobal(Unit unit) => IsGlobal(unit.Options);

    public static bool IsGlobal(IReadOnlyList<UnitOption>? options)
    {
        var values = (options ?? [])
            .Where(o => o.Section == "X-Fleet" && o.Name == "Global")
            .SelectMany(o => SplitQuoted(o.Value))
            .ToList();
        return values.Count > 0 && values[^1].ToLowerInvariant() is "true" or "yes" or "1" or "on" or "t";
    }

    // A value that starts and ends with '"' holds several space-separated values (reference §3.2).
    private static List<string> SplitQuoted(string value)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
        {
            return [value];
        }

        var values = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in value)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ' ' && !quoted)
            {
                Flush();
            }
            else
            {
                current.Append(c);
            }
        }

        Flush();
        return values;

        void Flush()
        {
            if (current.Length > 0)
            {
                values.Add(current.ToString());
                current.Clear();
            }
        }
    }
}
