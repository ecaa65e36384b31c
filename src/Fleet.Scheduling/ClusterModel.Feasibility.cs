using Fleet.Scheduling.Model;

namespace Fleet.Scheduling;

/// <summary>Fleet's <c>AbleToRun</c> and the least-loaded choice among able machines.</summary>
public sealed partial class ClusterModel
{
    // The least-loaded alive machine (then lowest ID) able to run the unit, or null. Candidates come from the
    // most selective index the requirements allow; the answer equals a scan of every machine in (load, id) order.
    private MachineNode? Decide(UnitNode unit, FeasibilityMode mode, MachineNode? exclude)
    {
        var chosen = DecideIndexed(unit, mode, exclude);
        if (VerifyDecisions && chosen != FirstAble(_byLoad, unit, mode, exclude))
        {
            throw new InvalidOperationException(
                $"indexed choice {chosen?.Key ?? "none"} for {unit.Key} differs from a scan of every machine");
        }

        return chosen;
    }

    /// <summary>Tests only: cross-check every indexed least-loaded choice against a scan of all machines.</summary>
    internal bool VerifyDecisions { get; set; }

    private MachineNode? DecideIndexed(UnitNode unit, FeasibilityMode mode, MachineNode? exclude)
    {
        var requirements = unit.Requirements;
        if (requirements.MachineId is { Length: > 0 } required)
        {
            var exact = _machines.TryGetValue(required, out var byId) && byId.Alive ? [byId] : Array.Empty<MachineNode>();
            var byShort = _byShortId.TryGetValue(required, out var list) ? list : [];
            return BestOf(exact.Concat(byShort), unit, mode, exclude);
        }

        if (!requirements.MachineOf.IsDefaultOrEmpty)
        {
            return _units.TryGetValue(requirements.MachineOf[0], out var peer)
                ? BestOf(peer.PlacementsById().Where(m => m.Alive), unit, mode, exclude)
                : null;
        }

        if (requirements.MachineMetadata.Count > 0)
        {
            MachineNode? best = null;
            foreach (var set in MostSelectiveMetadataSets(requirements))
            {
                var first = FirstAble(set, unit, mode, exclude);
                if (first is not null && (best is null || MachineOrder.Instance.Compare(first, best) < 0))
                {
                    best = first;
                }
            }

            return best;
        }

        return FirstAble(_byLoad, unit, mode, exclude);
    }

    private List<SortedSet<MachineNode>> MostSelectiveMetadataSets(Core.Units.UnitRequirements requirements)
    {
        List<SortedSet<MachineNode>>? best = null;
        var bestSize = int.MaxValue;
        foreach (var (key, values) in requirements.MachineMetadata)
        {
            var sets = new List<SortedSet<MachineNode>>();
            var size = 0;
            foreach (var value in values.Distinct(StringComparer.Ordinal))
            {
                if (_byMetadata.TryGetValue((key, value), out var set))
                {
                    sets.Add(set);
                    size += set.Count;
                }
            }

            if (size < bestSize)
            {
                (best, bestSize) = (sets, size);
            }
        }

        return best ?? [];
    }

    private MachineNode? FirstAble(SortedSet<MachineNode> ordered, UnitNode unit, FeasibilityMode mode, MachineNode? exclude)
    {
        // Usually the least-loaded machine is able: look at it before paying for an enumerator.
        if (ordered.Min is { } least && least != exclude && CannotRun(unit, least, mode) is null)
        {
            return least;
        }

        foreach (var machine in ordered)
        {
            if (machine != exclude && CannotRun(unit, machine, mode) is null)
            {
                return machine;
            }
        }

        return null;
    }

    private MachineNode? BestOf(IEnumerable<MachineNode> candidates, UnitNode unit, FeasibilityMode mode, MachineNode? exclude)
    {
        MachineNode? best = null;
        foreach (var machine in candidates)
        {
            if (machine != exclude && (best is null || MachineOrder.Instance.Compare(machine, best) < 0)
                && CannotRun(unit, machine, mode) is null)
            {
                best = machine;
            }
        }

        return best;
    }

    // Fleet's AbleToRun in its order; returns the reason the unit cannot run on the machine, or null.
    private string? CannotRun(UnitNode unit, MachineNode machine, FeasibilityMode mode)
    {
        var requirements = unit.Requirements;
        if (requirements.MachineId is { Length: > 0 } required && !machine.Id.Matches(required))
        {
            return Reasons.IdMismatch(machine.Id, required);
        }

        foreach (var (key, values) in requirements.MachineMetadata)
        {
            if (!machine.Metadata.TryGetValue(key, out var actual) || !values.Contains(actual, StringComparer.Ordinal))
            {
                return Reasons.MetadataInsufficient;
            }
        }

        foreach (var peer in requirements.MachineOf)
        {
            // Presence only: a peer that is about to leave (removed, inactive) is queued itself, and its
            // followers are re-checked when it actually leaves.
            if (!_units.TryGetValue(peer, out var node) || !machine.Units.Contains(node))
            {
                return Reasons.PeerMissing(peer);
            }
        }

        if (FindConflict(unit, machine, includeGlobals: mode != FeasibilityMode.Recheck) is { } conflict)
        {
            return Reasons.Conflict(conflict.Name);
        }

        return mode != FeasibilityMode.Recheck && (!unit.Replaces.IsEmpty || machine.PatternUnits > 0)
            && FindReplaceBlocker(unit, machine, mode) is { } blocker
            ? Reasons.Replace(blocker.Name)
            : null;
    }

    /// <summary>True for a unit that takes part in a machine's unit set (fleet's agent state excludes inactive jobs).</summary>
    private static bool Counts(UnitNode unit) => unit.Exists && unit.Target != Core.Units.TargetState.Inactive;

    private static UnitNode? FindConflict(UnitNode unit, MachineNode machine, bool includeGlobals)
    {
        if (unit.Conflicts.IsEmpty && machine.PatternUnits == 0)
        {
            return null;
        }

        UnitNode? found = null;
        foreach (var other in machine.Units)
        {
            if (other != unit && Counts(other) && (includeGlobals || !other.IsGlobal)
                && (found is null || UnitOrder.Instance.Compare(other, found) < 0)
                && (unit.Conflicts.Matches(other.Key) || other.Conflicts.Matches(unit.Key)))
            {
                found = other;
            }
        }

        return found;
    }

    // Place: a local unit that replaces this one blocks; Move: any one-directional replace relation blocks.
    private static UnitNode? FindReplaceBlocker(UnitNode unit, MachineNode machine, FeasibilityMode mode)
    {
        UnitNode? found = null;
        foreach (var other in ReplaceRelations(unit, machine))
        {
            var otherReplacesUnit = other.Replaces.Matches(unit.Key);
            if ((otherReplacesUnit || mode == FeasibilityMode.Move) && (found is null || UnitOrder.Instance.Compare(other, found) < 0))
            {
                found = other;
            }
        }

        return found;
    }

    /// <summary>The lowest-named non-global unit on the machine with a one-directional replace relation.</summary>
    private static UnitNode? FindReplaceRelation(UnitNode unit, MachineNode machine)
    {
        UnitNode? found = null;
        foreach (var other in ReplaceRelations(unit, machine))
        {
            if (found is null || UnitOrder.Instance.Compare(other, found) < 0)
            {
                found = other;
            }
        }

        return found;
    }

    /// <summary>Units on the machine this one replaces (not circularly), in name order.</summary>
    private static List<UnitNode> ReplacedBy(UnitNode unit, MachineNode machine)
    {
        var victims = ReplaceRelations(unit, machine).Where(o => unit.Replaces.Matches(o.Key)).ToList();
        victims.Sort(UnitOrder.Instance);
        return victims;
    }

    // Non-global, counting units on the machine where exactly one of the two replaces the other (fleet ignores
    // circular replaces). Unordered.
    private static IEnumerable<UnitNode> ReplaceRelations(UnitNode unit, MachineNode machine)
    {
        if (unit.Replaces.IsEmpty && machine.PatternUnits == 0)
        {
            yield break;
        }

        foreach (var other in machine.Units)
        {
            if (other != unit && !other.IsGlobal && Counts(other)
                && unit.Replaces.Matches(other.Key) != other.Replaces.Matches(unit.Key))
            {
                yield return other;
            }
        }
    }
}
