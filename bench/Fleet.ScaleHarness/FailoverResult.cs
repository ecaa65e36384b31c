namespace Fleet.ScaleHarness;

/// <summary>The leading engine killed (SIGKILL) under the full load: when the standby was elected and when the
/// unit submitted right after the kill ran.</summary>
internal sealed record FailoverResult(
    double LeaseTtlSeconds, double SecondsToElected, double SecondsToProbeRunning, double NewLeaderCpuSeconds, double NewLeaderRssMb);
