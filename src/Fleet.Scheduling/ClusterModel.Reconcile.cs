using Fleet.Scheduling.Model;

namespace Fleet.Scheduling;

/// <summary>The reconcile loop: re-check placements, recompute global units, place waiting units.</summary>
public sealed partial class ClusterModel
{
    // A unit may be placed this often in one Reconcile; beyond that (a replace/follow chain) it waits,
    // still queued, for the next call. Keeps every call finite whatever the requirements say.
    private const int MaxPlacementsPerRound = 4;

    private readonly List<UnitNode> _deferred = [];
    private List<Decision> _decisions = [];
    private int _round;

    /// <summary>Decides what the changes since the last call require, applies the decisions to the model and
    /// returns them in the order they must be written (an unschedule before the schedule it makes room for).</summary>
    /// <remarks>
    /// Order of work: first every queued placement is re-checked (name order) — unit removed, target state
    /// inactive, machine gone, <c>AbleToRun</c> (MachineID, metadata, peers, conflicts) and Replaces; then the
    /// global units of every affected machine are recomputed (machine ID order); then waiting units are placed
    /// (name order) on the least-loaded able machine. Each step can queue more work of any kind (a unit that
    /// leaves a machine takes its MachineOf followers with it; a placed peer lets its followers follow), and
    /// re-checks always run first.
    /// </remarks>
    public IReadOnlyList<Decision> Reconcile()
    {
        _round++;
        _decisions = [];
        while (true)
        {
            if (_wakeAll)
            {
                if (_waiting.Count > 0)
                {
                    _toPlace.UnionWith(_waiting);
                }

                _wakeAll = false;
            }

            if (_toCheck.Count > 0)
            {
                var unit = _toCheck.Min!;
                _toCheck.Remove(unit);
                Check(unit);
            }
            else if (_globalsDirty.Count > 0)
            {
                var machine = _globalsDirty.Min!;
                _globalsDirty.Remove(machine);
                RecomputeGlobals(machine);
            }
            else if (_toPlace.Count > 0)
            {
                var unit = _toPlace.Min!;
                _toPlace.Remove(unit);
                TryPlace(unit);
            }
            else
            {
                break;
            }
        }

        _toPlace.UnionWith(_deferred);
        _deferred.Clear();

        // A HashSet enumerates every slot it ever used: after a big first placement, shrink the waiting set
        // so that waking it costs what it holds.
        if (_waiting.EnsureCapacity(0) > (4 * _waiting.Count) + 1024)
        {
            _waiting.TrimExcess();
        }

        return _decisions;
    }

    private void Check(UnitNode unit)
    {
        if (unit.IsGlobal || unit.PlacementCount == 0)
        {
            return;
        }

        if (!unit.Exists)
        {
            foreach (var placed in unit.PlacementsById())
            {
                Unschedule(unit, placed, Reasons.UnitRemoved);
            }

            return;
        }

        if (unit.PlacementCount > 1)
        {
            var all = unit.PlacementsById();
            var keep = all.FirstOrDefault(m => m.Alive) ?? all[0];
            foreach (var extra in all.Where(m => m != keep))
            {
                Unschedule(unit, extra, Reasons.MoreThanOneMachine);
            }
        }

        var machine = unit.SinglePlacement!;
        var reason = unit.Target == Core.Units.TargetState.Inactive ? Reasons.TargetInactive
            : !machine.Alive ? Reasons.WentAway(machine.Id)
            : CannotRun(unit, machine, FeasibilityMode.Recheck) is { } why ? Reasons.UnableToRun(machine.Id, why)
            : null;
        if (reason is not null)
        {
            Unschedule(unit, machine, reason);
            return;
        }

        if (FindReplaceRelation(unit, machine) is { } other)
        {
            var unitIsReplaced = other.Replaces.Matches(unit.Key);
            var (replaced, replacer) = unitIsReplaced ? (unit, other) : (other, unit);
            MoveReplaced(replaced, machine, replacer);
            if (!unitIsReplaced)
            {
                _toCheck.Add(unit);
            }
        }
    }

    private void TryPlace(UnitNode unit)
    {
        if (!_waiting.Contains(unit))
        {
            return;
        }

        if (!MayPlaceAgain(unit))
        {
            _deferred.Add(unit);
            return;
        }

        if (Decide(unit, FeasibilityMode.Place, exclude: null) is not { } machine)
        {
            return;
        }

        Schedule(unit, machine, Reasons.NotScheduled(unit.Target));
        foreach (var victim in ReplacedBy(unit, machine))
        {
            MoveReplaced(victim, machine, unit);
        }
    }

    // Fleet's DecideReschedule: the replaced unit leaves the replacer's machine for the least-loaded other
    // machine able to run it without any replace relation there (so a move never triggers another move).
    private void MoveReplaced(UnitNode replaced, MachineNode machine, UnitNode replacer)
    {
        Unschedule(replaced, machine, Reasons.UnableToRun(machine.Id, Reasons.Replace(replacer.Name)));
        if (!_waiting.Contains(replaced) || !MayPlaceAgain(replaced))
        {
            return;
        }

        if (Decide(replaced, FeasibilityMode.Move, exclude: machine) is { } target)
        {
            Schedule(replaced, target, Reasons.ReplacedBy(replacer.Name, machine.Id));
        }
    }

    private bool MayPlaceAgain(UnitNode unit)
    {
        if (unit.Round != _round)
        {
            unit.Round = _round;
            unit.PlacedInRound = 0;
        }

        return unit.PlacedInRound < MaxPlacementsPerRound;
    }

    private void Schedule(UnitNode unit, MachineNode machine, string reason)
    {
        unit.PlacedInRound++;
        _decisions.Add(new Decision(DecisionKind.Schedule, unit.Name, machine.Id, reason));
        AddPlacement(unit, machine);
    }

    private void Unschedule(UnitNode unit, MachineNode machine, string reason, bool dirtyGlobals = true)
    {
        _decisions.Add(new Decision(DecisionKind.Unschedule, unit.Name, machine.Id, reason));
        RemovePlacement(unit, machine, dirtyGlobals);
    }
}
