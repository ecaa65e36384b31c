using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Registry;
using Microsoft.AspNetCore.Http;

namespace Fleet.Daemon.Api;

/// <summary>Finds the machine that runs a unit, from the schedule (where the engine put it) and, for a unit
/// that is no longer scheduled but still reports a state, the unit states.</summary>
/// <remarks>Contract: <see cref="UnitOwner.Local"/> when this machine is among the candidates; one remote
/// machine with a published API endpoint otherwise; a failure naming the unit and machine when the unit does
/// not exist (404), runs nowhere (404), runs on several other machines (409, global units), or its machine
/// is not registered, publishes no API endpoint or publishes this machine's own endpoint, e.g. both a
/// loopback address (502).</remarks>
internal sealed class UnitOwnerResolver(IUnitStore units, IScheduleStore schedule, IUnitStateStore states, IMachineStore machines, ILocalMachine local)
{
    /// <summary>Resolves the owner of <paramref name="unit"/>.</summary>
    public async ValueTask<UnitOwner> ResolveAsync(UnitName unit, CancellationToken cancellationToken)
    {
        var self = local.Current.Id;
        if (await units.GetAsync(unit, cancellationToken) is null)
        {
            return UnitOwner.Failure(StatusCodes.Status404NotFound, "unit does not exist");
        }

        var candidates = (await schedule.ListUnitAsync(unit, cancellationToken)).Select(e => e.Machine).Distinct().ToList();
        if (candidates.Count == 0)
        {
            candidates = [.. (await states.ListUnitAsync(unit, cancellationToken)).Select(s => s.Machine).Distinct()];
        }

        if (candidates.Contains(self))
        {
            return UnitOwner.Local;
        }

        if (candidates.Count == 0)
        {
            return UnitOwner.Failure(StatusCodes.Status404NotFound, $"unit {unit} is not scheduled to any machine");
        }

        if (candidates.Count > 1)
        {
            return UnitOwner.Failure(StatusCodes.Status409Conflict,
                $"unit {unit} runs on several machines ({string.Join(", ", candidates.Order())}); ask the API of one of them");
        }

        var target = candidates[0];
        var machine = (await machines.ListAsync(cancellationToken)).Items.FirstOrDefault(m => m.Id == target);
        if (machine is null)
        {
            return UnitOwner.Failure(StatusCodes.Status502BadGateway,
                $"machine {target} running unit {unit} is not registered in the cluster (it may be down)");
        }

        if (machine.ApiEndpoint.Length == 0)
        {
            return UnitOwner.Failure(StatusCodes.Status502BadGateway,
                $"machine {target} running unit {unit} publishes no API endpoint (its api_listen has no http:// address)");
        }

        if (string.Equals(machine.ApiEndpoint, local.Current.ApiEndpoint, StringComparison.OrdinalIgnoreCase))
        {
            // Both publish the same (typically loopback) address: forwarding would only reach this machine again.
            return UnitOwner.Failure(StatusCodes.Status502BadGateway,
                $"machine {target} running unit {unit} publishes the API endpoint {machine.ApiEndpoint}, which is this machine's own; " +
                "give api_listen an address other machines can reach");
        }

        return UnitOwner.At(machine);
    }
}
