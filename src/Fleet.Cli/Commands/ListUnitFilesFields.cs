using Fleet.Cli.Output;
using Fleet.Cli.Units;
using Fleet.Client.Contracts;

namespace Fleet.Cli.Commands;

/// <summary>The columns of <c>list-unit-files</c> (one row per unit).</summary>
internal static class ListUnitFilesFields
{
    public const string Default = "unit,hash,dstate,state,target";

    public static IReadOnlyList<Field<Unit>> All { get; } =
    [
        new("desc", (u, _) => RowContext.OrDash(UnitOptionsMapper.ToUnitFile(u.Options).Description)),
        new("dstate", (u, _) => RowContext.OrDash(u.DesiredState)),
        new("global", (u, _) => GlobalUnits.IsGlobal(u) ? "true" : "false"),
        new("hash", (u, r) => Hash(u, r.Full)),
        new("state", (u, _) => GlobalUnits.IsGlobal(u) ? "-" : RowContext.OrDash(u.CurrentState)),
        new("target", Target, NeedsMachines: true),
        new("tmachine", Target, NeedsMachines: true, Warning: "WARNING: The \"tmachine\" field is deprecated. Use \"target\" instead"),
        new("unit", (u, _) => u.Name),
    ];

    public static string Description => $"Columns to print for each Unit file. Valid fields are \"{string.Join(',', All.Select(f => f.Name))}\"";

    private static string Hash(Unit unit, bool full)
    {
        var hash = UnitOptionsMapper.ToUnitFile(unit.Options).Hash;
        return full ? hash.Hex : hash.ShortHex;
    }

    private static string Target(Unit unit, RowContext row) => GlobalUnits.IsGlobal(unit) ? "global" : row.Legend(unit.MachineId);
}
