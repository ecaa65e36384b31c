namespace Fleet.Registry.InMemory;

/// <summary>What the core's watch yields before a store maps it to typed events.</summary>
/// <param name="Revision">Revision of the last change, or of the reset's read.</param>
internal abstract record RawWatchEvent(long Revision);

/// <summary>Changes of one or more revisions, in order.</summary>
internal sealed record RawWatchChanges(IReadOnlyList<RawChange> Changes, long Revision) : RawWatchEvent(Revision);

/// <summary>The whole watched range at <see cref="RawWatchEvent.Revision"/>, in key order.</summary>
internal sealed record RawWatchReset(IReadOnlyList<KeyValuePair<string, KeyEntry>> Items, long Revision) : RawWatchEvent(Revision);
