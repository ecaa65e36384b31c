using System.Collections.Immutable;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Registry;

namespace Fleet.Testing.Registry;

/// <summary>Small builders for registry test values.</summary>
public static class RegistryTestData
{
    /// <summary>A unit file whose hash depends on <paramref name="description"/>.</summary>
    public static UnitFile File(string description) => UnitFile.FromOptions(
    [
        new UnitOption("Unit", "Description", description),
        new UnitOption("Service", "ExecStart", "/bin/sleep infinity"),
    ]);

    /// <summary>A unit record and its file.</summary>
    public static (UnitRecord Record, UnitFile File) Unit(
        string name,
        string description = "test unit",
        TargetState targetState = TargetState.Launched,
        UnitRequirements? requirements = null)
    {
        var file = File(description);
        return (new UnitRecord(UnitName.Parse(name), file.Hash, targetState, requirements ?? UnitRequirements.None), file);
    }

    /// <summary>Requirements using every field (to check that a store keeps them exactly).</summary>
    public static UnitRequirements RichRequirements() => new()
    {
        MachineId = "0123abcd",
        MachineOf = ["db.service", "cache.service"],
        MachineMetadata = ImmutableSortedDictionary<string, ImmutableArray<string>>.Empty.WithComparers(StringComparer.Ordinal)
            .Add("region", ["us-east", "us-west"])
            .Add("disk", ["ssd"]),
        Conflicts = ["web*.service"],
        Replaces = ["old.service"],
        Global = false,
    };

    /// <summary>A machine ID.</summary>
    public static MachineId MachineId(string id) => Core.Machines.MachineId.Parse(id);

    /// <summary>A machine state with configured metadata.</summary>
    public static MachineState Machine(string id, params (string Key, string Value)[] metadata) => new()
    {
        Id = MachineId(id),
        PublicIp = "127.0.0.1",
        Version = "0.1.0-test",
        Metadata = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, metadata.Select(m => KeyValuePair.Create(m.Key, m.Value))),
    };

    /// <summary>A schedule entry.</summary>
    public static ScheduleEntry Entry(string unit, string machine, UnitHash hash, TargetState targetState = TargetState.Launched) =>
        new(UnitName.Parse(unit), MachineId(machine), hash, targetState);

    /// <summary>A unit state report.</summary>
    public static UnitStateRecord State(string unit, string machine, string active = "active", string sub = "running") =>
        new(UnitName.Parse(unit), MachineId(machine), File("state of " + unit).Hash, new UnitState("loaded", active, sub), TargetState.Launched);
}
