using Microsoft.Extensions.Logging;
using Mvccpb;

namespace Fleet.Registry.Etcd.Internal;

/// <summary>Turns raw etcd watch batches into the contract's <see cref="WatchEvent{TKey, TValue}"/>s.</summary>
internal static partial class WatchMapping
{
    /// <summary>Parses a key-value's key; false for a key that is not one of ours (skipped).</summary>
    public delegate bool KeyParser<TKey>(KeyValue kv, out TKey key);

    public static async IAsyncEnumerable<WatchEvent<TKey, TValue>> MapAsync<TKey, TValue>(
        IAsyncEnumerable<RawWatchBatch> batches, KeyParser<TKey> parseKey, Func<TKey, KeyValue, TValue?> decode, ILogger logger)
        where TValue : class
    {
        await foreach (var batch in batches)
        {
            if (batch is RawWatchReset reset)
            {
                yield return new WatchReset<TKey, TValue>(DecodeAll(reset.Items, parseKey, decode, logger), reset.Revision);
                continue;
            }

            var changes = new List<Change<TKey, TValue>>();
            foreach (var e in ((RawWatchEvents)batch).Events)
            {
                if (!parseKey(e.Kv, out var key))
                {
                    continue;
                }

                if (e.Type == Event.Types.EventType.Delete)
                {
                    changes.Add(new(ChangeKind.Delete, key, null, e.Kv.ModRevision));
                }
                else if (decode(key, e.Kv) is { } value)
                {
                    changes.Add(new(ChangeKind.Put, key, value, e.Kv.ModRevision));
                }
                else
                {
                    Log.Undecodable(logger, e.Kv.Key.ToStringUtf8(), e.Kv.ModRevision);
                }
            }

            if (changes.Count > 0)
            {
                yield return new WatchChanges<TKey, TValue>(changes, batch.Revision);
            }
        }
    }

    /// <summary>Decodes listed key-values, skipping (and logging) foreign keys and undecodable values.</summary>
    public static List<TValue> DecodeAll<TKey, TValue>(
        IEnumerable<KeyValue> items, KeyParser<TKey> parseKey, Func<TKey, KeyValue, TValue?> decode, ILogger logger)
        where TValue : class
    {
        var values = new List<TValue>();
        foreach (var kv in items)
        {
            if (!parseKey(kv, out var key))
            {
                continue;
            }

            if (decode(key, kv) is { } value)
            {
                values.Add(value);
            }
            else
            {
                Log.Undecodable(logger, kv.Key.ToStringUtf8(), kv.ModRevision);
            }
        }

        return values;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3131, Level = LogLevel.Warning,
            Message = "Skipping etcd key {Key} (revision {Revision}): its value cannot be decoded")]
        public static partial void Undecodable(ILogger logger, string key, long revision);
    }
}
