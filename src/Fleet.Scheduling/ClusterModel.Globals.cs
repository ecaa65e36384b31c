using Fleet.Scheduling.Model;

namespace Fleet.Scheduling;

/// <summary>Global units: which machines should run each one (reference §6.5).</summary>
public sealed partial class ClusterModel
{
    // A machine runs every active global unit whose MachineMetadata it satisfies and which conflicts neither
    // with the non-global units scheduled there nor with a global unit earlier in name order that runs there
    // (fleet's agent builds its unit set the same way). Other X-Fleet options are ignored for global units.
    private void RecomputeGlobals(MachineNode machine)
    {
        if (!_machines.TryGetValue(machine.Key, out var known) || known != machine)
        {
            return;
        }

        var placed = machine.Units.Where(u => u.IsGlobal).ToList();
        placed.Sort(UnitOrder.Instance);
        if (!machine.Alive)
        {
            foreach (var global in placed)
            {
                Unschedule(global, machine, Reasons.WentAway(machine.Id), dirtyGlobals: false);
            }

            return;
        }

        var desired = new List<UnitNode>();
        Dictionary<UnitNode, string>? refusals = null;
        foreach (var global in _globals)
        {
            if (global.Target == Core.Units.TargetState.Inactive)
            {
                continue;
            }

            if (GlobalCannotRun(global, machine, desired) is not { } why)
            {
                desired.Add(global);
            }
            else if (machine.Units.Contains(global))
            {
                (refusals ??= [])[global] = why;
            }
        }

        foreach (var global in placed)
        {
            if (refusals is not null && refusals.TryGetValue(global, out var why))
            {
                Unschedule(global, machine, Reasons.UnableToRun(machine.Id, why), dirtyGlobals: false);
            }
            else if (!global.Exists || global.Target == Core.Units.TargetState.Inactive)
            {
                Unschedule(global, machine, global.Exists ? Reasons.TargetInactive : Reasons.UnitRemoved, dirtyGlobals: false);
            }
        }

        foreach (var global in desired)
        {
            if (!machine.Units.Contains(global))
            {
                Schedule(global, machine, Reasons.NotScheduled(global.Target));
            }
        }
    }

    private static string? GlobalCannotRun(UnitNode global, MachineNode machine, List<UnitNode> runningGlobals)
    {
        foreach (var (key, values) in global.Requirements.MachineMetadata)
        {
            if (!machine.Metadata.TryGetValue(key, out var actual) || !values.Contains(actual, StringComparer.Ordinal))
            {
                return Reasons.MetadataInsufficient;
            }
        }

        if (FindConflict(global, machine, includeGlobals: false) is { } local)
        {
            return Reasons.Conflict(local.Name);
        }

        foreach (var other in runningGlobals)
        {
            if (global.Conflicts.Matches(other.Key) || other.Conflicts.Matches(global.Key))
            {
                return Reasons.Conflict(other.Name);
            }
        }

        return null;
    }
}
