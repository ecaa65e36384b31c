namespace Fleet.Registry.InMemory;

/// <summary>A lease: keys bound to it vanish when it expires or is revoked. Guarded by the core's lock.</summary>
internal sealed class Lease(long id, TimeSpan ttl, DateTimeOffset deadline)
{
    /// <summary>The lease ID (never 0).</summary>
    public long Id { get; } = id;

    /// <summary>How long the lease lives without a keep-alive.</summary>
    public TimeSpan Ttl { get; } = ttl;

    /// <summary>When the lease expires unless kept alive.</summary>
    public DateTimeOffset Deadline { get; set; } = deadline;

    /// <summary>Keys bound to the lease.</summary>
    public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

    /// <summary>Cancelled (outside the lock) when the lease ends.</summary>
    public CancellationTokenSource Lost { get; } = new();

    /// <summary>Fires at <see cref="Deadline"/>.</summary>
    public ITimer? Timer { get; set; }
}
