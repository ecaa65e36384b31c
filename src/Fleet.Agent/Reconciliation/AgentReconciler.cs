using Fleet.Core.Units;

namespace Fleet.Agent.Reconciliation;

/// <summary>Computes the tasks that take this machine from its current units to its desired units
/// (fleet's <c>AgentReconciler.calculateTasksForUnits</c>). Pure: no I/O, no clock, no logging.</summary>
/// <remarks>
/// Tasks come ordered by <see cref="AgentTaskKind"/> (unload, load, reload, stop, start) and, within a
/// kind, by unit name. One <see cref="AgentTaskKind.ReloadUnitFiles"/> is included exactly when there is
/// a load or an unload. A desired state of <see cref="TargetState.Inactive"/> means "not scheduled here".
/// Units are planned independently of each other (the engine resolves conflicts between units before it
/// schedules them), so planning a subset of units gives exactly the tasks a full plan has for that subset.
/// </remarks>
public static class AgentReconciler
{
    /// <summary>Plans the tasks for every unit that is desired, present, or both.</summary>
    /// <param name="desired">This machine's schedule: unit → hash and target state.</param>
    /// <param name="current">What the agent holds locally: unit → loaded hash and reached state.</param>
    public static IReadOnlyList<AgentTask> Reconcile(
        IReadOnlyDictionary<UnitName, AgentUnit> desired,
        IReadOnlyDictionary<UnitName, AgentUnit> current)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(current);
        return Reconcile(desired, current, desired.Keys.Union(current.Keys));
    }

    /// <summary>Plans the tasks for the given units only (those whose desired or current state changed):
    /// the work is proportional to <paramref name="units"/>, not to the size of the dictionaries.</summary>
    /// <param name="desired">This machine's schedule, or any part of it that holds every entry of
    /// <paramref name="units"/> that is scheduled: a unit missing from it is not scheduled here.</param>
    /// <param name="current">What the agent holds locally, or any part of it that holds every held unit of
    /// <paramref name="units"/>: a unit missing from it is not held.</param>
    /// <param name="units">The units to plan; duplicates are ignored.</param>
    public static IReadOnlyList<AgentTask> Reconcile(
        IReadOnlyDictionary<UnitName, AgentUnit> desired,
        IReadOnlyDictionary<UnitName, AgentUnit> current,
        IEnumerable<UnitName> units)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(units);

        var tasks = new List<AgentTask>();
        foreach (var name in units.Distinct().Order())
        {
            AddTasksForUnit(name, desired.GetValueOrDefault(name), current.GetValueOrDefault(name), tasks);
        }

        if (tasks.Any(t => t.Kind is AgentTaskKind.LoadUnit or AgentTaskKind.UnloadUnit))
        {
            tasks.Add(new AgentTask(AgentTaskKind.ReloadUnitFiles, null, null, AgentTaskReasons.ReloadUnitFiles));
        }

        // OrderBy is stable: units keep their name order within a kind.
        return [.. tasks.OrderBy(t => t.Kind)];
    }

    private static void AddTasksForUnit(UnitName name, AgentUnit? desired, AgentUnit? current, List<AgentTask> tasks)
    {
        var desiredState = desired?.State ?? TargetState.Inactive;
        var currentState = current?.State ?? TargetState.Inactive;
        if (desired is null || desiredState == TargetState.Inactive)
        {
            if (currentState != TargetState.Inactive)
            {
                tasks.Add(new AgentTask(AgentTaskKind.UnloadUnit, name, null, AgentTaskReasons.LoadedButNotScheduled));
            }

            return;
        }

        if (current is not null && currentState != TargetState.Inactive && current.Hash != desired.Hash)
        {
            tasks.Add(new AgentTask(AgentTaskKind.UnloadUnit, name, null, AgentTaskReasons.LoadedButHashDiffers));
            tasks.Add(new AgentTask(AgentTaskKind.LoadUnit, name, desired.Hash, AgentTaskReasons.LoadedButHashDiffers));
            currentState = TargetState.Loaded;
        }
        else if (currentState == TargetState.Inactive)
        {
            tasks.Add(new AgentTask(AgentTaskKind.LoadUnit, name, desired.Hash, AgentTaskReasons.ScheduledButNotLoaded));
            currentState = TargetState.Loaded;
        }

        if (currentState == TargetState.Loaded && desiredState == TargetState.Launched)
        {
            tasks.Add(new AgentTask(AgentTaskKind.StartUnit, name, null, AgentTaskReasons.LoadedDesiredStateLaunched));
        }
        else if (currentState == TargetState.Launched && desiredState == TargetState.Loaded)
        {
            tasks.Add(new AgentTask(AgentTaskKind.StopUnit, name, null, AgentTaskReasons.LaunchedDesiredStateLoaded));
        }
    }
}
