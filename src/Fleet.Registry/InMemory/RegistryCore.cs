namespace Fleet.Registry.InMemory;

/// <summary>A revisioned key space with leases and watches, guarded by one lock: the engine behind every
/// in-memory store (and, with a journal, the embedded durable store).</summary>
/// <remarks>
/// Every transaction gets the next revision; all its writes carry it. Keys bound to a lease vanish (as
/// delete events) when the lease expires or is revoked; keep-alives change nothing visible. Watches resume
/// from any revision still in the history; older ones, and watchers whose bounded queue overflowed, get a
/// reset (the whole range at one revision) instead.
/// </remarks>
internal sealed partial class RegistryCore : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, KeyEntry> _values = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _order = new(StringComparer.Ordinal);
    private readonly List<RawChange> _history = [];
    private readonly Dictionary<long, Lease> _leases = [];
    private readonly List<Watcher> _watchers = [];
    private readonly int _historyLimit;
    private readonly int _watchCapacity;
    private readonly ICommitJournal? _journal;
    private long _revision;
    private long _compactedRevision;
    private long _nextLeaseId;
    private bool _disposed;

    /// <summary>Creates an empty core, or one holding <paramref name="initial"/> at <paramref name="revision"/>.</summary>
    public RegistryCore(
        TimeProvider time,
        InMemoryRegistryOptions options,
        ICommitJournal? journal = null,
        IEnumerable<KeyValuePair<string, object>>? initial = null,
        long revision = 0)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Time = time;
        _historyLimit = options.HistoryLimit;
        _watchCapacity = options.WatchBufferCapacity;
        _journal = journal;
        _revision = revision;
        _compactedRevision = revision;
        foreach (var item in initial ?? [])
        {
            _values[item.Key] = new KeyEntry(item.Value, revision, revision, 0);
            _order.Add(item.Key);
        }
    }

    /// <summary>Raised after every committed transaction, outside the lock.</summary>
    public event Action<IReadOnlyList<RawChange>>? Committed;

    /// <summary>The clock that drives lease expiry.</summary>
    public TimeProvider Time { get; }

    /// <summary>The current revision.</summary>
    public long Revision
    {
        get
        {
            lock (_gate)
            {
                return _revision;
            }
        }
    }

    /// <summary>Runs <paramref name="body"/> under the lock and commits its writes at one new revision.</summary>
    /// <param name="body">Reads and writes through the transaction; throwing aborts it.</param>
    /// <param name="revision">The revision of the commit, or the read revision when nothing was written.</param>
    public T Transact<T>(Func<CoreTransaction, T> body, out long revision)
    {
        IReadOnlyList<RawChange> changes;
        List<CancellationTokenSource> lost = [];
        T result;
        lock (_gate)
        {
            ThrowIfDisposedLocked();
            var transaction = new CoreTransaction(this, _revision);
            result = body(transaction);
            changes = CommitLocked(transaction);
            revision = _revision;
        }

        AfterLock(changes, lost);
        return result;
    }

    /// <summary>Runs <paramref name="body"/> under the lock and commits its writes.</summary>
    public T Transact<T>(Func<CoreTransaction, T> body) => Transact(body, out _);

    /// <summary>Drops the whole history: a watch from any revision before now gets a reset.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _history.Clear();
            _compactedRevision = _revision;
        }
    }

    /// <summary>Reads a committed key (caller holds the lock).</summary>
    public KeyEntry? GetCommittedLocked(string key) => _values.GetValueOrDefault(key);

    /// <summary>Reads committed keys by prefix in ordinal order (caller holds the lock).</summary>
    public IReadOnlyList<KeyValuePair<string, KeyEntry>> RangeCommittedLocked(string prefix)
    {
        if (_order.Count == 0)
        {
            return [];
        }

        var result = new List<KeyValuePair<string, KeyEntry>>();
        var upper = prefix + char.MaxValue;
        foreach (var key in _order.GetViewBetween(prefix, upper))
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                result.Add(new(key, _values[key]));
            }
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        List<CancellationTokenSource> lost = [];
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var lease in _leases.Values)
            {
                lease.Timer?.Dispose();
                lost.Add(lease.Lost);
            }

            _leases.Clear();
            foreach (var watcher in _watchers)
            {
                watcher.Channel.Writer.TryComplete(new ObjectDisposedException(nameof(RegistryCore)));
            }

            _watchers.Clear();
        }

        AfterLock([], lost);
    }

    private List<RawChange> CommitLocked(CoreTransaction transaction)
    {
        if (transaction.Writes.Count == 0)
        {
            return [];
        }

        var revision = _revision + 1;
        var changes = new List<RawChange>(transaction.Writes.Count);
        foreach (var (key, value, leaseId) in transaction.Writes)
        {
            if (value is null)
            {
                if (_values.ContainsKey(key))
                {
                    changes.Add(new RawChange(ChangeKind.Delete, key, null, revision, 0));
                }
            }
            else
            {
                if (leaseId != 0 && !_leases.ContainsKey(leaseId))
                {
                    throw new InvalidOperationException($"Lease {leaseId} for key '{key}' has ended.");
                }

                changes.Add(new RawChange(ChangeKind.Put, key, value, revision, leaseId));
            }
        }

        if (changes.Count == 0)
        {
            return [];
        }

        // The journal sees the transaction first: if it cannot persist it, nothing changes.
        _journal?.Append(changes);
        foreach (var change in changes)
        {
            ApplyLocked(change);
        }

        _revision = revision;
        _history.AddRange(changes);
        TrimHistoryLocked();
        NotifyWatchersLocked(changes);
        return changes;
    }

    private void ApplyLocked(RawChange change)
    {
        var previous = _values.GetValueOrDefault(change.Key);
        if (previous is not null && previous.LeaseId != 0 && _leases.TryGetValue(previous.LeaseId, out var oldLease))
        {
            oldLease.Keys.Remove(change.Key);
        }

        if (change.Kind == ChangeKind.Delete)
        {
            _values.Remove(change.Key);
            _order.Remove(change.Key);
            return;
        }

        _values[change.Key] = new KeyEntry(change.Value!, previous?.CreateRevision ?? change.Revision, change.Revision, change.LeaseId); // a put always has a value
        _order.Add(change.Key);
        if (change.LeaseId != 0)
        {
            _leases[change.LeaseId].Keys.Add(change.Key);
        }
    }

    private void TrimHistoryLocked()
    {
        if (_history.Count <= _historyLimit)
        {
            return;
        }

        // Compact at a revision boundary, down to three quarters of the limit (amortised trimming).
        var keep = _historyLimit * 3 / 4;
        var cut = _history[_history.Count - keep - 1].Revision;
        var drop = 0;
        while (drop < _history.Count && _history[drop].Revision <= cut)
        {
            drop++;
        }

        _history.RemoveRange(0, drop);
        _compactedRevision = cut;
    }

    private void AfterLock(IReadOnlyList<RawChange> changes, List<CancellationTokenSource> lost)
    {
        foreach (var source in lost)
        {
            source.Cancel();
        }

        if (changes.Count > 0)
        {
            Committed?.Invoke(changes);
        }
    }

    private void ThrowIfDisposedLocked()
    {
        if (_disposed)
        {
            throw new RegistryUnavailableException("The in-memory registry has been disposed.");
        }
    }
}
