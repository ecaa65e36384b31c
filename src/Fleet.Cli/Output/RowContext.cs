using Fleet.Client.Contracts;

namespace Fleet.Cli.Output;

/// <summary>What a cell renderer may use besides its row.</summary>
/// <param name="Full">The <c>--full</c> flag.</param>
/// <param name="Machines">Machines by ID (empty unless a field needs them).</param>
internal sealed record RowContext(bool Full, IReadOnlyDictionary<string, Machine> Machines)
{
    /// <summary>The machine legend of <paramref name="machineId"/> (<c>-</c> when empty).</summary>
    public string Legend(string? machineId) => string.IsNullOrEmpty(machineId)
        ? "-"
        : MachineLegend.Full(machineId, Machines.GetValueOrDefault(machineId)?.PrimaryIp, Full);

    /// <summary>fleetctl's empty-value rule.</summary>
    public static string OrDash(string? value) => string.IsNullOrEmpty(value) ? "-" : value;
}
