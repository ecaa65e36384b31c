namespace Fleet.Api;

/// <summary>Whether the API may serve: fleet answers every request with 503 until the daemon has registered
/// its machine in the store, and again once the server stops.</summary>
/// <remarks>Thread-safe. Ready by default, so that a host without a registration step serves at once.</remarks>
public sealed class FleetApiReadiness
{
    private volatile bool _ready = true;

    /// <summary>True when requests are served; false when they are answered with 503.</summary>
    public bool IsReady => _ready;

    /// <summary>Starts serving requests.</summary>
    public void MarkReady() => _ready = true;

    /// <summary>Answers every request with 503 until <see cref="MarkReady"/>.</summary>
    public void MarkUnavailable() => _ready = false;
}
