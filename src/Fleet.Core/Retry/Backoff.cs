namespace Fleet.Core.Retry;

/// <summary>Capped exponential backoff with jitter: attempt n waits a random time in [d/2, d] where
/// d = min(min × 2^(n-1), max). Not thread-safe: one instance per retry loop.</summary>
/// <param name="min">The base delay of the first attempt.</param>
/// <param name="max">The cap of the base delay.</param>
/// <param name="random">The source of jitter (seeded in tests).</param>
public sealed class Backoff(TimeSpan min, TimeSpan max, Random random)
{
    private int _attempt;

    /// <summary>The delay before the next attempt; each call doubles the base up to the cap.</summary>
    public TimeSpan Next()
    {
        _attempt = Math.Min(_attempt + 1, 30);
        var ceiling = Math.Min(min.TotalMilliseconds * Math.Pow(2, _attempt - 1), max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (random.NextDouble() * 0.5)));
    }

    /// <summary>Starts over after a success.</summary>
    public void Reset() => _attempt = 0;
}
