using System.Collections.Immutable;

namespace Fleet.Core.Units;

/// <summary>Reads a unit's <c>[X-Fleet]</c> requirements as fleet does (<c>job/job.go</c>, reference §3.2) and
/// checks the combinations fleet refuses at submit (<c>api.ValidateOptions</c>), reporting all problems.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>Values that start and end with <c>"</c> are split on spaces outside quotes; repeated keys
/// accumulate; <c>%n %N %p %i</c> are expanded from the unit's name.</item>
/// <item><c>MachineID</c> &gt; <c>X-ConditionMachineID</c> &gt; <c>X-ConditionMachineBootID</c>, first value.</item>
/// <item><c>MachineOf</c>, <c>Conflicts</c> (also split on whitespace) and <c>Replaces</c> take their deprecated
/// forms' values first, duplicates dropped.</item>
/// <item><c>MachineMetadata</c>: <c>key=value</c> with exactly two non-empty parts, others ignored with a
/// warning; values for one key are OR-ed.</item>
/// <item><c>Global</c>: the last value; true for <c>true yes 1 on t</c> in any case.</item>
/// </list>
/// Beyond fleet: an empty <c>MachineID</c>, <c>MachineOf</c> or <c>Replaces</c> value (often an expanded
/// <c>%i</c> of a non-instance) is ignored with a warning; fleet kept it and the unit could never be scheduled.
/// </remarks>
public static class UnitRequirementsParser
{
    private static readonly string[] Truthy = ["true", "yes", "1", "on", "t"];
    private static readonly string[] Falsy = ["false", "no", "0", "off", "f"];

    /// <summary>Reads the requirements of <paramref name="file"/> submitted as <paramref name="name"/>.</summary>
    public static UnitRequirementsParseResult Parse(UnitName name, UnitFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var values = XFleetValues.Read(name, file);
        var warnings = new List<string>();
        foreach (var key in values.Keys.Where(k => !XFleetKeys.All.Contains(k)))
        {
            warnings.Add($"unrecognized requirement in [X-Fleet] section: {GoQuote.String(key)}");
        }

        var requirements = new UnitRequirements
        {
            MachineId = ReadMachineId(values, warnings),
            MachineOf = NonEmpty(values.Of(XFleetKeys.XConditionMachineOf, XFleetKeys.MachineOf), XFleetKeys.MachineOf, warnings),
            Conflicts = [.. values.Of(XFleetKeys.XConflicts, XFleetKeys.Conflicts)
                .SelectMany(v => v.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal)],
            Replaces = NonEmpty(values.Of(XFleetKeys.Replaces), XFleetKeys.Replaces, warnings),
            MachineMetadata = ReadMetadata(values, warnings),
            Global = ReadGlobal(values, warnings),
        };

        return new UnitRequirementsParseResult(requirements, UnitRequirementsRules.Check(requirements), warnings);
    }

    private static string? ReadMachineId(XFleetValues values, List<string> warnings)
    {
        foreach (var key in new[] { XFleetKeys.MachineId, XFleetKeys.XConditionMachineId, XFleetKeys.XConditionMachineBootId })
        {
            var ids = NonEmpty(values.Of(key), key, warnings);
            if (ids.Length > 1)
            {
                warnings.Add($"{key} has {ids.Length} values in [X-Fleet] section; only the first ({GoQuote.String(ids[0])}) is used");
            }

            if (ids.Length > 0)
            {
                return ids[0];
            }
        }

        return null;
    }

    private static ImmutableSortedDictionary<string, ImmutableArray<string>> ReadMetadata(XFleetValues values, List<string> warnings)
    {
        var metadata = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in values.Of(XFleetKeys.XConditionMachineMetadata, XFleetKeys.MachineMetadata))
        {
            var parts = pair.Split('=');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                warnings.Add($"ignoring MachineMetadata value {GoQuote.String(pair)} in [X-Fleet] section: expected key=value");
                continue;
            }

            if (!metadata.TryGetValue(parts[0], out var allowed))
            {
                metadata[parts[0]] = allowed = [];
            }

            if (!allowed.Contains(parts[1], StringComparer.Ordinal))
            {
                allowed.Add(parts[1]);
            }
        }

        return metadata.ToImmutableSortedDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray(), StringComparer.Ordinal);
    }

    private static bool ReadGlobal(XFleetValues values, List<string> warnings)
    {
        var last = values.Of(XFleetKeys.Global).LastOrDefault();
        if (last is null)
        {
            return false;
        }

        if (Truthy.Contains(last, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!Falsy.Contains(last, StringComparer.OrdinalIgnoreCase))
        {
            warnings.Add($"Global value {GoQuote.String(last)} in [X-Fleet] section is not true, yes, 1, on or t; the unit is not global");
        }

        return false;
    }

    private static ImmutableArray<string> NonEmpty(IEnumerable<string> values, string key, List<string> warnings)
    {
        var result = ImmutableArray.CreateBuilder<string>();
        var warned = false;
        foreach (var value in values)
        {
            if (value.Length == 0)
            {
                if (!warned)
                {
                    warnings.Add($"ignoring empty {key} value in [X-Fleet] section");
                    warned = true;
                }
            }
            else if (!result.Contains(value, StringComparer.Ordinal))
            {
                result.Add(value);
            }
        }

        return result.ToImmutable();
    }
}
