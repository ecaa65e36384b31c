using System.Collections.Frozen;

namespace Fleet.Core.Units;

/// <summary>The <c>[X-Fleet]</c> section and the requirement keys fleet recognises in it (reference §3.2).</summary>
public static class XFleetKeys
{
    /// <summary>The section name.</summary>
    public const string Section = "X-Fleet";

    /// <summary>The machine the unit must run on (full or 8-character short ID).</summary>
    public const string MachineId = "MachineID";

    /// <summary>Units that must already be on the same machine ("peers").</summary>
    public const string MachineOf = "MachineOf";

    /// <summary>Required machine metadata, <c>key=value</c>.</summary>
    public const string MachineMetadata = "MachineMetadata";

    /// <summary>Glob patterns of units that may not share the machine.</summary>
    public const string Conflicts = "Conflicts";

    /// <summary>Run on every eligible machine.</summary>
    public const string Global = "Global";

    /// <summary>Glob patterns of units this one displaces from its machine.</summary>
    public const string Replaces = "Replaces";

    /// <summary>Deprecated form of <see cref="MachineId"/>.</summary>
    public const string XConditionMachineId = "X-ConditionMachineID";

    /// <summary>Legacy form of <see cref="MachineId"/> (a boot ID, which fleet compares as a machine ID).</summary>
    public const string XConditionMachineBootId = "X-ConditionMachineBootID";

    /// <summary>Deprecated form of <see cref="MachineOf"/>.</summary>
    public const string XConditionMachineOf = "X-ConditionMachineOf";

    /// <summary>Deprecated form of <see cref="MachineMetadata"/>.</summary>
    public const string XConditionMachineMetadata = "X-ConditionMachineMetadata";

    /// <summary>Deprecated form of <see cref="Conflicts"/>.</summary>
    public const string XConflicts = "X-Conflicts";

    /// <summary>Every key fleet recognises; others only earn a warning.</summary>
    public static FrozenSet<string> All { get; } = FrozenSet.Create(StringComparer.Ordinal,
        MachineId, XConditionMachineId, XConditionMachineBootId, MachineOf, XConditionMachineOf,
        MachineMetadata, XConditionMachineMetadata, Conflicts, XConflicts, Global, Replaces);
}
