namespace Fleet.ScaleHarness;

/// <summary>What an engine process reports about itself: its etcd client counts and its runtime's GC counters.</summary>
internal sealed record EngineCounts(
    long Requests, long KeepAlives, long AllocatedBytes, int Gen0, int Gen1, int Gen2, double GcPauseMs, long HeapBytes, bool Leader, double JitSeconds)
{
    public static EngineCounts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, false, 0);
}
