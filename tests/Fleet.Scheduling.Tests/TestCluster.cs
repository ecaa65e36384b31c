using System.Collections.Immutable;
using Fleet.Core.Machines;
using Fleet.Core.Units;

namespace Fleet.Scheduling.Tests;

/// <summary>Terse builders for scheduling tests.</summary>
internal static class TestCluster
{
    public static UnitName U(string name) => UnitName.Parse(name);

    public static MachineId M(string id) => MachineId.Parse(id);

    public static UnitRequirements Req(
        string? machineId = null,
        string[]? machineOf = null,
        (string Key, string Value)[]? metadata = null,
        string[]? conflicts = null,
        string[]? replaces = null,
        bool global = false) =>
        new()
        {
            MachineId = machineId,
            MachineOf = [.. machineOf ?? []],
            MachineMetadata = (metadata ?? [])
                .GroupBy(p => p.Key, StringComparer.Ordinal)
                .ToImmutableSortedDictionary(g => g.Key, g => g.Select(p => p.Value).ToImmutableArray(), StringComparer.Ordinal),
            Conflicts = [.. conflicts ?? []],
            Replaces = [.. replaces ?? []],
            Global = global,
        };

    public static ClusterModel WithMachines(this ClusterModel model, params string[] ids)
    {
        foreach (var id in ids)
        {
            model.SetMachine(M(id), ImmutableSortedDictionary<string, string>.Empty);
        }

        return model;
    }

    public static ClusterModel WithMachine(this ClusterModel model, string id, params (string Key, string Value)[] metadata)
    {
        model.SetMachine(M(id), metadata.ToImmutableSortedDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
        return model;
    }

    public static ClusterModel WithUnit(this ClusterModel model, string name, UnitRequirements? requirements = null,
        TargetState target = TargetState.Launched)
    {
        model.SetUnit(new SchedulingUnit(U(name), target, requirements ?? UnitRequirements.None));
        return model;
    }

    public static ClusterModel WithPlacement(this ClusterModel model, string unit, string machine)
    {
        model.Place(U(unit), M(machine));
        return model;
    }

    public static Decision Sched(string unit, string machine, string reason = "target state launched and unit not scheduled") =>
        new(DecisionKind.Schedule, U(unit), M(machine), reason);

    public static Decision Unsched(string unit, string machine, string reason) =>
        new(DecisionKind.Unschedule, U(unit), M(machine), reason);

    public static void AssertDecisions(IReadOnlyList<Decision> actual, params Decision[] expected) =>
        Assert.Equal(expected.Select(d => d.ToString()), actual.Select(d => d.ToString()));
}
