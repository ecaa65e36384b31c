namespace Fleet.Registry.InMemory;

/// <summary>Keeps a lease alive every third of its TTL on the core's clock until stopped or the lease ends.</summary>
internal sealed class LeaseKeepAlive : IDisposable
{
    private readonly RegistryCore _core;
    private readonly long _leaseId;
    private readonly ITimer _timer;

    public LeaseKeepAlive(RegistryCore core, long leaseId, TimeSpan ttl)
    {
        _core = core;
        _leaseId = leaseId;
        var period = ttl / 3;
        _timer = core.Time.CreateTimer(_ => Beat(), null, period, period);
    }

    /// <summary>Stops keeping the lease alive (it then expires after its TTL).</summary>
    public void Dispose() => _timer.Dispose();

    private void Beat()
    {
        if (!_core.KeepAlive(_leaseId))
        {
            _timer.Dispose();
        }
    }
}
