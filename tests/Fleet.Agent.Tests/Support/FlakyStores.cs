using System.Runtime.CompilerServices;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Registry;

namespace Fleet.Agent.Tests.Support;

/// <summary>Decorators over real stores that fail while a <see cref="StoreOutage"/> is on and count calls.
/// Sessions pass through untouched (the state store needs the real one).</summary>
public sealed class FlakyMachineStore(IMachineStore inner, StoreOutage outage) : IMachineStore
{
    private int _registrations;

    public int Registrations => Volatile.Read(ref _registrations);

    /// <summary>The last session handed out.</summary>
    public IMachineSession? LastSession { get; private set; }

    public async ValueTask<IMachineSession?> TryRegisterAsync(MachineState machine, TimeSpan ttl, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _registrations);
        outage.ThrowIfDown("register");
        var session = await inner.TryRegisterAsync(machine, ttl, cancellationToken);
        LastSession = session ?? LastSession;
        return session;
    }

    public ValueTask<Snapshot<MachineState>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public IAsyncEnumerable<WatchEvent<MachineId, MachineState>> WatchAsync(long afterRevision, CancellationToken cancellationToken) =>
        inner.WatchAsync(afterRevision, cancellationToken);

    public ValueTask SetMetadataAsync(MachineId machine, string key, string? value, CancellationToken cancellationToken) =>
        inner.SetMetadataAsync(machine, key, value, cancellationToken);
}

public sealed class FlakyScheduleStore(IScheduleStore inner, StoreOutage outage) : IScheduleStore
{
    private int _watches;
    private int _machineLists;
    private int _eventsConsumed;

    public int Watches => Volatile.Read(ref _watches);

    /// <summary>Watch events the agent has finished handling (it asked for the next one).</summary>
    public int EventsConsumed => Volatile.Read(ref _eventsConsumed);

    public int MachineLists => Volatile.Read(ref _machineLists);

    public ValueTask<Snapshot<ScheduleEntry>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public ValueTask<Snapshot<ScheduleEntry>> ListMachineAsync(MachineId machine, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _machineLists);
        outage.ThrowIfDown("list machine schedule");
        return inner.ListMachineAsync(machine, cancellationToken);
    }

    public ValueTask<IReadOnlyList<ScheduleEntry>> ListUnitAsync(UnitName unit, CancellationToken cancellationToken) =>
        inner.ListUnitAsync(unit, cancellationToken);

    public async IAsyncEnumerable<WatchEvent<UnitName, ScheduleEntry>> WatchMachineAsync(
        MachineId machine, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _watches);
        outage.ThrowIfDown("watch machine schedule");
        await foreach (var watched in inner.WatchMachineAsync(machine, afterRevision, cancellationToken))
        {
            // A real watch breaks when the store goes away; this one breaks at its next event.
            outage.ThrowIfDown("watch machine schedule");
            yield return watched;
            Interlocked.Increment(ref _eventsConsumed);
        }
    }

    public ValueTask<bool> TryApplyAsync(LeaderFence fence, IReadOnlyList<ScheduleWrite> writes, CancellationToken cancellationToken) =>
        inner.TryApplyAsync(fence, writes, cancellationToken);
}

public sealed class FlakyUnitStore(IUnitStore inner, StoreOutage outage) : IUnitStore
{
    private int _fileReads;

    public int FileReads => Volatile.Read(ref _fileReads);

    public ValueTask<Snapshot<UnitRecord>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public ValueTask<UnitRecord?> GetAsync(UnitName name, CancellationToken cancellationToken) => inner.GetAsync(name, cancellationToken);

    public ValueTask<UnitFile?> GetFileAsync(UnitHash hash, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _fileReads);
        outage.ThrowIfDown("get unit file");
        return inner.GetFileAsync(hash, cancellationToken);
    }

    public ValueTask<long> PutAsync(UnitRecord record, UnitFile file, CancellationToken cancellationToken) => inner.PutAsync(record, file, cancellationToken);

    public ValueTask<bool> TrySetTargetStateAsync(UnitName name, TargetState state, CancellationToken cancellationToken) =>
        inner.TrySetTargetStateAsync(name, state, cancellationToken);

    public ValueTask<bool> TryDeleteAsync(UnitName name, CancellationToken cancellationToken) => inner.TryDeleteAsync(name, cancellationToken);

    public IAsyncEnumerable<WatchEvent<UnitName, UnitRecord>> WatchAsync(long afterRevision, CancellationToken cancellationToken) =>
        inner.WatchAsync(afterRevision, cancellationToken);
}

public sealed class FlakyUnitStateStore(IUnitStateStore inner, StoreOutage outage) : IUnitStateStore
{
    private readonly Lock _gate = new();
    private readonly List<UnitStateRecord> _published = [];

    /// <summary>Every state the agent published, in order.</summary>
    public IReadOnlyList<UnitStateRecord> Published
    {
        get { lock (_gate) { return [.. _published]; } }
    }

    public async ValueTask<bool> TryPublishAsync(IMachineSession session, UnitStateRecord state, CancellationToken cancellationToken)
    {
        outage.ThrowIfDown("publish state");
        var published = await inner.TryPublishAsync(session, state, cancellationToken);
        lock (_gate)
        {
            _published.Add(state);
        }

        return published;
    }

    public ValueTask RemoveAsync(IMachineSession session, UnitName unit, CancellationToken cancellationToken)
    {
        outage.ThrowIfDown("remove state");
        return inner.RemoveAsync(session, unit, cancellationToken);
    }

    public ValueTask<Snapshot<UnitStateRecord>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public ValueTask<IReadOnlyList<UnitStateRecord>> ListUnitAsync(UnitName unit, CancellationToken cancellationToken) =>
        inner.ListUnitAsync(unit, cancellationToken);
}
