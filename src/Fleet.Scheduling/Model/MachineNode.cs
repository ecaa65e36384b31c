using System.Collections.Immutable;
using Fleet.Core.Machines;

namespace Fleet.Scheduling.Model;

/// <summary>A machine in the model: its metadata, whether it is alive, and the units placed on it.</summary>
/// <remarks>A dead machine (removed, or only known from a placement) stays until its units are unscheduled.
/// <see cref="Load"/> must not change while the node sits in a load-ordered set.</remarks>
internal sealed class MachineNode(MachineId id)
{
    public MachineId Id { get; } = id;

    public string Key => Id.Value;

    public bool Alive { get; set; }

    public ImmutableSortedDictionary<string, string> Metadata { get; set; } =
        ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Every unit placed here, global or not.</summary>
    public HashSet<UnitNode> Units { get; } = [];

    /// <summary>How many of <see cref="Units"/> have Conflicts or Replaces patterns (0 skips pattern scans).</summary>
    public int PatternUnits { get; set; }

    /// <summary>The per-metadata-pair ordered sets this (alive) machine belongs to, resolved once per metadata change.</summary>
    public SortedSet<MachineNode>[] MetadataSets { get; set; } = [];

    /// <summary>Load for least-loaded choice: units placed here, global ones included.</summary>
    public int Load => Units.Count;

    /// <summary>The <see cref="ClusterModel"/> reconcile round in which <c>Place</c> queued every non-global
    /// unit of this machine for a re-check (-1: never). Within that round they are all still queued, so a
    /// further placement on this machine only needs to queue itself.</summary>
    public int AllUnitsQueuedRound { get; set; } = -1;

    public override string ToString() => Key;
}
