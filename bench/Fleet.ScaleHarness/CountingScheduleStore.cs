using System.Runtime.CompilerServices;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Registry;

namespace Fleet.ScaleHarness;

/// <summary>Passes an agent's schedule calls through to the real store, counting what its schedule watch
/// delivers: a wake-up per batch handed to the agent, and the entries changed in it.</summary>
internal sealed class CountingScheduleStore(IScheduleStore inner, WakeCounters counters) : IScheduleStore
{
    public ValueTask<Snapshot<ScheduleEntry>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public ValueTask<Snapshot<ScheduleEntry>> ListMachineAsync(MachineId machine, CancellationToken cancellationToken) =>
        inner.ListMachineAsync(machine, cancellationToken);

    public ValueTask<IReadOnlyList<ScheduleEntry>> ListUnitAsync(UnitName unit, CancellationToken cancellationToken) =>
        inner.ListUnitAsync(unit, cancellationToken);

    public async IAsyncEnumerable<WatchEvent<UnitName, ScheduleEntry>> WatchMachineAsync(
        MachineId machine, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var watched in inner.WatchMachineAsync(machine, afterRevision, cancellationToken))
        {
            counters.Woken(watched is WatchChanges<UnitName, ScheduleEntry> changes ? changes.Changes.Count : 0);
            yield return watched;
        }
    }

    public ValueTask<bool> TryApplyAsync(LeaderFence fence, IReadOnlyList<ScheduleWrite> writes, CancellationToken cancellationToken) =>
        inner.TryApplyAsync(fence, writes, cancellationToken);
}
