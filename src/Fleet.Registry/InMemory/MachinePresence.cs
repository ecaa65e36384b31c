using System.Collections.Immutable;
using Fleet.Core.Machines;

namespace Fleet.Registry.InMemory;

/// <summary>A machine's presence value: what it announced and its effective state (announced metadata
/// overlaid with dynamic metadata), kept together so that a watch put always carries the full effective state.</summary>
/// <param name="Announced">The state the machine registered (configured metadata).</param>
/// <param name="Effective">The announced state with dynamic metadata applied.</param>
internal sealed record MachinePresence(MachineState Announced, MachineState Effective)
{
    /// <summary>Builds the presence of <paramref name="announced"/> under the dynamic metadata in
    /// <paramref name="transaction"/>.</summary>
    public static MachinePresence Of(MachineState announced, CoreTransaction transaction)
    {
        var metadata = announced.Metadata.ToBuilder();
        foreach (var item in transaction.Range(RegistryKeys.MachineMetadata(announced.Id)))
        {
            var key = RegistryKeys.LastSegment(item.Key);
            var value = (string)item.Value.Value;
            if (value.Length == 0)
            {
                metadata.Remove(key);
            }
            else
            {
                metadata[key] = value;
            }
        }

        return new MachinePresence(announced, announced with { Metadata = metadata.ToImmutable() });
    }

    /// <summary>Equality by the effective state's content (metadata compared by entries).</summary>
    public bool SameEffectiveState(MachinePresence other) =>
        Effective with { Metadata = ImmutableSortedDictionary<string, string>.Empty } == other.Effective with { Metadata = ImmutableSortedDictionary<string, string>.Empty }
        && Effective.Metadata.Count == other.Effective.Metadata.Count
        && Effective.Metadata.All(kv => other.Effective.Metadata.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
