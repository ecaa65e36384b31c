using Fleet.Registry.InMemory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Registry.Embedded;

/// <summary>The default store of a single-machine fleetd: the in-memory registry, made durable under a
/// data directory.</summary>
/// <remarks>
/// Durable: units, unit file bodies, schedules and dynamic metadata. A write is acknowledged only after
/// its log record is flushed to disk, so it survives a crash (even <c>kill -9</c> or power loss) of the
/// process. Not durable: everything bound to a lease (machine presence, unit states, leadership); after a
/// restart machines register again and the engine campaigns again. Watches do not survive a restart: a
/// watch from an earlier revision gets a <see cref="WatchReset{TKey, TValue}"/>. One process at a time
/// may open a data directory.
/// </remarks>
public sealed class EmbeddedRegistry : IDisposable
{
    private readonly InMemoryRegistry _registry;
    private readonly DurableLog _log;

    private EmbeddedRegistry(InMemoryRegistry registry, DurableLog log, string dataDirectory)
    {
        _registry = registry;
        _log = log;
        DataDirectory = dataDirectory;
    }

    /// <summary>The full path of the data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>Units and their unit file bodies (durable).</summary>
    public IUnitStore Units => _registry.Units;

    /// <summary>Per-machine schedules (durable).</summary>
    public IScheduleStore Schedule => _registry.Schedule;

    /// <summary>Machine presence (not durable) and dynamic metadata (durable).</summary>
    public IMachineStore Machines => _registry.Machines;

    /// <summary>Unit states bound to machine sessions (not durable).</summary>
    public IUnitStateStore UnitStates => _registry.UnitStates;

    /// <summary>Engine leader election (not durable).</summary>
    public ILeaderElection Leaders => _registry.Leaders;

    /// <summary>The current store revision.</summary>
    public long Revision => _registry.Revision;

    /// <summary>The registry core (for tests that drive leases).</summary>
    internal InMemoryRegistry InMemory => _registry;

    /// <summary>Validates <paramref name="options"/>, recovers the data directory and opens the store.</summary>
    /// <exception cref="InvalidOperationException">The options are invalid, the directory is not writable or
    /// is in use by another process, or its snapshot is damaged; the message names the path.</exception>
    public static EmbeddedRegistry Open(EmbeddedRegistryOptions options, TimeProvider time, ILogger<EmbeddedRegistry>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        var directory = Path.GetFullPath(options.DataDirectory);
        var (log, state, revision) = DurableLog.Open(directory, (ILogger?)logger ?? NullLogger.Instance);
        try
        {
            var core = new RegistryCore(time, options.Core, log, state, revision);
            return new EmbeddedRegistry(InMemoryRegistry.Over(core), log, directory);
        }
        catch
        {
            log.Dispose();
            throw;
        }
    }

    /// <summary>Drops the in-memory change history (watches from earlier revisions get a reset); the
    /// files are compacted on the next open.</summary>
    public void Compact() => _registry.Compact();

    /// <summary>Ends every lease and watch and closes the files. Everything acknowledged is already on disk.</summary>
    public void Dispose()
    {
        _registry.Dispose();
        _log.Dispose();
    }
}
