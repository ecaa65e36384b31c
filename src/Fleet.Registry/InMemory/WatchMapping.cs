using System.Runtime.CompilerServices;

namespace Fleet.Registry.InMemory;

/// <summary>Turns the core's raw watch events into a store's typed events.</summary>
internal static class WatchMapping
{
    public static async IAsyncEnumerable<WatchEvent<TKey, TValue>> MapAsync<TKey, TValue>(
        IAsyncEnumerable<RawWatchEvent> raw,
        Func<string, TKey> keyOf,
        Func<object, TValue> valueOf,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TValue : class
    {
        await foreach (var item in raw.WithCancellation(cancellationToken))
        {
            switch (item)
            {
                case RawWatchChanges changes:
                    yield return new WatchChanges<TKey, TValue>(
                        [.. changes.Changes.Select(c => new Change<TKey, TValue>(c.Kind, keyOf(c.Key), c.Value is null ? null : valueOf(c.Value), c.Revision))],
                        changes.Revision);
                    break;
                case RawWatchReset reset:
                    yield return new WatchReset<TKey, TValue>([.. reset.Items.Select(i => valueOf(i.Value.Value))], reset.Revision);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown watch event {item.GetType().Name}.");
            }
        }
    }
}
