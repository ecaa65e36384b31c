namespace Fleet.ScaleHarness;

/// <summary>One global unit submitted: time until every live machine runs it.</summary>
internal sealed record GlobalResult(
    int Machines, double SecondsToAllRunning, double EtcdRequestsPerMachine, double WatchEventsPerMachine,
    double AgentsWokenPerMachine, double EngineCpuSeconds);
