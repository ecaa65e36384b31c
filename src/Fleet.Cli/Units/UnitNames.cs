namespace Fleet.Cli.Units;

/// <summary>fleetctl's unit name handling for command arguments.</summary>
internal static class UnitNames
{
    private static readonly string[] KnownSuffixes = [".service", ".socket", ".timer", ".path", ".device", ".mount", ".automount"];

    /// <summary>Appends <c>.service</c> unless the argument already ends in a unit type fleetctl knows
    /// (<c>maybeAppendDefaultUnitType</c>); the result is still a path.</summary>
    public static string WithDefaultType(string argument) =>
        KnownSuffixes.Any(s => argument.EndsWith(s, StringComparison.Ordinal)) ? argument : argument + ".service";

    /// <summary>The unit name an argument stands for: base name of the path, with <c>.service</c> appended
    /// when needed (<c>unitNameMangle</c>).</summary>
    public static string Mangle(string argument)
    {
        var withType = WithDefaultType(argument);
        var slash = withType.LastIndexOf('/');
        return slash < 0 ? withType : withType[(slash + 1)..];
    }
}
