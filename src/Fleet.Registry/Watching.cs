namespace Fleet.Registry;

/// <summary>Whether a key was written or removed.</summary>
public enum ChangeKind
{
    /// <summary>Created or overwritten.</summary>
    Put,

    /// <summary>Removed (deleted, or its lease expired).</summary>
    Delete,
}

/// <summary>One change of one key.</summary>
/// <typeparam name="TKey">What identifies the item.</typeparam>
/// <typeparam name="TValue">The item.</typeparam>
/// <param name="Kind">Put or delete.</param>
/// <param name="Key">The item's identity.</param>
/// <param name="Value">The new item for a put; null for a delete.</param>
/// <param name="Revision">The store revision of the change.</param>
public sealed record Change<TKey, TValue>(ChangeKind Kind, TKey Key, TValue? Value, long Revision)
    where TValue : class;

/// <summary>What a watch yields: either changes in revision order, or a full re-list.</summary>
/// <typeparam name="TKey">What identifies an item.</typeparam>
/// <typeparam name="TValue">The item.</typeparam>
public abstract record WatchEvent<TKey, TValue>(long Revision)
    where TValue : class;

/// <summary>Changes after the watcher's revision, in order, up to and including <see cref="WatchEvent{TKey, TValue}.Revision"/>.</summary>
/// <typeparam name="TKey">What identifies an item.</typeparam>
/// <typeparam name="TValue">The item.</typeparam>
/// <param name="Changes">At least one change.</param>
/// <param name="Revision">Revision of the last change.</param>
public sealed record WatchChanges<TKey, TValue>(IReadOnlyList<Change<TKey, TValue>> Changes, long Revision)
    : WatchEvent<TKey, TValue>(Revision)
    where TValue : class;

/// <summary>The watched range could not be resumed (its history was compacted): here is its whole
/// content at <see cref="WatchEvent{TKey, TValue}.Revision"/>. Replace what you hold with it; changes
/// continue after it. Nothing is lost and nothing is delivered twice.</summary>
/// <typeparam name="TKey">What identifies an item.</typeparam>
/// <typeparam name="TValue">The item.</typeparam>
/// <param name="Items">Every item in the range.</param>
/// <param name="Revision">The revision the list was read at.</param>
public sealed record WatchReset<TKey, TValue>(IReadOnlyList<TValue> Items, long Revision)
    : WatchEvent<TKey, TValue>(Revision)
    where TValue : class;
