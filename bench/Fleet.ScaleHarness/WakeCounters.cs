namespace Fleet.ScaleHarness;

/// <summary>Agent wake-ups by their schedule watches, summed over every simulated agent.</summary>
internal sealed class WakeCounters
{
    private long _wakeUps;
    private long _changes;

    public long WakeUps => Interlocked.Read(ref _wakeUps);

    public long Changes => Interlocked.Read(ref _changes);

    public void Woken(int changes)
    {
        Interlocked.Increment(ref _wakeUps);
        Interlocked.Add(ref _changes, changes);
    }
}
