using Fleet.Core.Units;

namespace Fleet.Scheduling.Model;

/// <summary>A unit in the model: its desired state and requirements, and where it is placed.</summary>
/// <remarks>A node whose <see cref="Exists"/> is false is a tombstone: the unit was removed (or is only
/// known from a placement) and stays until its placements have been unscheduled.</remarks>
internal sealed class UnitNode(UnitName name)
{
    private MachineNode? _single;
    private HashSet<MachineNode>? _many;

    public UnitName Name { get; } = name;

    public string Key => Name.Value;

    public bool Exists { get; set; }

    public TargetState Target { get; set; }

    public UnitRequirements Requirements { get; set; } = UnitRequirements.None;

    public PatternSet Conflicts { get; set; } = PatternSet.Empty;

    public PatternSet Replaces { get; set; } = PatternSet.Empty;

    /// <summary>True for an existing global unit (a tombstone is never global: its placements are simply unscheduled).</summary>
    public bool IsGlobal => Exists && Requirements.Global;

    public bool HasPatterns => !Conflicts.IsEmpty || !Replaces.IsEmpty;

    /// <summary>True for an existing non-global unit that should run somewhere.</summary>
    public bool WantsMachine => Exists && !IsGlobal && Target != TargetState.Inactive;

    /// <summary>Reconcile round in which <see cref="PlacedInRound"/> was counted.</summary>
    public int Round { get; set; }

    /// <summary>How often the unit was placed during <see cref="Round"/> (bounds replace/follow chains).</summary>
    public int PlacedInRound { get; set; }

    public int PlacementCount => _many?.Count ?? (_single is null ? 0 : 1);

    public MachineNode? SinglePlacement => _many is null ? _single : null;

    public void AddPlacement(MachineNode machine)
    {
        if (_many is not null)
        {
            _many.Add(machine);
        }
        else if (_single is null)
        {
            _single = machine;
        }
        else
        {
            _many = [_single, machine];
            _single = null;
        }
    }

    public void RemovePlacement(MachineNode machine)
    {
        if (_many is not null)
        {
            _many.Remove(machine);
            if (_many.Count == 1)
            {
                _single = _many.First();
                _many = null;
            }
        }
        else if (_single == machine)
        {
            _single = null;
        }
    }

    /// <summary>The machines the unit is placed on, in machine ID order (a copy; callers may mutate the model).</summary>
    public MachineNode[] PlacementsById()
    {
        if (_many is null)
        {
            return _single is null ? [] : [_single];
        }

        var all = _many.ToArray();
        Array.Sort(all, MachineIdOrder.Instance);
        return all;
    }

    public override string ToString() => Key;
}
