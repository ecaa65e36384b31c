namespace Fleet.Registry.InMemory;

/// <summary>Limits of the in-memory registry core.</summary>
public sealed class InMemoryRegistryOptions
{
    /// <summary>How many changes the core keeps so that watches can resume from an older revision.</summary>
    /// <value>10,000 by default. Older changes are compacted: a watch that asks for them gets a
    /// <see cref="WatchReset{TKey, TValue}"/>.</value>
    public int HistoryLimit { get; set; } = 10_000;

    /// <summary>How many undelivered events one watcher may have queued. A watcher that falls further
    /// behind gets a <see cref="WatchReset{TKey, TValue}"/> instead of unbounded memory.</summary>
    /// <value>1,024 by default.</value>
    public int WatchBufferCapacity { get; set; } = 1_024;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming every invalid setting.</summary>
    public void Validate()
    {
        var failures = new List<string>();
        if (HistoryLimit < 1)
        {
            failures.Add($"{nameof(HistoryLimit)} must be at least 1 (was {HistoryLimit}).");
        }

        if (WatchBufferCapacity < 1)
        {
            failures.Add($"{nameof(WatchBufferCapacity)} must be at least 1 (was {WatchBufferCapacity}).");
        }

        if (failures.Count > 0)
        {
            throw new ArgumentOutOfRangeException(nameof(InMemoryRegistryOptions), string.Join(" ", failures));
        }
    }
}
