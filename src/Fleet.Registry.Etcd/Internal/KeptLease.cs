namespace Fleet.Registry.Etcd.Internal;

/// <summary>A lease that <see cref="LeaseKeeper"/> keeps alive, and the signal of its loss.</summary>
#pragma warning disable CA1001 // the source is never disposed: holders of Lost may outlive the lease
internal sealed class KeptLease
#pragma warning restore CA1001
{
    private readonly CancellationTokenSource _lost = new();
    private long _nextDueTicks;

    public KeptLease(long id, TimeSpan ttl)
    {
        Id = id;
        Ttl = ttl;
        Lost = _lost.Token;
    }

    /// <summary>etcd's lease ID.</summary>
    public long Id { get; }

    /// <summary>The TTL etcd granted (it may raise a short request to its minimum).</summary>
    public TimeSpan Ttl { get; }

    /// <summary>Cancelled when etcd said the lease is gone, or when it was revoked.</summary>
    public CancellationToken Lost { get; }

    public bool IsLost => _lost.IsCancellationRequested;

    /// <summary>When the next keep-alive is due (UTC ticks of the keeper's TimeProvider).</summary>
    public long NextDueTicks
    {
        get => Interlocked.Read(ref _nextDueTicks);
        set => Interlocked.Exchange(ref _nextDueTicks, value);
    }

    /// <summary>A keep-alive every third of the TTL: two may be lost before the lease expires.</summary>
    public TimeSpan Interval => Ttl / 3;

    public void MarkLost()
    {
        // The source is never disposed: holders of Lost may outlive the lease.
        _lost.Cancel();
    }
}
