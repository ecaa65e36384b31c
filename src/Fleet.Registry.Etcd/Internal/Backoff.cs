namespace Fleet.Registry.Etcd.Internal;

/// <summary>Capped exponential backoff with jitter for reconnect loops (watches, keep-alives).</summary>
/// <param name="Initial">Delay before the first retry (before jitter).</param>
/// <param name="Max">Cap of the delay.</param>
internal sealed record Backoff(TimeSpan Initial, TimeSpan Max)
{
    /// <summary>100 ms doubling up to 5 s.</summary>
    public static Backoff Default { get; } = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));

    /// <summary>The delay before retry number <paramref name="failures"/> (1 for the first): the capped
    /// exponential delay scaled by a random factor in [0.5, 1), so that clients that failed together
    /// do not come back together.</summary>
    public TimeSpan Delay(int failures, LockedRandom random)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var capped = Math.Min(Max.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(capped * (0.5 + (0.5 * random.NextDouble())));
    }
}
