using System.Collections.Immutable;

namespace Fleet.Core.Units;

/// <summary>A unit's placement requirements from its <c>[X-Fleet]</c> section, with specifiers expanded.</summary>
/// <remarks>Immutable; equality is by value (collections compared element-wise in order).</remarks>
public sealed record UnitRequirements
{
    /// <summary>No requirements at all.</summary>
    public static UnitRequirements None { get; } = new();

    /// <summary><c>MachineID=</c>: the full or 8-character short machine ID the unit must run on.</summary>
    public string? MachineId { get; init; }

    /// <summary><c>MachineOf=</c>: units (exact names) that must already be on the same machine.</summary>
    public ImmutableArray<string> MachineOf { get; init; } = [];

    /// <summary><c>MachineMetadata=</c>: key → allowed values (values OR-ed, keys AND-ed).</summary>
    public ImmutableSortedDictionary<string, ImmutableArray<string>> MachineMetadata { get; init; } =
        ImmutableSortedDictionary<string, ImmutableArray<string>>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary><c>Conflicts=</c>: glob patterns of unit names that may not share a machine with this one.</summary>
    public ImmutableArray<string> Conflicts { get; init; } = [];

    /// <summary><c>Replaces=</c>: glob patterns of units this one displaces from its machine.</summary>
    public ImmutableArray<string> Replaces { get; init; } = [];

    /// <summary><c>Global=</c>: the unit runs on every machine that satisfies its metadata and conflicts.</summary>
    public bool Global { get; init; }

    /// <inheritdoc />
    public bool Equals(UnitRequirements? other) =>
        other is not null
        && MachineId == other.MachineId
        && Global == other.Global
        && MachineOf.SequenceEqual(other.MachineOf)
        && Conflicts.SequenceEqual(other.Conflicts)
        && Replaces.SequenceEqual(other.Replaces)
        && MachineMetadata.Count == other.MachineMetadata.Count
        && MachineMetadata.All(kv => other.MachineMetadata.TryGetValue(kv.Key, out var v) && v.SequenceEqual(kv.Value));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(MachineId, Global, MachineOf.Length, Conflicts.Length, Replaces.Length, MachineMetadata.Count);
}
