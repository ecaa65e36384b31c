using Fleet.Cli.Output;
using Fleet.Client.Contracts;

namespace Fleet.Cli.Commands;

/// <summary>The columns of <c>list-units</c> (one row per unit state).</summary>
internal static class ListUnitsFields
{
    public const string Default = "unit,machine,active,sub";

    public static IReadOnlyList<Field<UnitState>> All { get; } =
    [
        new("active", (s, _) => RowContext.OrDash(s.SystemdActiveState)),
        new("hash", (s, r) => string.IsNullOrEmpty(s.Hash) ? "-" : r.Full || s.Hash.Length < 7 ? s.Hash : s.Hash[..7]),
        new("load", (s, _) => RowContext.OrDash(s.SystemdLoadState)),
        new("machine", (s, r) => r.Legend(s.MachineId), NeedsMachines: true),
        new("sub", (s, _) => RowContext.OrDash(s.SystemdSubState)),
        new("unit", (s, _) => RowContext.OrDash(s.Name)),
    ];

    public static string Description => $"Columns to print for each Unit. Valid fields are \"{string.Join(',', All.Select(f => f.Name))}\"";
}
