namespace Fleet.Core.Units;

/// <summary>The requirement combinations fleet refuses at submit (<c>api.ValidateOptions</c>), with its
/// messages; unlike fleet, every broken rule is reported, not only the first.</summary>
internal static class UnitRequirementsRules
{
    /// <summary>Every problem of <paramref name="requirements"/>, in fleet's order.</summary>
    public static List<string> Check(UnitRequirements requirements)
    {
        var errors = new List<string>();
        foreach (var peer in requirements.MachineOf)
        {
            foreach (var conflict in requirements.Conflicts.Where(c => UnitNameGlob.IsMatch(c, peer)))
            {
                errors.Add($"unresolvable requirements: peer {GoQuote.String(peer)} matches conflict {GoQuote.String(conflict)}");
            }
        }

        foreach (var peer in requirements.MachineOf)
        {
            foreach (var replace in requirements.Replaces.Where(r => UnitNameGlob.IsMatch(r, peer)))
            {
                errors.Add($"unresolvable requirements: peer {GoQuote.String(peer)} matches replace {GoQuote.String(replace)}");
            }
        }

        var target = requirements.MachineId is not null;
        var peers = requirements.MachineOf.Length > 0;
        var conflicts = requirements.Conflicts.Length > 0;
        var replaces = requirements.Replaces.Length > 0;
        var global = requirements.Global;
        AddIf(errors, target && peers, "MachineID cannot be used with Peers");
        AddIf(errors, target && conflicts, "MachineID cannot be used with Conflicts");
        AddIf(errors, target && global, "MachineID cannot be used with Global");
        AddIf(errors, target && replaces, "MachineID cannot be used with Replaces");
        AddIf(errors, global && peers, "Global cannot be used with Peers");
        AddIf(errors, global && replaces, "Global cannot be used with Replaces");
        AddIf(errors, conflicts && replaces, "Conflicts cannot be used with Replaces");
        return errors;
    }

    private static void AddIf(List<string> errors, bool broken, string message)
    {
        if (broken)
        {
            errors.Add(message);
        }
    }
}
