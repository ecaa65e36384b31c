using Mvccpb;

namespace Fleet.Registry.Etcd.Internal;

/// <summary>What <see cref="EtcdWatcher"/> yields: events of one watch response, or a re-list after compaction.</summary>
/// <param name="Revision">The revision of the last event, or of the re-list.</param>
internal abstract record RawWatchBatch(long Revision);

/// <summary>Events in revision order (at least one).</summary>
internal sealed record RawWatchEvents(IReadOnlyList<Event> Events, long Revision) : RawWatchBatch(Revision);

/// <summary>The whole watched range at <paramref name="Revision"/>: the history before it was compacted.</summary>
internal sealed record RawWatchReset(IReadOnlyList<KeyValue> Items, long Revision) : RawWatchBatch(Revision);
