using System.Collections.Immutable;
using System.Text;
using Fleet.Core.Units;

namespace Fleet.Api.Validation;

/// <summary>fleet's submit-time checks (<c>api.ValidateOptions</c>, reference §3.2), every problem reported:
/// the go-systemd round trip (line length, malformed names), peer/conflict/replace clashes and the
/// forbidden requirement combinations. Also parses the requirements stored with the unit record.</summary>
internal sealed class FleetUnitValidator : IUnitValidator
{
    /// <summary>go-systemd's <c>SYSTEMD_LINE_MAX</c>: a line (with its newline) may not be longer.</summary>
    public const int LineMax = 2048;

    private static readonly string[] TruthyGlobal = ["true", "yes", "1", "on", "t"];

    /// <inheritdoc />
    public UnitValidationResult Validate(UnitName name, UnitFile file)
    {
        var errors = new List<string>();
        CheckRoundTrip(file, errors);
        var requirements = Parse(name, file);
        CheckCombinations(requirements, errors);
        return new UnitValidationResult(requirements, errors);
    }

    private static void CheckRoundTrip(UnitFile file, List<string> errors)
    {
        for (var i = 0; i < file.Options.Length; i++)
        {
            var option = file.Options[i];
            var where = $"option {i + 1} ([{option.Section}] {option.Name})";
            if (option.Section.Length == 0 || option.Section.AsSpan().IndexOfAny("[]\n") >= 0)
            {
                errors.Add($"{where}: invalid section name {Errors.FleetMessages.GoQuote(option.Section)}");
            }

            if (option.Name.Length == 0 || option.Name.AsSpan().IndexOfAny("=\n") >= 0 || option.Name.Trim() != option.Name)
            {
                errors.Add($"{where}: invalid option name {Errors.FleetMessages.GoQuote(option.Name)}");
            }

            var longest = $"{option.Name}={option.Value}".Split('\n').Max(l => Encoding.UTF8.GetByteCount(l) + 1);
            if (longest > LineMax)
            {
                errors.Add($"{where}: line too long (max {LineMax} bytes)");
            }
        }
    }

    private static UnitRequirements Parse(UnitName name, UnitFile file)
    {
        var metadata = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in XFleetValues.Read(file, name, "MachineMetadata", "X-ConditionMachineMetadata"))
        {
            var parts = pair.Split('=');
            if (parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0)
            {
                (metadata.TryGetValue(parts[0], out var list) ? list : metadata[parts[0]] = []).Add(parts[1]);
            }
        }

        var global = XFleetValues.Read(file, name, "Global");
        return new UnitRequirements
        {
            MachineId = XFleetValues.Read(file, name, "MachineID").Concat(XFleetValues.Read(file, name, "X-ConditionMachineID"))
                .Concat(XFleetValues.Read(file, name, "X-ConditionMachineBootID")).FirstOrDefault(),
            MachineOf = [.. XFleetValues.Read(file, name, "MachineOf", "X-ConditionMachineOf")],
            Conflicts = [.. XFleetValues.Read(file, name, "Conflicts", "X-Conflicts")
                .SelectMany(v => v.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))],
            Replaces = [.. XFleetValues.Read(file, name, "Replaces")],
            Global = global.Count > 0 && TruthyGlobal.Contains(global[^1].ToLowerInvariant(), StringComparer.Ordinal),
            MachineMetadata = metadata.ToImmutableSortedDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray(), StringComparer.Ordinal),
        };
    }

    private static void CheckCombinations(UnitRequirements r, List<string> errors)
    {
        foreach (var peer in r.MachineOf.Distinct(StringComparer.Ordinal))
        {
            errors.AddRange(r.Conflicts.Distinct(StringComparer.Ordinal).Where(c => GoGlob.IsMatch(c, peer))
                .Select(c => $"unresolvable requirements: peer \"{peer}\" matches conflict \"{c}\""));
            errors.AddRange(r.Replaces.Distinct(StringComparer.Ordinal).Where(c => GoGlob.IsMatch(c, peer))
                .Select(c => $"unresolvable requirements: peer \"{peer}\" matches replace \"{c}\""));
        }

        var hasTarget = !string.IsNullOrEmpty(r.MachineId);
        var hasPeers = r.MachineOf.Length > 0;
        var hasConflicts = r.Conflicts.Length > 0;
        var hasReplaces = r.Replaces.Length > 0;
        Add(hasTarget && hasPeers, "MachineID cannot be used with Peers");
        Add(hasTarget && hasConflicts, "MachineID cannot be used with Conflicts");
        Add(hasTarget && r.Global, "MachineID cannot be used with Global");
        Add(hasTarget && hasReplaces, "MachineID cannot be used with Replaces");
        Add(r.Global && hasPeers, "Global cannot be used with Peers");
        Add(r.Global && hasReplaces, "Global cannot be used with Replaces");
        Add(hasConflicts && hasReplaces, "Conflicts cannot be used with Replaces");

        void Add(bool broken, string message)
        {
            if (broken)
            {
                errors.Add(message);
            }
        }
    }
}
