using Fleet.Agent.Reconciliation;
using Fleet.Agent.UnitManagement;
using Fleet.Core.Units;
using Fleet.Registry;
using Microsoft.Extensions.Logging;

namespace Fleet.Agent;

/// <summary>Publishes this machine's unit states when, and only when, they change.</summary>
/// <remarks>
/// Units are marked dirty (by executed tasks and by the unit manager's change notifications, from any
/// thread); <see cref="PublishAsync"/> (the reconcile worker only) re-reads the dirty units' states and
/// writes those that differ from what this session last published. States are bound to the session, so
/// a new session starts with <see cref="Reset"/> and every unit marked dirty.
/// </remarks>
internal sealed partial class UnitStatePublisher(IUnitStateStore store, IUnitManager manager, ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly HashSet<UnitName> _dirty = [];
    private readonly Dictionary<UnitName, UnitStateRecord> _published = [];

    /// <summary>Units whose state this session has published.</summary>
    public IReadOnlyCollection<UnitName> Published => _published.Keys;

    /// <summary>Marks units whose state may have changed.</summary>
    public void MarkDirty(IEnumerable<UnitName> names)
    {
        lock (_gate)
        {
            _dirty.UnionWith(names);
        }
    }

    /// <summary>Forgets what was published (a new session holds no states yet).</summary>
    public void Reset() => _published.Clear();

    /// <summary>Publishes the changed states of dirty units and removes the states of units no longer held.</summary>
    /// <returns><see langword="false"/> when the session was lost.</returns>
    /// <exception cref="RegistryUnavailableException">The store could not be reached (dirty units stay dirty).</exception>
    /// <exception cref="UnitManagerException">States could not be read (dirty units stay dirty).</exception>
    public async ValueTask<bool> PublishAsync(IMachineSession session, LocalUnits local, CancellationToken cancellationToken)
    {
        var pending = TakeDirty();
        var done = 0;
        try
        {
            // Only the dirty units are looked up: the cost follows what changed, not what is held.
            var held = local.Snapshot(pending);
            var states = held.Count == 0
                ? new Dictionary<UnitName, UnitState>()
                : await manager.GetStatesAsync([.. held.Keys], cancellationToken);
            for (; done < pending.Count; done++)
            {
                if (!await PublishOneAsync(session, pending[done], held, states, cancellationToken))
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            MarkDirty(pending.Skip(done));
        }
    }

    private async ValueTask<bool> PublishOneAsync(
        IMachineSession session, UnitName name, Dictionary<UnitName, AgentUnit> local,
        IReadOnlyDictionary<UnitName, UnitState> states, CancellationToken cancellationToken)
    {
        if (!local.TryGetValue(name, out var unit))
        {
            if (_published.Remove(name))
            {
                await store.RemoveAsync(session, name, cancellationToken);
                Log.StateRemoved(logger, name);
            }

            return true;
        }

        var record = new UnitStateRecord(name, session.Machine, unit.Hash, states[name], unit.State);
        if (_published.TryGetValue(name, out var last) && last == record)
        {
            return true;
        }

        if (!await store.TryPublishAsync(session, record, cancellationToken))
        {
            return false;
        }

        _published[name] = record;
        Log.StatePublished(logger, name, record.State, record.Reached);
        return true;
    }

    private List<UnitName> TakeDirty()
    {
        lock (_gate)
        {
            var taken = _dirty.Order().ToList();
            _dirty.Clear();
            return taken;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = AgentEventIds.Base + 20, Level = LogLevel.Debug,
            Message = "Published state of unit {UnitName}: {UnitState}, reached {Reached}")]
        public static partial void StatePublished(ILogger logger, UnitName unitName, UnitState unitState, TargetState reached);

        [LoggerMessage(EventId = AgentEventIds.Base + 21, Level = LogLevel.Debug, Message = "Removed published state of unit {UnitName}")]
        public static partial void StateRemoved(ILogger logger, UnitName unitName);
    }
}
