using System.Collections.Immutable;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Scheduling.Model;

namespace Fleet.Scheduling;

/// <summary>The engine's in-memory picture of the cluster (machines, units, placements), fed with changes,
/// which decides what the schedule must change (fleet's engine reconciliation, reference §6.3 and §6.5).</summary>
/// <remarks>
/// <para>Pure and single-threaded: no I/O, no clock, no logging; the caller serialises access.</para>
/// <para>Mutators record what changed; <see cref="Reconcile"/> then examines only that (and whatever its own
/// decisions touch), so one change costs work proportional to what it touches, not to the cluster size.
/// The result is by construction the same as reconciling a model rebuilt from scratch with the same machines,
/// units and placements: work is always taken in name order and everything a change can affect is queued.</para>
/// <para>Decisions are applied to the model as they are made. If the engine cannot write one, it tells the
/// model the truth with <see cref="Place"/> / <see cref="Unplace"/> and reconciles again.</para>
/// </remarks>
public sealed partial class ClusterModel
{
    private readonly Dictionary<string, UnitNode> _units = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MachineNode> _machines = new(StringComparer.Ordinal);

    /// <summary>Sets or updates a machine (metadata included), from the machine store or a heartbeat.</summary>
    public void SetMachine(MachineState machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        SetMachine(machine.Id, machine.Metadata);
    }

    /// <summary>Sets or updates a machine with its effective metadata. A machine that was removed comes back
    /// alive with the placements it still had.</summary>
    public void SetMachine(MachineId id, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        RequireId(id);
        var normalized = metadata as ImmutableSortedDictionary<string, string>;
        if (normalized is null || normalized.KeyComparer != StringComparer.Ordinal)
        {
            normalized = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, metadata);
        }

        if (!_machines.TryGetValue(id.Value, out var machine))
        {
            machine = new MachineNode(id);
            _machines.Add(id.Value, machine);
        }
        else if (machine.Alive && SameMetadata(machine.Metadata, normalized))
        {
            return;
        }

        if (machine.Alive)
        {
            Unindex(machine);
        }

        machine.Metadata = normalized;
        machine.Alive = true;
        Index(machine);
        QueueNonGlobalUnitsOn(machine);
        _globalsDirty.Add(machine);
        _wakeAll = true;
    }

    /// <summary>Removes a machine (its presence expired). Its units are unscheduled by the next
    /// <see cref="Reconcile"/> with <c>target Machine(id) went away</c>, unless it comes back first.</summary>
    public void RemoveMachine(MachineId id)
    {
        if (!_machines.TryGetValue(id.Value, out var machine) || !machine.Alive)
        {
            return;
        }

        Unindex(machine);
        machine.Alive = false;
        QueueNonGlobalUnitsOn(machine);
        _globalsDirty.Add(machine);
        DropIfGone(machine);
    }

    /// <summary>Adds or updates a unit (desired state and requirements).</summary>
    public void SetUnit(SchedulingUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        RequireName(unit.Name);
        ArgumentNullException.ThrowIfNull(unit.Requirements, nameof(unit));
        if (!_units.TryGetValue(unit.Name.Value, out var node))
        {
            node = new UnitNode(unit.Name);
            _units.Add(node.Key, node);
        }
        else if (node.Exists && node.Target == unit.TargetState && node.Requirements.Equals(unit.Requirements))
        {
            return;
        }

        var requirementsChanged = !node.Exists || !node.Requirements.Equals(unit.Requirements);
        var wasGlobal = node.Exists && node.IsGlobal;
        var oldTarget = node.Exists ? node.Target : TargetState.Inactive;
        Detach(node);
        node.Exists = true;
        node.Target = unit.TargetState;
        node.Requirements = unit.Requirements;
        Attach(node);
        QueueAfterUnitChange(node, requirementsChanged, wasGlobal, oldTarget);
    }

    /// <summary>Removes a unit (destroyed). Its placements are unscheduled by the next <see cref="Reconcile"/>
    /// with <c>unit removed</c>.</summary>
    public void RemoveUnit(UnitName name)
    {
        if (!_units.TryGetValue(name.Value, out var node) || !node.Exists)
        {
            return;
        }

        Detach(node);
        node.Exists = false;
        QueuePlacementsForCheck(node);
        UpdateWaiting(node);
        DropIfGone(node);
    }

    /// <summary>Records that <paramref name="machine"/>'s schedule holds <paramref name="unit"/> (loading the
    /// store before the first <see cref="Reconcile"/>, or re-feeding the truth after a failed write). Unknown
    /// units and machines are remembered until the next reconcile unschedules them. Global units get one
    /// placement per machine.</summary>
    public void Place(UnitName unit, MachineId machine)
    {
        RequireName(unit);
        RequireId(machine);
        var node = GetOrAddUnit(unit);
        var host = GetOrAddMachine(machine);
        if (host.Units.Contains(node))
        {
            return;
        }

        AddPlacement(node, host);
        if (!node.IsGlobal)
        {
            QueueNonGlobalUnitsOnOncePerRound(host, node);
        }

        _globalsDirty.Add(host);
    }

    /// <summary>Records that <paramref name="machine"/>'s schedule no longer holds <paramref name="unit"/>
    /// (e.g. a schedule write was rejected). The unit is placed again by the next <see cref="Reconcile"/>.</summary>
    public void Unplace(UnitName unit, MachineId machine)
    {
        if (!_units.TryGetValue(unit.Value, out var node) || !_machines.TryGetValue(machine.Value, out var host)
            || !host.Units.Contains(node))
        {
            return;
        }

        RemovePlacement(node, host, dirtyGlobals: true);
    }

    private static bool SameMetadata(ImmutableSortedDictionary<string, string> left, ImmutableSortedDictionary<string, string> right) =>
        left.Count == right.Count
        && left.All(kv => right.TryGetValue(kv.Key, out var v) && string.Equals(v, kv.Value, StringComparison.Ordinal));

    private static void RequireName(UnitName name)
    {
        if (name.Value.Length == 0)
        {
            throw new ArgumentException("The unit name is empty (default UnitName).", nameof(name));
        }
    }

    private static void RequireId(MachineId id)
    {
        if (id.Value.Length == 0)
        {
            throw new ArgumentException("The machine ID is empty (default MachineId).", nameof(id));
        }
    }
}
