using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Scheduling.Model;

namespace Fleet.Scheduling;

/// <summary>Indexes and work queues, and the primitive placement operations that keep them in step.</summary>
public sealed partial class ClusterModel
{
    // Alive machines by (load, id), overall and per metadata pair: least-loaded choice reads the first able one.
    private readonly SortedSet<MachineNode> _byLoad = new(MachineOrder.Instance);
    private readonly Dictionary<(string Key, string Value), SortedSet<MachineNode>> _byMetadata = [];
    private readonly Dictionary<string, List<MachineNode>> _byShortId = new(StringComparer.Ordinal);

    // Peer name -> units whose MachineOf names it; existing global units; non-global units waiting for a machine.
    private readonly Dictionary<string, List<UnitNode>> _followers = new(StringComparer.Ordinal);
    private readonly SortedSet<UnitNode> _globals = new(UnitOrder.Instance);
    private readonly HashSet<UnitNode> _waiting = [];

    // Work for the next Reconcile: placements to re-check, units to place, machines whose global units to recompute.
    private readonly SortedSet<UnitNode> _toCheck = new(UnitOrder.Instance);
    private readonly SortedSet<UnitNode> _toPlace = new(UnitOrder.Instance);
    private readonly SortedSet<MachineNode> _globalsDirty = new(MachineIdOrder.Instance);
    private bool _wakeAll;

    private void Index(MachineNode machine)
    {
        machine.MetadataSets = ResolveMetadataSets(machine);
        AddToOrder(machine);
        if (machine.Key.Length > 8)
        {
            var shortId = machine.Id.ShortId;
            if (!_byShortId.TryGetValue(shortId, out var list))
            {
                _byShortId[shortId] = list = [];
            }

            list.Add(machine);
        }
    }

    private void Unindex(MachineNode machine)
    {
        RemoveFromOrder(machine);
        machine.MetadataSets = [];
        if (machine.Key.Length > 8 && _byShortId.TryGetValue(machine.Id.ShortId, out var list))
        {
            list.Remove(machine);
            if (list.Count == 0)
            {
                _byShortId.Remove(machine.Id.ShortId);
            }
        }
    }

    private void AddToOrder(MachineNode machine)
    {
        _byLoad.Add(machine);
        foreach (var set in machine.MetadataSets)
        {
            set.Add(machine);
        }
    }

    private void RemoveFromOrder(MachineNode machine)
    {
        _byLoad.Remove(machine);
        foreach (var set in machine.MetadataSets)
        {
            set.Remove(machine);
        }
    }

    // Empty sets stay in _byMetadata: there are only as many as distinct metadata pairs ever seen.
    private SortedSet<MachineNode>[] ResolveMetadataSets(MachineNode machine)
    {
        var sets = new SortedSet<MachineNode>[machine.Metadata.Count];
        var i = 0;
        foreach (var pair in machine.Metadata)
        {
            if (!_byMetadata.TryGetValue((pair.Key, pair.Value), out var set))
            {
                _byMetadata[(pair.Key, pair.Value)] = set = new SortedSet<MachineNode>(MachineOrder.Instance);
            }

            sets[i++] = set;
        }

        return sets;
    }

    private void Attach(UnitNode unit)
    {
        unit.Conflicts = PatternSet.From(unit.Requirements.Conflicts);
        unit.Replaces = PatternSet.From(unit.Requirements.Replaces);
        AdjustPatternCounts(unit, +1);
        foreach (var peer in unit.Requirements.MachineOf.Distinct(StringComparer.Ordinal))
        {
            if (!_followers.TryGetValue(peer, out var list))
            {
                _followers[peer] = list = [];
            }

            list.Add(unit);
        }

        if (unit.IsGlobal)
        {
            _globals.Add(unit);
        }
    }

    private void Detach(UnitNode unit)
    {
        if (!unit.Exists)
        {
            return;
        }

        AdjustPatternCounts(unit, -1);
        unit.Conflicts = PatternSet.Empty;
        unit.Replaces = PatternSet.Empty;
        foreach (var peer in unit.Requirements.MachineOf.Distinct(StringComparer.Ordinal))
        {
            if (_followers.TryGetValue(peer, out var list) && list.Remove(unit) && list.Count == 0)
            {
                _followers.Remove(peer);
            }
        }

        _globals.Remove(unit);
    }

    private static void AdjustPatternCounts(UnitNode unit, int delta)
    {
        if (unit.HasPatterns)
        {
            foreach (var machine in unit.PlacementsById())
            {
                machine.PatternUnits += delta;
            }
        }
    }

    private void AddPlacement(UnitNode unit, MachineNode machine)
    {
        if (machine.Alive)
        {
            RemoveFromOrder(machine);
        }

        machine.Units.Add(unit);
        machine.PatternUnits += unit.HasPatterns ? 1 : 0;
        if (machine.Alive)
        {
            AddToOrder(machine);
        }

        unit.AddPlacement(machine);
        UpdateWaiting(unit);
        if (_followers.TryGetValue(unit.Key, out var followers))
        {
            foreach (var follower in followers)
            {
                if (_waiting.Contains(follower))
                {
                    _toPlace.Add(follower);
                }
            }
        }
    }

    private void RemovePlacement(UnitNode unit, MachineNode machine, bool dirtyGlobals)
    {
        if (machine.Alive)
        {
            RemoveFromOrder(machine);
        }

        machine.Units.Remove(unit);
        machine.PatternUnits -= unit.HasPatterns ? 1 : 0;
        if (machine.Alive)
        {
            AddToOrder(machine);
        }

        unit.RemovePlacement(machine);
        if (_followers.TryGetValue(unit.Key, out var followers))
        {
            foreach (var follower in followers)
            {
                if (!follower.IsGlobal && machine.Units.Contains(follower))
                {
                    _toCheck.Add(follower);
                }
            }
        }

        if (dirtyGlobals)
        {
            _globalsDirty.Add(machine);
        }

        _wakeAll = true;
        UpdateWaiting(unit);
        DropIfGone(machine);
        DropIfGone(unit);
    }

    private void UpdateWaiting(UnitNode unit)
    {
        if (unit.WantsMachine && unit.PlacementCount == 0)
        {
            _waiting.Add(unit);
        }
        else
        {
            _waiting.Remove(unit);
        }
    }

    private void QueueAfterUnitChange(UnitNode unit, bool requirementsChanged, bool wasGlobal, TargetState oldTarget)
    {
        var activeChanged = (oldTarget == TargetState.Inactive) != (unit.Target == TargetState.Inactive);
        if ((unit.IsGlobal || wasGlobal) && (requirementsChanged || activeChanged))
        {
            _globalsDirty.UnionWith(_byLoad);
            foreach (var machine in unit.PlacementsById())
            {
                _globalsDirty.Add(machine);
            }
        }

        if (!unit.IsGlobal)
        {
            foreach (var machine in unit.PlacementsById())
            {
                if (requirementsChanged)
                {
                    QueueNonGlobalUnitsOnOncePerRound(machine, unit);
                    _globalsDirty.Add(machine);
                }
                else
                {
                    _toCheck.Add(unit);
                }
            }
        }

        _wakeAll |= requirementsChanged && unit.PlacementCount > 0;
        UpdateWaiting(unit);
        if (_waiting.Contains(unit))
        {
            _toPlace.Add(unit);
        }
    }

    /// <summary>Queues every non-global unit on <paramref name="machine"/> for a re-check because
    /// <paramref name="changed"/> (a non-global unit on it) was placed there or changed its requirements.</summary>
    /// <remarks>A new leader's load places many units per machine and then sets each unit, schedule and units
    /// arriving in any order, before one Reconcile: queueing the whole machine each time made that quadratic
    /// in units per machine (22 s of CPU for 100,000 units on 100 machines when placements came first, 23 s
    /// again when units came after their placements). Until the next Reconcile drains the queue, the machine's
    /// units stay queued, so only <paramref name="changed"/> needs adding.</remarks>
    private void QueueNonGlobalUnitsOnOncePerRound(MachineNode machine, UnitNode changed)
    {
        if (machine.AllUnitsQueuedRound == _round)
        {
            _toCheck.Add(changed);
        }
        else
        {
            QueueNonGlobalUnitsOn(machine);
            machine.AllUnitsQueuedRound = _round;
        }
    }

    private void QueueNonGlobalUnitsOn(MachineNode machine)
    {
        foreach (var unit in machine.Units)
        {
            if (!unit.IsGlobal)
            {
                _toCheck.Add(unit);
            }
        }
    }

    private void QueuePlacementsForCheck(UnitNode unit)
    {
        foreach (var machine in unit.PlacementsById())
        {
            if (unit.IsGlobal)
            {
                _globalsDirty.Add(machine);
            }
            else
            {
                _toCheck.Add(unit);
            }
        }
    }

    private UnitNode GetOrAddUnit(UnitName name)
    {
        if (!_units.TryGetValue(name.Value, out var unit))
        {
            unit = new UnitNode(name);
            _units.Add(unit.Key, unit);
        }

        return unit;
    }

    private MachineNode GetOrAddMachine(MachineId id)
    {
        if (!_machines.TryGetValue(id.Value, out var machine))
        {
            machine = new MachineNode(id);
            _machines.Add(machine.Key, machine);
        }

        return machine;
    }

    private void DropIfGone(MachineNode machine)
    {
        if (!machine.Alive && machine.Units.Count == 0 && _machines.Remove(machine.Key))
        {
            _globalsDirty.Remove(machine);
        }
    }

    private void DropIfGone(UnitNode unit)
    {
        if (!unit.Exists && unit.PlacementCount == 0 && _units.Remove(unit.Key))
        {
            _toCheck.Remove(unit);
            _toPlace.Remove(unit);
        }
    }
}
