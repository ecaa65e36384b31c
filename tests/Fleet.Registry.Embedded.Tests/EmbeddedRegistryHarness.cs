using Fleet.Registry.InMemory;
using Fleet.Testing.Registry;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Registry.Embedded.Tests;

/// <summary>Runs the contract suites on an <see cref="EmbeddedRegistry"/> in a temporary data directory,
/// with a fake clock: expiry is real lease expiry (keep-alives stopped, then the clock advanced past the TTL).</summary>
internal sealed class EmbeddedRegistryHarness : IRegistryHarness
{
    private readonly TemporaryDirectory _directory = new();

    public EmbeddedRegistryHarness(InMemoryRegistryOptions? core = null)
    {
        Registry = EmbeddedRegistry.Open(
            new EmbeddedRegistryOptions { DataDirectory = _directory.Path, Core = core ?? new InMemoryRegistryOptions() },
            Time);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public EmbeddedRegistry Registry { get; }

    public IUnitStore Units => Registry.Units;

    public IScheduleStore Schedule => Registry.Schedule;

    public IMachineStore Machines => Registry.Machines;

    public IUnitStateStore UnitStates => Registry.UnitStates;

    public ILeaderElection Leaders => Registry.Leaders;

    public TimeSpan LeaseTtl => TimeSpan.FromSeconds(30);

    public ValueTask ExpireAsync(IMachineSession session, CancellationToken cancellationToken)
    {
        var own = (InMemoryMachineSession)session;
        own.StopKeepAlive();
        Time.Advance(own.Ttl + TimeSpan.FromSeconds(1));
        return ValueTask.CompletedTask;
    }

    public ValueTask ExpireAsync(ILeadership leadership, CancellationToken cancellationToken)
    {
        var own = (InMemoryLeadership)leadership;
        own.StopKeepAlive();
        Time.Advance(own.Ttl + TimeSpan.FromSeconds(1));
        return ValueTask.CompletedTask;
    }

    public ValueTask CompactAsync(CancellationToken cancellationToken)
    {
        Registry.Compact();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Registry.Dispose();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
