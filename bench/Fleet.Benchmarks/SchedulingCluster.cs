using System.Collections.Immutable;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Scheduling;

namespace Fleet.Benchmarks;

/// <summary>A synthetic cluster for the scheduling benchmarks: machines with a region (10 values) and a
/// disk kind, units of which 10% require a region, 5% conflict with a glob, 5% follow a peer (MachineOf).</summary>
internal static class SchedulingCluster
{
    public static MachineId MachineName(int i) => MachineId.Parse($"{i:x8}{i * 2654435761u:x8}");

    public static ImmutableSortedDictionary<string, string> Metadata(int i, string? disk = null) =>
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["region"] = $"r{i % 10}",
            ["disk"] = disk ?? (i % 2 == 0 ? "ssd" : "hdd"),
        });

    public static SchedulingUnit Unit(int i, string prefix = "u")
    {
        var requirements = (i % 20) switch
        {
            0 or 10 => new UnitRequirements
            {
                MachineMetadata = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
                    [KeyValuePair.Create("region", ImmutableArray.Create($"r{i / 20 % 10}"))]),
            },
            1 => new UnitRequirements { Conflicts = [$"{prefix}*-c{i / 20 % 50}.service"] },
            2 => new UnitRequirements { MachineOf = [Name(i - 1, prefix).Value] },
            _ => UnitRequirements.None,
        };
        return new SchedulingUnit(Name(i, prefix), TargetState.Launched, requirements);
    }

    public static UnitName Name(int i, string prefix = "u") =>
        UnitName.Parse(i % 20 == 1 ? $"{prefix}{i:D6}-c{i / 20 % 50}.service" : $"{prefix}{i:D6}.service");

    public static ClusterModel Build(int machines, int units)
    {
        var model = new ClusterModel();
        for (var i = 0; i < machines; i++)
        {
            model.SetMachine(MachineName(i), Metadata(i));
        }

        for (var i = 0; i < units; i++)
        {
            model.SetUnit(Unit(i));
        }

        return model;
    }
}
