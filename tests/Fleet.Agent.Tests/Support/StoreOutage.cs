using Fleet.Registry;

namespace Fleet.Agent.Tests.Support;

/// <summary>A switch that makes the Flaky* store decorators throw
/// <see cref="RegistryUnavailableException"/>, and counts what they refused.</summary>
public sealed class StoreOutage
{
    private int _refused;
    private volatile bool _down;

    public bool IsDown => _down;

    public int Refused => Volatile.Read(ref _refused);

    public void Begin() => _down = true;

    public void End() => _down = false;

    public void ThrowIfDown(string operation)
    {
        if (_down)
        {
            Interlocked.Increment(ref _refused);
            throw new RegistryUnavailableException($"test outage: {operation} refused");
        }
    }
}
