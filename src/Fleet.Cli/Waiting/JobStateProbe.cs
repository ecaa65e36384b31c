using Fleet.Cli.Hosting;
using Fleet.Cli.Units;
using Fleet.Client.Contracts;

namespace Fleet.Cli.Waiting;

/// <summary>Waits for fleet job states (<c>inactive</c>, <c>loaded</c>, <c>launched</c>): the current state,
/// or the desired state for global units, which have none (fleetctl's <c>assertUnitState</c>).</summary>
internal sealed class JobStateProbe(CliContext context, string state) : IUnitProbe
{
    /// <summary>Above this many pending units one list request replaces per-unit requests.</summary>
    private const int ListThreshold = 10;

    public string Goal => state;

    public string TimeoutMessage(string unit) => $"timed out waiting for unit {unit} to report state {state}";

    public async Task<IReadOnlyDictionary<string, string>> ProbeAsync(IReadOnlyList<string> pending, CancellationToken cancellationToken)
    {
        var units = await FetchAsync(pending, cancellationToken);
        var arrived = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var unit in units)
        {
            var reported = GlobalUnits.IsGlobal(unit) ? unit.DesiredState : unit.CurrentState;
            if (reported != state)
            {
                continue;
            }

            var line = $"Unit {unit.Name} {reported}";
            if (!string.IsNullOrEmpty(unit.MachineId) && await context.FindMachineAsync(unit.MachineId, cancellationToken) is { } machine)
            {
                line += " on " + Output.MachineLegend.Full(machine.Id, machine.PrimaryIp, full: false);
            }

            arrived[unit.Name] = line;
        }

        return arrived;
    }

    private async Task<IReadOnlyList<Unit>> FetchAsync(IReadOnlyList<string> pending, CancellationToken cancellationToken)
    {
        try
        {
            if (pending.Count > ListThreshold)
            {
                var wanted = pending.ToHashSet(StringComparer.Ordinal);
                return [.. (await context.Client.ListUnitsAsync(cancellationToken)).Where(u => wanted.Contains(u.Name))];
            }

            var found = new List<Unit>();
            foreach (var name in pending)
            {
                if (await context.Client.GetUnitAsync(name, cancellationToken) is { } unit)
                {
                    found.Add(unit);
                }
                else
                {
                    context.Debug($"Unit {name} not found");
                }
            }

            return found;
        }
        catch (Exception ex) when (Commands.ApiFailure.Is(ex))
        {
            context.Debug($"Error retrieving units from Registry: {ex.Message}");
            return [];
        }
    }
}
