using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Scheduling.Model;

namespace Fleet.Scheduling;

/// <summary>Read-only views of the model (for the engine, the API and tests). Lists are fresh copies.</summary>
public sealed partial class ClusterModel
{
    /// <summary>Number of alive machines.</summary>
    public int MachineCount => _byLoad.Count;

    /// <summary>True when changes are recorded that the next <see cref="Reconcile"/> has not examined yet.</summary>
    public bool HasPendingWork =>
        _toCheck.Count > 0 || _globalsDirty.Count > 0 || _toPlace.Count > 0 || (_wakeAll && _waiting.Count > 0);

    /// <summary>True when the unit exists (set and not removed).</summary>
    public bool ContainsUnit(UnitName unit) => _units.TryGetValue(unit.Value, out var node) && node.Exists;

    /// <summary>True when the machine is alive (set and not removed).</summary>
    public bool ContainsMachine(MachineId machine) => _machines.TryGetValue(machine.Value, out var node) && node.Alive;

    /// <summary>The machines the unit is placed on, by ID (at most one for a non-global unit after a reconcile).</summary>
    public IReadOnlyList<MachineId> GetMachines(UnitName unit) =>
        _units.TryGetValue(unit.Value, out var node) ? [.. node.PlacementsById().Select(m => m.Id)] : [];

    /// <summary>The units placed on the machine, by name (global units included).</summary>
    public IReadOnlyList<UnitName> GetUnits(MachineId machine)
    {
        if (!_machines.TryGetValue(machine.Value, out var node))
        {
            return [];
        }

        var units = node.Units.ToArray();
        Array.Sort(units, UnitOrder.Instance);
        return [.. units.Select(u => u.Name)];
    }

    /// <summary>The machine's load (units placed there, global units included); 0 for an unknown machine.</summary>
    public int GetLoad(MachineId machine) => _machines.TryGetValue(machine.Value, out var node) ? node.Load : 0;

    /// <summary>Alive machines by ID.</summary>
    public IReadOnlyList<MachineId> GetMachineIds() => [.. _byLoad.Select(m => m.Id).Order()];

    /// <summary>Every placement, by unit name then machine ID. O(placements): for tests and diagnostics.</summary>
    public IReadOnlyList<Placement> GetPlacements()
    {
        var units = _units.Values.ToArray();
        Array.Sort(units, UnitOrder.Instance);
        return [.. units.SelectMany(u => u.PlacementsById().Select(m => new Placement(u.Name, m.Id)))];
    }

    /// <summary>Non-global units that should run but have no machine (no able machine was found), by name.</summary>
    public IReadOnlyList<UnitName> GetWaitingUnits()
    {
        var waiting = _waiting.ToArray();
        Array.Sort(waiting, UnitOrder.Instance);
        return [.. waiting.Select(u => u.Name)];
    }
}
