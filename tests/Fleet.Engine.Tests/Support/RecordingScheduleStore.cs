using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Registry;

namespace Fleet.Engine.Tests.Support;

/// <summary>One <see cref="IScheduleStore.TryApplyAsync"/> call and its outcome.</summary>
public sealed record ApplyCall(LeaderFence Fence, IReadOnlyList<ScheduleWrite> Writes, bool Applied);

/// <summary>A schedule store decorator that records every fenced write and its outcome.</summary>
public sealed class RecordingScheduleStore(IScheduleStore inner) : IScheduleStore
{
    private readonly Lock _gate = new();
    private readonly List<ApplyCall> _calls = [];

    public IReadOnlyList<ApplyCall> Calls
    {
        get { lock (_gate) { return [.. _calls]; } }
    }

    public ValueTask<Snapshot<ScheduleEntry>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public IAsyncEnumerable<Snapshot<ScheduleEntry>> ListPagesAsync(CancellationToken cancellationToken) => inner.ListPagesAsync(cancellationToken);

    public ValueTask<Snapshot<ScheduleEntry>> ListMachineAsync(MachineId machine, CancellationToken cancellationToken) =>
        inner.ListMachineAsync(machine, cancellationToken);

    public ValueTask<IReadOnlyList<ScheduleEntry>> ListUnitAsync(UnitName unit, CancellationToken cancellationToken) =>
        inner.ListUnitAsync(unit, cancellationToken);

    public IAsyncEnumerable<WatchEvent<UnitName, ScheduleEntry>> WatchMachineAsync(MachineId machine, long afterRevision, CancellationToken cancellationToken) =>
        inner.WatchMachineAsync(machine, afterRevision, cancellationToken);

    public async ValueTask<bool> TryApplyAsync(LeaderFence fence, IReadOnlyList<ScheduleWrite> writes, CancellationToken cancellationToken)
    {
        var applied = await inner.TryApplyAsync(fence, writes, cancellationToken);
        lock (_gate)
        {
            _calls.Add(new ApplyCall(fence, [.. writes], applied));
        }

        return applied;
    }
}
