using Fleet.Agent.Reconciliation;
using Fleet.Core.Units;
using Fleet.Registry;

namespace Fleet.Agent;

/// <summary>This machine's schedule as last read or watched: unit → hash and target state.</summary>
/// <remarks>Thread-safe: the schedule follower writes, the reconcile worker takes snapshots.</remarks>
internal sealed class DesiredSchedule
{
    private readonly Lock _gate = new();
    private readonly Dictionary<UnitName, AgentUnit> _units = [];

    /// <summary>Replaces everything with a full read.</summary>
    public void Replace(IEnumerable<ScheduleEntry> entries)
    {
        lock (_gate)
        {
            _units.Clear();
            foreach (var entry in entries)
            {
                _units[entry.Unit] = new AgentUnit(entry.Hash, entry.TargetState);
            }
        }
    }

    /// <summary>Applies one watched change.</summary>
    public void Apply(Change<UnitName, ScheduleEntry> change)
    {
        lock (_gate)
        {
            if (change.Kind == ChangeKind.Put && change.Value is { } entry)
            {
                _units[change.Key] = new AgentUnit(entry.Hash, entry.TargetState);
            }
            else
            {
                _units.Remove(change.Key);
            }
        }
    }

    /// <summary>A copy of the schedule.</summary>
    public Dictionary<UnitName, AgentUnit> Snapshot()
    {
        lock (_gate)
        {
            return new Dictionary<UnitName, AgentUnit>(_units);
        }
    }
}
