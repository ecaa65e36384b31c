using Fleet.Registry;
using Fleet.Registry.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Testing.Registry;

/// <summary>Harness for the in-process stores (in-memory and embedded), which share the in-memory lease
/// machinery: expiry is real lease expiry (keep-alives stopped, then the fake clock advanced past the TTL).</summary>
/// <remarks>A derived harness creates its registry on <see cref="Time"/> in its constructor and hands the
/// stores to <see cref="Use"/>.</remarks>
public abstract class FakeClockRegistryHarness : IRegistryHarness
{
    private IUnitStore? _units;
    private IScheduleStore? _schedule;
    private IMachineStore? _machines;
    private IUnitStateStore? _unitStates;
    private ILeaderElection? _leaders;

    /// <summary>The clock every lease of the registry runs on.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <inheritdoc />
    public IUnitStore Units => _units ?? throw NotReady();

    /// <inheritdoc />
    public IScheduleStore Schedule => _schedule ?? throw NotReady();

    /// <inheritdoc />
    public IMachineStore Machines => _machines ?? throw NotReady();

    /// <inheritdoc />
    public IUnitStateStore UnitStates => _unitStates ?? throw NotReady();

    /// <inheritdoc />
    public ILeaderElection Leaders => _leaders ?? throw NotReady();

    /// <inheritdoc />
    public TimeSpan LeaseTtl => TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public ValueTask ExpireAsync(IMachineSession session, CancellationToken cancellationToken)
    {
        var own = (InMemoryMachineSession)session;
        own.StopKeepAlive();
        Time.Advance(own.Ttl + TimeSpan.FromSeconds(1));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ExpireAsync(ILeadership leadership, CancellationToken cancellationToken)
    {
        var own = (InMemoryLeadership)leadership;
        own.StopKeepAlive();
        Time.Advance(own.Ttl + TimeSpan.FromSeconds(1));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask CompactAsync(CancellationToken cancellationToken)
    {
        Compact();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        DisposeRegistry();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Sets the stores under test (called once by the derived constructor).</summary>
    protected void Use(IUnitStore units, IScheduleStore schedule, IMachineStore machines, IUnitStateStore unitStates, ILeaderElection leaders)
    {
        (_units, _schedule, _machines, _unitStates, _leaders) = (units, schedule, machines, unitStates, leaders);
    }

    /// <summary>Compacts the registry's history up to its current revision.</summary>
    protected abstract void Compact();

    /// <summary>Disposes the registry and whatever the harness created for it.</summary>
    protected abstract void DisposeRegistry();

    private static InvalidOperationException NotReady() => new("the harness has not called Use(...) yet");
}
