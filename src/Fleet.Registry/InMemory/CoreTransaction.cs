namespace Fleet.Registry.InMemory;

/// <summary>A transaction on the registry core, run under its lock: reads see the committed state
/// overlaid with this transaction's own writes; the writes land together, at one revision, or not at all.</summary>
internal sealed class CoreTransaction
{
    private readonly RegistryCore _core;
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<(string Key, object? Value, long LeaseId)> _writes = [];

    public CoreTransaction(RegistryCore core, long revision)
    {
        _core = core;
        Revision = revision;
    }

    /// <summary>The committed revision this transaction reads at.</summary>
    public long Revision { get; }

    /// <summary>The writes in order (a later write of the same key replaces the earlier one in place).</summary>
    public IReadOnlyList<(string Key, object? Value, long LeaseId)> Writes => _writes;

    /// <summary>Reads one key.</summary>
    public KeyEntry? Get(string key)
    {
        if (_index.TryGetValue(key, out var at))
        {
            var write = _writes[at];
            if (write.Value is null)
            {
                return null;
            }

            var committed = _core.GetCommittedLocked(key);
            return new KeyEntry(write.Value, committed?.CreateRevision ?? Revision + 1, Revision + 1, write.LeaseId);
        }

        return _core.GetCommittedLocked(key);
    }

    /// <summary>Reads the value of one key as <typeparamref name="T"/>, or null.</summary>
    public T? GetValue<T>(string key)
        where T : class => Get(key)?.Value as T;

    /// <summary>Reads every key starting with <paramref name="prefix"/>, in ordinal key order.</summary>
    public IReadOnlyList<KeyValuePair<string, KeyEntry>> Range(string prefix)
    {
        var committed = _core.RangeCommittedLocked(prefix);
        if (_writes.Count == 0)
        {
            return committed;
        }

        var merged = new SortedDictionary<string, KeyEntry>(StringComparer.Ordinal);
        foreach (var item in committed)
        {
            merged[item.Key] = item.Value;
        }

        foreach (var write in _writes)
        {
            if (!write.Key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var entry = Get(write.Key);
            if (entry is null)
            {
                merged.Remove(write.Key);
            }
            else
            {
                merged[write.Key] = entry;
            }
        }

        return [.. merged];
    }

    /// <summary>Writes a key, optionally bound to a lease.</summary>
    public void Put(string key, object value, long leaseId = 0)
    {
        ArgumentNullException.ThrowIfNull(value);
        Record(key, value, leaseId);
    }

    /// <summary>Deletes a key.</summary>
    /// <returns><see langword="false"/> when it did not exist.</returns>
    public bool Delete(string key)
    {
        if (Get(key) is null)
        {
            return false;
        }

        Record(key, null, 0);
        return true;
    }

    /// <summary>Grants a lease at once (not rolled back; an unused lease simply expires).</summary>
    public long GrantLease(TimeSpan ttl) => _core.GrantLeaseLocked(ttl);

    /// <summary>True when the lease exists (has neither expired nor been revoked).</summary>
    public bool LeaseAlive(long leaseId) => _core.LeaseAliveLocked(leaseId);

    private void Record(string key, object? value, long leaseId)
    {
        if (_index.TryGetValue(key, out var at))
        {
            _writes[at] = (key, value, leaseId);
        }
        else
        {
            _index[key] = _writes.Count;
            _writes.Add((key, value, leaseId));
        }
    }
}
