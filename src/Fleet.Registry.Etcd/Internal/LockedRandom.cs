namespace Fleet.Registry.Etcd.Internal;

/// <summary>The injected random source, made safe for concurrent use.</summary>
internal sealed class LockedRandom(Random random)
{
    private readonly Lock _gate = new();

    /// <summary>A value in [0, 1).</summary>
    public double NextDouble()
    {
        lock (_gate)
        {
            return random.NextDouble();
        }
    }
}
