using Fleet.Core.Machines;
using Fleet.Core.Units;

namespace Fleet.Registry.InMemory;

/// <summary><see cref="IScheduleStore"/> on the registry core: <c>schedule/&lt;machine&gt;/&lt;unit&gt;</c>,
/// every batch one transaction fenced by the leader key's creation revision.</summary>
internal sealed class InMemoryScheduleStore(RegistryCore core) : IScheduleStore
{
    public ValueTask<Snapshot<ScheduleEntry>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var items = core.Transact(tx => Entries(tx, RegistryKeys.Schedule).OrderBy(e => e.Machine).ThenBy(e => e.Unit).ToList(), out var revision);
        return ValueTask.FromResult(new Snapshot<ScheduleEntry>(items, revision));
    }

    public ValueTask<Snapshot<ScheduleEntry>> ListMachineAsync(MachineId machine, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var items = core.Transact(tx => Entries(tx, RegistryKeys.MachineSchedule(machine)).OrderBy(e => e.Unit).ToList(), out var revision);
        return ValueTask.FromResult(new Snapshot<ScheduleEntry>(items, revision));
    }

    public ValueTask<IReadOnlyList<ScheduleEntry>> ListUnitAsync(UnitName unit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<ScheduleEntry> items = core.Transact(tx =>
            Entries(tx, RegistryKeys.Schedule).Where(e => e.Unit == unit).OrderBy(e => e.Machine).ToList());
        return ValueTask.FromResult(items);
    }

    public IAsyncEnumerable<WatchEvent<UnitName, ScheduleEntry>> WatchMachineAsync(MachineId machine, long afterRevision, CancellationToken cancellationToken) =>
        WatchMapping.MapAsync<UnitName, ScheduleEntry>(
            core.WatchAsync(RegistryKeys.MachineSchedule(machine), afterRevision, cancellationToken),
            key => UnitName.Parse(RegistryKeys.LastSegment(key)),
            value => (ScheduleEntry)value,
            cancellationToken);

    public ValueTask<bool> TryApplyAsync(LeaderFence fence, IReadOnlyList<ScheduleWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fence);
        ArgumentNullException.ThrowIfNull(writes);
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var write in writes)
        {
            if (write.Kind == ChangeKind.Put && write.Entry.TargetState == TargetState.Inactive)
            {
                throw new ArgumentException(
                    $"Schedule entry for unit '{write.Entry.Unit}' on machine '{write.Entry.Machine}' has target state inactive; unschedule it instead.",
                    nameof(writes));
            }
        }

        return ValueTask.FromResult(core.Transact(tx =>
        {
            if (!FenceHolds(tx, fence))
            {
                return false;
            }

            foreach (var write in writes)
            {
                var key = RegistryKeys.ScheduleEntry(write.Entry.Machine, write.Entry.Unit);
                if (write.Kind == ChangeKind.Put)
                {
                    tx.Put(key, write.Entry);
                }
                else
                {
                    tx.Delete(key);
                }
            }

            return true;
        }));
    }

    /// <summary>True while the exact leader key of <paramref name="fence"/>'s term is in place.</summary>
    internal static bool FenceHolds(CoreTransaction tx, LeaderFence fence)
    {
        var leader = tx.Get(fence.Key);
        return fence.Key == RegistryKeys.Leader
            && leader is not null
            && leader.CreateRevision == fence.Revision
            && leader.Value is MachineId holder
            && holder == fence.Leader;
    }

    private static IEnumerable<ScheduleEntry> Entries(CoreTransaction tx, string prefix) =>
        tx.Range(prefix).Select(i => (ScheduleEntry)i.Value.Value);
}
