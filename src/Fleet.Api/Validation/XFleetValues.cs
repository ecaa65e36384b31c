using System.Text;
using Fleet.Core.Units;

namespace Fleet.Api.Validation;

/// <summary>Reads <c>[X-Fleet]</c> values as fleet does: a value both starting and ending with <c>"</c> is
/// split on spaces outside quotes (quotes removed), and <c>%n %N %p %i</c> expand from the unit's name.</summary>
internal static class XFleetValues
{
    /// <summary>The section fleet reads requirements from.</summary>
    public const string Section = "X-Fleet";

    /// <summary>Every value of the given keys, in file order, split and expanded.</summary>
    public static List<string> Read(UnitFile file, UnitName name, params string[] keys)
    {
        var values = new List<string>();
        foreach (var option in file.Options)
        {
            if (option.Section == Section && keys.Contains(option.Name, StringComparer.Ordinal))
            {
                values.AddRange(Split(option.Value).Select(v => Expand(v, name)));
            }
        }

        return values;
    }

    private static List<string> Split(string value)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
        {
            return [value];
        }

        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in value)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ' ' && !quoted)
            {
                if (current.Length > 0)
                {
                    parts.Add(current.ToString());
                    current.Clear();
                }
            }
            else
            {
                current.Append(c);
            }
        }

        if (current.Length > 0)
        {
            parts.Add(current.ToString());
        }

        return parts;
    }

    private static string Expand(string value, UnitName name) =>
        value.Contains('%', StringComparison.Ordinal)
            ? value.Replace("%n", name.Value, StringComparison.Ordinal)
                .Replace("%N", name.NameWithoutType, StringComparison.Ordinal)
                .Replace("%p", name.Prefix, StringComparison.Ordinal)
                .Replace("%i", name.Instance, StringComparison.Ordinal)
            : value;
}
