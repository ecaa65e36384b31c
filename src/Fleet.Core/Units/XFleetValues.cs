using System.Text;

namespace Fleet.Core.Units;

/// <summary>The values of a unit's <c>[X-Fleet]</c> options, grouped by key, as fleet reads them: quoted
/// multi-values split (<c>unit.parseMultivalueLine</c>) and specifiers expanded (<c>job.unitPrintf</c>).</summary>
internal sealed class XFleetValues
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    private XFleetValues()
    {
    }

    /// <summary>Keys in order of first appearance.</summary>
    public List<string> Keys { get; } = [];

    /// <summary>Reads the <c>[X-Fleet]</c> options of <paramref name="file"/>; specifiers come from
    /// <paramref name="name"/>.</summary>
    public static XFleetValues Read(UnitName name, UnitFile file)
    {
        var result = new XFleetValues();
        foreach (var option in file.Options)
        {
            if (!string.Equals(option.Section, XFleetKeys.Section, StringComparison.Ordinal))
            {
                continue;
            }

            if (!result._values.TryGetValue(option.Name, out var list))
            {
                result._values[option.Name] = list = [];
                result.Keys.Add(option.Name);
            }

            foreach (var value in SplitMultiValue(option.Value))
            {
                list.Add(ExpandSpecifiers(value, name));
            }
        }

        return result;
    }

    /// <summary>All values of the given keys, key by key, in file order.</summary>
    public IEnumerable<string> Of(params string[] keys) =>
        keys.SelectMany(k => _values.TryGetValue(k, out var list) ? list : []);

    /// <summary>fleet's <c>parseMultivalueLine</c>: a value that starts and ends with <c>"</c> is split on
    /// spaces outside quotes and its quotes removed; any other value is returned as it is.</summary>
    public static IEnumerable<string> SplitMultiValue(string value)
    {
        if (!value.StartsWith('"') || !value.EndsWith('"'))
        {
            return [value];
        }

        var values = new List<string>();
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
                values.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        values.Add(current.ToString());
        return values;
    }

    /// <summary>fleet's <c>unitPrintf</c>: <c>%n</c> full name, <c>%N</c> name without type, <c>%p</c> prefix,
    /// <c>%i</c> instance, replaced one after the other.</summary>
    public static string ExpandSpecifiers(string value, UnitName name) => !value.Contains('%', StringComparison.Ordinal)
        ? value
        : value.Replace("%n", name.Value, StringComparison.Ordinal)
            .Replace("%N", name.NameWithoutType, StringComparison.Ordinal)
            .Replace("%p", name.Prefix, StringComparison.Ordinal)
            .Replace("%i", name.Instance, StringComparison.Ordinal);
}
