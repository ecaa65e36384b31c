namespace Fleet.ScaleHarness;

/// <summary>10% of the machines removed at once: time until every unit they ran runs elsewhere.</summary>
internal sealed record LossResult(
    int MachinesLost, int UnitsAffected, double SecondsToReschedule, double ReschedulesPerSecond,
    double EtcdRequestsPerReschedule, double WatchEventsPerReschedule, double AgentsWokenPerReschedule, double EngineCpuSeconds);
