namespace Fleet.Registry.InMemory;

/// <summary>Leases: granted with a TTL, kept alive by their holder, expired by the injected clock.</summary>
internal sealed partial class RegistryCore
{
    /// <summary>Grants a lease that ends <paramref name="ttl"/> after its last keep-alive (caller holds the lock).</summary>
    public long GrantLeaseLocked(TimeSpan ttl)
    {
        ThrowIfDisposedLocked();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        var id = ++_nextLeaseId;
        var lease = new Lease(id, ttl, Time.GetUtcNow() + ttl);
        _leases[id] = lease;
        lease.Timer = Time.CreateTimer(_ => OnLeaseTimer(id), null, ttl, Timeout.InfiniteTimeSpan);
        return id;
    }

    /// <summary>True when the lease neither expired nor was revoked (caller holds the lock).</summary>
    public bool LeaseAliveLocked(long leaseId) => _leases.ContainsKey(leaseId);

    /// <summary>Extends the lease to a full TTL from now. Changes nothing visible: no revision, no event.</summary>
    /// <returns><see langword="false"/> when the lease has already ended.</returns>
    public bool KeepAlive(long leaseId)
    {
        lock (_gate)
        {
            if (_disposed || !_leases.TryGetValue(leaseId, out var lease))
            {
                return false;
            }

            lease.Deadline = Time.GetUtcNow() + lease.Ttl;
            lease.Timer?.Change(lease.Ttl, Timeout.InfiniteTimeSpan);
            return true;
        }
    }

    /// <summary>Ends the lease now: its keys are deleted in one transaction and its holder is told.</summary>
    public void Revoke(long leaseId)
    {
        List<CancellationTokenSource> lost = [];
        IReadOnlyList<RawChange> changes;
        lock (_gate)
        {
            changes = _disposed ? [] : RevokeLocked(leaseId, lost);
        }

        AfterLock(changes, lost);
    }

    /// <summary>A token cancelled when the lease ends (already cancelled when it has ended).</summary>
    public CancellationToken LeaseLost(long leaseId)
    {
        lock (_gate)
        {
            return _leases.TryGetValue(leaseId, out var lease) ? lease.Lost.Token : new CancellationToken(canceled: true);
        }
    }

    private void OnLeaseTimer(long leaseId)
    {
        List<CancellationTokenSource> lost = [];
        IReadOnlyList<RawChange> changes = [];
        lock (_gate)
        {
            if (_disposed || !_leases.TryGetValue(leaseId, out var lease))
            {
                return;
            }

            var left = lease.Deadline - Time.GetUtcNow();
            if (left > TimeSpan.Zero)
            {
                lease.Timer?.Change(left, Timeout.InfiniteTimeSpan);
                return;
            }

            changes = RevokeLocked(leaseId, lost);
        }

        AfterLock(changes, lost);
    }

    private List<RawChange> RevokeLocked(long leaseId, List<CancellationTokenSource> lost)
    {
        if (!_leases.Remove(leaseId, out var lease))
        {
            return [];
        }

        lease.Timer?.Dispose();
        lost.Add(lease.Lost);
        var transaction = new CoreTransaction(this, _revision);
        foreach (var key in lease.Keys.Order(StringComparer.Ordinal))
        {
            transaction.Delete(key);
        }

        return CommitLocked(transaction);
    }
}
