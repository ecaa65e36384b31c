namespace Fleet.Registry.InMemory;

/// <summary>A whole registry in process memory: the five stores over one revisioned key space with
/// leases and watches. For tests, the API's tests and a single-process fleetd that needs no durability.</summary>
/// <remarks>
/// Nothing survives the process. Lease expiry follows the given <see cref="TimeProvider"/>: sessions and
/// leaderships keep their lease alive every third of its TTL on that clock. Watches resume from any
/// revision within the last <see cref="InMemoryRegistryOptions.HistoryLimit"/> changes; older ones, and
/// watchers that fall more than <see cref="InMemoryRegistryOptions.WatchBufferCapacity"/> events behind,
/// get a <see cref="WatchReset{TKey, TValue}"/>.
/// </remarks>
public sealed class InMemoryRegistry : IDisposable
{
    private InMemoryRegistry(RegistryCore core)
    {
        Core = core;
        Units = new InMemoryUnitStore(core);
        Schedule = new InMemoryScheduleStore(core);
        Machines = new InMemoryMachineStore(core);
        UnitStates = new InMemoryUnitStateStore(core);
        Leaders = new InMemoryLeaderElection(core);
    }

    /// <summary>Units and their unit file bodies.</summary>
    public IUnitStore Units { get; }

    /// <summary>Per-machine schedules.</summary>
    public IScheduleStore Schedule { get; }

    /// <summary>Machine presence and dynamic metadata.</summary>
    public IMachineStore Machines { get; }

    /// <summary>Unit states bound to machine sessions.</summary>
    public IUnitStateStore UnitStates { get; }

    /// <summary>Engine leader election.</summary>
    public ILeaderElection Leaders { get; }

    /// <summary>The current store revision.</summary>
    public long Revision => Core.Revision;

    /// <summary>The core the stores share.</summary>
    internal RegistryCore Core { get; }

    /// <summary>Creates an empty registry whose leases expire on <paramref name="time"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    public static InMemoryRegistry Create(TimeProvider time, InMemoryRegistryOptions? options = null) =>
        new(new RegistryCore(time, options ?? new InMemoryRegistryOptions()));

    /// <summary>Wraps an existing core (the embedded store's).</summary>
    internal static InMemoryRegistry Over(RegistryCore core) => new(core);

    /// <summary>Drops the change history: watches from any earlier revision get a reset.</summary>
    public void Compact() => Core.Compact();

    /// <summary>Ends every lease (without deleting its keys) and every watch (with
    /// <see cref="RegistryUnavailableException"/>); later calls throw it too.</summary>
    public void Dispose() => Core.Dispose();
}
