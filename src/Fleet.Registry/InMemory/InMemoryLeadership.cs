namespace Fleet.Registry.InMemory;

/// <summary>A held leadership on the registry core, kept alive every third of its TTL.</summary>
internal sealed class InMemoryLeadership : ILeadership
{
    private readonly RegistryCore _core;
    private readonly LeaseKeepAlive _keepAlive;

    public InMemoryLeadership(RegistryCore core, long leaseId, TimeSpan ttl, LeaderFence fence)
    {
        _core = core;
        LeaseId = leaseId;
        Ttl = ttl;
        Fence = fence;
        Lost = core.LeaseLost(leaseId);
        _keepAlive = new LeaseKeepAlive(core, leaseId, ttl);
    }

    public LeaderFence Fence { get; }

    public CancellationToken Lost { get; }

    /// <summary>The lease the leader key is bound to.</summary>
    internal long LeaseId { get; }

    /// <summary>The lease's TTL.</summary>
    internal TimeSpan Ttl { get; }

    /// <summary>Stops the keep-alives, as a hung process would: the lease then expires after its TTL.</summary>
    internal void StopKeepAlive() => _keepAlive.Dispose();

    public ValueTask DisposeAsync()
    {
        _keepAlive.Dispose();
        _core.Revoke(LeaseId);
        return ValueTask.CompletedTask;
    }
}
