using Fleet.Agent.Reconciliation;
using Fleet.Core.Units;

namespace Fleet.Agent;

/// <summary>What the agent holds on this machine: unit → loaded hash and reached state (fleet's agent cache).</summary>
/// <remarks>Thread-safe; in practice written only by the agent's single reconcile worker.</remarks>
internal sealed class LocalUnits
{
    private readonly Lock _gate = new();
    private readonly Dictionary<UnitName, AgentUnit> _units = [];

    /// <summary>Number of local units.</summary>
    public int Count
    {
        get { lock (_gate) { return _units.Count; } }
    }

    /// <summary>A copy of the table.</summary>
    public Dictionary<UnitName, AgentUnit> Snapshot()
    {
        lock (_gate)
        {
            return new Dictionary<UnitName, AgentUnit>(_units);
        }
    }

    /// <summary>A copy of the entries of <paramref name="names"/> that are held (the others are left out).</summary>
    public Dictionary<UnitName, AgentUnit> Snapshot(IEnumerable<UnitName> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        lock (_gate)
        {
            var held = new Dictionary<UnitName, AgentUnit>();
            foreach (var name in names)
            {
                if (_units.TryGetValue(name, out var unit))
                {
                    held[name] = unit;
                }
            }

            return held;
        }
    }

    /// <summary>Records that the unit is loaded at a hash and has reached a state.</summary>
    public void Set(UnitName name, AgentUnit unit)
    {
        lock (_gate)
        {
            _units[name] = unit;
        }
    }

    /// <summary>Records the reached state of a unit already held; does nothing for an unknown unit.</summary>
    public void SetState(UnitName name, TargetState state)
    {
        lock (_gate)
        {
            if (_units.TryGetValue(name, out var unit))
            {
                _units[name] = unit with { State = state };
            }
        }
    }

    /// <summary>Forgets an unloaded unit.</summary>
    public void Remove(UnitName name)
    {
        lock (_gate)
        {
            _units.Remove(name);
        }
    }
}
