using Fleet.Core.Units;

namespace Fleet.Scheduling.Tests;

/// <summary>The safety rules every reconciled model must satisfy, checked from the outside against the
/// desired state the test fed in.</summary>
internal static class ClusterInvariants
{
    public static void AssertHold(ClusterModel model, ClusterShadow shadow)
    {
        var placements = model.GetPlacements();
        var byMachine = placements.GroupBy(p => p.Machine.Value).ToDictionary(g => g.Key, g => g.Select(p => p.Unit.Value).ToList());
        foreach (var group in placements.GroupBy(p => p.Unit.Value))
        {
            Assert.True(shadow.Units.TryGetValue(group.Key, out var unit), $"{group.Key} is placed but does not exist");
            Assert.NotEqual(TargetState.Inactive, unit.TargetState);
            var requirements = unit.Requirements;
            Assert.True(requirements.Global || group.Count() == 1, $"non-global {group.Key} is on {group.Count()} machines");
            foreach (var placement in group)
            {
                var machine = placement.Machine.Value;
                Assert.True(shadow.Machines.ContainsKey(machine), $"{group.Key} is on dead machine {machine}");
                Assert.True(MetadataMatches(requirements, shadow.Machines[machine]), $"{group.Key} metadata fails on {machine}");
                if (requirements.Global)
                {
                    continue;
                }

                Assert.True(requirements.MachineId is null || placement.Machine.Matches(requirements.MachineId),
                    $"{group.Key} requires machine {requirements.MachineId} but is on {machine}");
                foreach (var peer in requirements.MachineOf)
                {
                    Assert.True(byMachine[machine].Contains(peer), $"{group.Key} is on {machine} without its peer {peer}");
                }
            }
        }

        foreach (var (machine, units) in byMachine)
        {
            AssertNoConflictsOrReplaces(machine, units, shadow);
        }

        AssertGlobalsComplete(byMachine, shadow);
    }

    private static void AssertNoConflictsOrReplaces(string machine, List<string> units, ClusterShadow shadow)
    {
        foreach (var x in units)
        {
            foreach (var y in units.Where(y => !string.Equals(x, y, StringComparison.Ordinal)))
            {
                var rx = shadow.Units[x].Requirements;
                var ry = shadow.Units[y].Requirements;
                Assert.False(Matches(rx.Conflicts, y) || Matches(ry.Conflicts, x), $"{x} and {y} conflict on {machine}");
                if (!rx.Global && !ry.Global)
                {
                    Assert.False(Matches(rx.Replaces, y) != Matches(ry.Replaces, x), $"{x} and {y} replace each other on {machine}");
                }
            }
        }
    }

    // An active global unit missing from a machine whose metadata matches must conflict with something there.
    private static void AssertGlobalsComplete(Dictionary<string, List<string>> byMachine, ClusterShadow shadow)
    {
        foreach (var global in shadow.Units.Values.Where(u => u.Requirements.Global && u.TargetState != TargetState.Inactive))
        {
            var name = global.Name.Value;
            foreach (var (machine, metadata) in shadow.Machines)
            {
                var units = byMachine.GetValueOrDefault(machine) ?? [];
                if (!MetadataMatches(global.Requirements, metadata) || units.Contains(name))
                {
                    continue;
                }

                Assert.True(units.Any(u => Matches(global.Requirements.Conflicts, u) || Matches(shadow.Units[u].Requirements.Conflicts, name)),
                    $"global {name} should run on {machine}");
            }
        }
    }

    private static bool Matches(IEnumerable<string> patterns, string name) => patterns.Any(p => UnitNameGlob.IsMatch(p, name));

    private static bool MetadataMatches(UnitRequirements requirements, IReadOnlyDictionary<string, string> metadata) =>
        requirements.MachineMetadata.All(kv => metadata.TryGetValue(kv.Key, out var v) && kv.Value.Contains(v));
}
