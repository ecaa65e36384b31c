using Fleet.Core.Units;

namespace Fleet.Agent.UnitManagement;

/// <summary>Runs units on this machine: systemd over D-Bus where systemd is PID 1, the built-in process
/// supervisor elsewhere. Both give the same semantics and report systemd's state words.</summary>
/// <remarks>
/// Every method is idempotent (loading a loaded unit rewrites it; stopping a stopped unit does nothing)
/// and safe to call concurrently for different units. Failures to act on a unit throw
/// <see cref="UnitManagerException"/> naming the unit; cancellation throws <see cref="OperationCanceledException"/>.
/// </remarks>
public interface IUnitManager
{
    /// <summary>Writes the unit file into the units directory and makes it known (link; enable when it has
    /// an <c>[Install]</c> section). Takes effect for systemd after <see cref="ReloadAsync"/>.</summary>
    ValueTask LoadAsync(UnitName name, UnitFile file, CancellationToken cancellationToken);

    /// <summary>Stops the unit if running, disables it, resets a failed state and removes its file.</summary>
    ValueTask UnloadAsync(UnitName name, CancellationToken cancellationToken);

    /// <summary>Makes the manager re-read unit files (systemd's daemon-reload); one call after many loads.</summary>
    ValueTask ReloadAsync(CancellationToken cancellationToken);

    /// <summary>Starts the unit (systemd: <c>StartUnit(name, "replace")</c>); returns once the start job is queued.</summary>
    ValueTask StartAsync(UnitName name, CancellationToken cancellationToken);

    /// <summary>Stops the unit (systemd: <c>StopUnit(name, "replace")</c>); returns once the stop job is queued.</summary>
    ValueTask StopAsync(UnitName name, CancellationToken cancellationToken);

    /// <summary>Lists the units found in the units directory with the hash of each file: what survives an
    /// agent restart and can be re-adopted without restarting it.</summary>
    ValueTask<IReadOnlyDictionary<UnitName, UnitHash>> ListLoadedAsync(CancellationToken cancellationToken);

    /// <summary>Reads the current states of the given units, in one batch. Units the manager does not know
    /// are reported with load state <c>not-found</c>, active state <c>inactive</c>, sub state <c>dead</c>.</summary>
    ValueTask<IReadOnlyDictionary<UnitName, UnitState>> GetStatesAsync(IReadOnlyCollection<UnitName> names, CancellationToken cancellationToken);

    /// <summary>Yields the names of loaded units whose state may have changed, as soon as the manager
    /// learns of it (systemd: PropertiesChanged signals; process supervisor: process events). The caller
    /// re-reads them with <see cref="GetStatesAsync"/>. Ends only by cancellation.</summary>
    IAsyncEnumerable<IReadOnlyCollection<UnitName>> WatchStateChangesAsync(CancellationToken cancellationToken);
}
