using System.Diagnostics;

namespace Fleet.ScaleHarness;

/// <summary>Every counter the harness compares at one moment: etcd's own metrics, the client-side request counts
/// (harness connections plus engine processes), the agents' wake-ups, and the leading engine's usage.</summary>
internal sealed record Reading(
    long Timestamp, EtcdMetrics Etcd, long ClientRequests, Fleet.Registry.Etcd.EtcdRequestCounts HarnessRequests, long WakeUps, long ScheduleChanges, EngineUsage Leader, double HarnessCpuSeconds, double HarnessJitSeconds)
{
    public double SecondsSince(Reading earlier) => Stopwatch.GetElapsedTime(earlier.Timestamp, Timestamp).TotalSeconds;
}
