namespace Fleet.ScaleHarness;

/// <summary>Units stopped and started again at a steady rate on the converged cluster.</summary>
internal sealed record ChurnResult(
    double TargetChangesPerSecond, double Seconds, int Starts, int Stops, double ChangesPerSecond,
    double LatencyP50Ms, double LatencyP99Ms, double LatencyMaxMs,
    double EtcdRequestsPerChange, double ClientRequestsPerChange, double EtcdWritesPerChange, double WatchEventsPerChange,
    double AgentsWokenPerChange, double EngineCpuMsPerChange, double EngineJitMsPerChange, double EtcdCpuMsPerChange);
