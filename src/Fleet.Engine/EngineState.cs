using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Registry;
using Fleet.Scheduling;

namespace Fleet.Engine;

/// <summary>The leader's view of the cluster during one term: the scheduling model, the unit records
/// (for hashes and target states) and the schedule entries as written. Turns changes into
/// <see cref="SchedulePlan"/>s. Pure and single-threaded: one term's loop owns it.</summary>
/// <remarks>
/// Besides the model's decisions, every unit changed since the last plan gets its entries rewritten when
/// their hash or target state is stale: that is how an agent, which watches only its own schedule, learns
/// that a unit must start, stop or change file.
/// </remarks>
internal sealed class EngineState
{
    private readonly ClusterModel _model = new();
    private readonly Dictionary<UnitName, UnitRecord> _units = [];
    private readonly HashSet<MachineId> _machines = [];
    private readonly Dictionary<(UnitName Unit, MachineId Machine), ScheduleEntry> _entries = [];
    private readonly SortedSet<UnitName> _dirty = [];

    /// <summary>The schedule as this term has read and written it.</summary>
    public IReadOnlyCollection<ScheduleEntry> Entries => _entries.Values;

    /// <summary>Loads a full read taken right after the election.</summary>
    /// <remarks>The order does not matter: a term feeds units, machines and schedule entries in whatever order
    /// their pages arrive (<see cref="SetUnit"/>, <see cref="SetMachine"/>, <see cref="LoadEntries"/>); nothing is
    /// decided before the first <see cref="Plan"/>, which sees the whole read.</remarks>
    public void Load(IEnumerable<UnitRecord> units, IEnumerable<MachineState> machines, IEnumerable<ScheduleEntry> schedule)
    {
        foreach (var machine in machines)
        {
            SetMachine(machine);
        }

        foreach (var unit in units)
        {
            SetUnit(unit);
        }

        LoadEntries(schedule);
    }

    /// <summary>Records schedule entries as read from the store (placements the model must know before it plans).</summary>
    public void LoadEntries(IEnumerable<ScheduleEntry> schedule)
    {
        foreach (var entry in schedule)
        {
            _model.Place(entry.Unit, entry.Machine);
            _entries[(entry.Unit, entry.Machine)] = entry;
        }
    }

    /// <summary>Adds or updates a unit.</summary>
    public void SetUnit(UnitRecord unit)
    {
        _units[unit.Name] = unit;
        _model.SetUnit(new SchedulingUnit(unit.Name, unit.TargetState, unit.Requirements));
        _dirty.Add(unit.Name);
    }

    /// <summary>Removes a destroyed unit.</summary>
    public void RemoveUnit(UnitName name)
    {
        if (_units.Remove(name))
        {
            _model.RemoveUnit(name);
        }
    }

    /// <summary>Replaces every unit with a full list (a watch reset).</summary>
    public void ResetUnits(IReadOnlyList<UnitRecord> units)
    {
        var keep = units.Select(u => u.Name).ToHashSet();
        foreach (var gone in _units.Keys.Where(n => !keep.Contains(n)).ToList())
        {
            RemoveUnit(gone);
        }

        foreach (var unit in units)
        {
            if (!_units.TryGetValue(unit.Name, out var known) || known != unit)
            {
                SetUnit(unit);
            }
        }
    }

    /// <summary>Adds or updates a present machine.</summary>
    /// <returns><see langword="true"/> when the machine was not present before (it joined).</returns>
    public bool SetMachine(MachineState machine)
    {
        _model.SetMachine(machine);
        return _machines.Add(machine.Id);
    }

    /// <summary>Removes a machine whose presence went away.</summary>
    /// <returns><see langword="true"/> when it was present (it left).</returns>
    public bool RemoveMachine(MachineId id)
    {
        if (!_machines.Remove(id))
        {
            return false;
        }

        _model.RemoveMachine(id);
        return true;
    }

    /// <summary>Replaces every machine with a full list (a watch reset).</summary>
    /// <returns>The machines that left and those that joined.</returns>
    public (IReadOnlyList<MachineId> Left, IReadOnlyList<MachineId> Joined) ResetMachines(IReadOnlyList<MachineState> machines)
    {
        var keep = machines.Select(m => m.Id).ToHashSet();
        var left = _machines.Where(id => !keep.Contains(id)).Order().ToList();
        foreach (var id in left)
        {
            RemoveMachine(id);
        }

        var joined = machines.Where(SetMachine).Select(m => m.Id).ToList();
        return (left, joined);
    }

    /// <summary>Reconciles the model and builds the writes for its decisions and for stale entries.</summary>
    public SchedulePlan Plan()
    {
        var decisions = _model.Reconcile();
        var writes = new List<ScheduleWrite>();
        foreach (var decision in decisions)
        {
            var key = (decision.Unit, decision.Machine);
            if (decision.Kind == DecisionKind.Schedule)
            {
                var unit = _units.TryGetValue(decision.Unit, out var record)
                    ? record
                    : throw new InvalidOperationException($"The model scheduled unit {decision.Unit}, which the engine does not know.");
                var entry = new ScheduleEntry(unit.Name, decision.Machine, unit.Hash, unit.TargetState);
                _entries[key] = entry;
                writes.Add(ScheduleWrite.Put(entry));
            }
            else if (_entries.Remove(key, out var entry))
            {
                writes.Add(ScheduleWrite.Delete(entry));
            }
            else
            {
                writes.Add(ScheduleWrite.Delete(new ScheduleEntry(decision.Unit, decision.Machine, default, TargetState.Inactive)));
            }
        }

        RefreshDirtyEntries(writes);
        return new SchedulePlan(decisions, writes);
    }

    private void RefreshDirtyEntries(List<ScheduleWrite> writes)
    {
        foreach (var name in _dirty)
        {
            if (!_units.TryGetValue(name, out var unit) || unit.TargetState == TargetState.Inactive)
            {
                continue;
            }

            foreach (var machine in _model.GetMachines(name))
            {
                var entry = new ScheduleEntry(name, machine, unit.Hash, unit.TargetState);
                if (!_entries.TryGetValue((name, machine), out var current) || current != entry)
                {
                    _entries[(name, machine)] = entry;
                    writes.Add(ScheduleWrite.Put(entry));
                }
            }
        }

        _dirty.Clear();
    }
}
