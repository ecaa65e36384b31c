namespace Fleet.ScaleHarness;

/// <summary>An engine process's counters at one moment.</summary>
internal sealed record EngineUsage(EngineCounts Counts, double CpuSeconds, double RssMb, double PeakRssMb, double JitSeconds)
{
    public static EngineUsage Gone { get; } = new(EngineCounts.Zero, 0, 0, 0, 0);
}
