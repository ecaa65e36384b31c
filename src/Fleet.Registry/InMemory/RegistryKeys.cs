using Fleet.Core.Machines;
using Fleet.Core.Units;

namespace Fleet.Registry.InMemory;

/// <summary>The key layout of the registry core. Unit names and machine IDs never contain '/'.</summary>
internal static class RegistryKeys
{
    /// <summary>Prefix of unit records: <c>units/&lt;unit&gt;</c> → <see cref="UnitRecord"/>.</summary>
    public const string Units = "units/";

    /// <summary>Prefix of unit file bodies: <c>bodies/&lt;hash&gt;</c> → <see cref="UnitFile"/>.</summary>
    public const string Bodies = "bodies/";

    /// <summary>Prefix of schedules: <c>schedule/&lt;machine&gt;/&lt;unit&gt;</c> → <see cref="ScheduleEntry"/>.</summary>
    public const string Schedule = "schedule/";

    /// <summary>Prefix of presences (leased): <c>machines/&lt;machine&gt;</c> → <see cref="MachinePresence"/>.</summary>
    public const string Machines = "machines/";

    /// <summary>Prefix of dynamic metadata: <c>metadata/&lt;machine&gt;/&lt;key&gt;</c> → string ("" hides the key).</summary>
    public const string Metadata = "metadata/";

    /// <summary>Prefix of unit states (leased): <c>states/&lt;unit&gt;/&lt;machine&gt;</c> → <see cref="UnitStateRecord"/>.</summary>
    public const string States = "states/";

    /// <summary>The leader key (leased) → <see cref="MachineId"/>.</summary>
    public const string Leader = "leader";

    /// <summary>Prefixes whose keys are durable in the embedded store (everything not bound to a lease).</summary>
    public static readonly IReadOnlyList<string> DurablePrefixes = [Units, Bodies, Schedule, Metadata];

    public static string Unit(UnitName unit) => Units + unit.Value;

    public static string Body(UnitHash hash) => Bodies + hash.Hex;

    public static string MachineSchedule(MachineId machine) => Schedule + machine.Value + "/";

    public static string ScheduleEntry(MachineId machine, UnitName unit) => MachineSchedule(machine) + unit.Value;

    public static string Machine(MachineId machine) => Machines + machine.Value;

    public static string MachineMetadata(MachineId machine) => Metadata + machine.Value + "/";

    public static string UnitStates(UnitName unit) => States + unit.Value + "/";

    public static string UnitState(UnitName unit, MachineId machine) => UnitStates(unit) + machine.Value;

    /// <summary>The text after the last '/'.</summary>
    public static string LastSegment(string key) => key[(key.LastIndexOf('/') + 1)..];

    /// <summary>True for keys the embedded store persists.</summary>
    public static bool IsDurable(string key)
    {
        foreach (var prefix in DurablePrefixes)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
