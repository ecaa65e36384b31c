using Fleet.Registry;

namespace Fleet.Testing.Registry;

/// <summary>What a store implementation provides so that the registry contract suites can run against it.</summary>
/// <remarks>Each test gets a fresh harness (an empty registry) and disposes it at the end.</remarks>
public interface IRegistryHarness : IAsyncDisposable
{
    /// <summary>The unit store under test.</summary>
    IUnitStore Units { get; }

    /// <summary>The schedule store under test.</summary>
    IScheduleStore Schedule { get; }

    /// <summary>The machine store under test.</summary>
    IMachineStore Machines { get; }

    /// <summary>The unit state store under test.</summary>
    IUnitStateStore UnitStates { get; }

    /// <summary>The leader election under test.</summary>
    ILeaderElection Leaders { get; }

    /// <summary>The TTL tests pass when they register machines or campaign (long enough not to expire by
    /// itself during a test, short enough for the store to accept).</summary>
    TimeSpan LeaseTtl { get; }

    /// <summary>Makes the session's lease expire as if its machine had stopped keeping it alive (for a
    /// remote store, revoking the lease is fine). Returns once the expiry has been committed.</summary>
    ValueTask ExpireAsync(IMachineSession session, CancellationToken cancellationToken);

    /// <summary>Makes the leadership's lease expire as if its engine had hung. Returns once the expiry has been committed.</summary>
    ValueTask ExpireAsync(ILeadership leadership, CancellationToken cancellationToken);

    /// <summary>Compacts the store's history up to its current revision: watches from any earlier revision
    /// must then get a <see cref="WatchReset{TKey, TValue}"/>.</summary>
    ValueTask CompactAsync(CancellationToken cancellationToken);
}
