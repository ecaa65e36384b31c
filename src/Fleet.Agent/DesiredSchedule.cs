using Fleet.Agent.Reconciliation;
using Fleet.Core.Units;
using Fleet.Registry;

namespace Fleet.Agent;

/// <summary>This machine's schedule as last read or watched (unit → hash and target state), and which units
/// changed since the reconcile worker last took its work, so that a pass costs what changed.</summary>
/// <remarks>
/// <para>Thread-safe: the schedule and state followers write, the reconcile worker takes work.</para>
/// <para>A full read (<see cref="Replace"/>) asks for a full pass, as does a new instance (start-up); a
/// watched change (<see cref="Apply"/>) or a local state change (<see cref="MarkChanged"/>) asks for that
/// unit only. <see cref="TakeWork"/> empties the request atomically, so a change arriving while a pass runs
/// is part of the next one; a pass that does not complete hands its work back with <see cref="Return"/>.</para>
/// </remarks>
internal sealed class DesiredSchedule
{
    private readonly Lock _gate = new();
    private readonly Dictionary<UnitName, AgentUnit> _units = [];
    private readonly Dictionary<UnitHash, int> _references = [];
    private readonly HashSet<UnitName> _changed = [];
    private readonly HashSet<UnitHash> _released = [];
    private bool _all = true;

    /// <summary>Number of scheduled units.</summary>
    public int Count
    {
        get { lock (_gate) { return _units.Count; } }
    }

    /// <summary>Replaces everything with a full read; the next pass looks at every unit.</summary>
    public void Replace(IEnumerable<ScheduleEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        lock (_gate)
        {
            _units.Clear();
            _references.Clear();
            foreach (var entry in entries)
            {
                Set(entry.Unit, new AgentUnit(entry.Hash, entry.TargetState));
            }

            _all = true;
            _changed.Clear();
            _released.Clear();
        }
    }

    /// <summary>Applies one watched change; the next pass looks at that unit.</summary>
    public void Apply(Change<UnitName, ScheduleEntry> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            if (change.Kind == ChangeKind.Put && change.Value is { } entry)
            {
                Set(change.Key, new AgentUnit(entry.Hash, entry.TargetState));
            }
            else
            {
                Remove(change.Key);
            }

            _changed.Add(change.Key);
        }
    }

    /// <summary>Asks the next pass to look at these units (their local state changed).</summary>
    public void MarkChanged(IEnumerable<UnitName> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        lock (_gate)
        {
            _changed.UnionWith(names);
        }
    }

    /// <summary>Takes what the next pass looks at and clears the request.</summary>
    public ReconcileWork TakeWork()
    {
        lock (_gate)
        {
            var released = _released.Where(h => !_references.ContainsKey(h)).ToList();
            _released.Clear();
            if (_all)
            {
                _all = false;
                _changed.Clear();
                return new ReconcileWork(true, new Dictionary<UnitName, AgentUnit>(_units), [], released);
            }

            var units = _changed.Order().ToList();
            _changed.Clear();
            var desired = new Dictionary<UnitName, AgentUnit>(units.Count);
            foreach (var name in units)
            {
                if (_units.TryGetValue(name, out var unit))
                {
                    desired[name] = unit;
                }
            }

            return new ReconcileWork(false, desired, units, released);
        }
    }

    /// <summary>Hands back the work of a pass that did not complete: the next pass looks at it again
    /// (a full pass stays full).</summary>
    public void Return(ReconcileWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_gate)
        {
            _all |= work.All;
            _changed.UnionWith(work.Units);
        }
    }

    private void Set(UnitName name, AgentUnit unit)
    {
        Remove(name);
        _units[name] = unit;
        _references[unit.Hash] = _references.GetValueOrDefault(unit.Hash) + 1;
    }

    private void Remove(UnitName name)
    {
        if (!_units.Remove(name, out var old))
        {
            return;
        }

        var left = _references[old.Hash] - 1;
        if (left > 0)
        {
            _references[old.Hash] = left;
        }
        else
        {
            _references.Remove(old.Hash);
            _released.Add(old.Hash);
        }
    }
}
