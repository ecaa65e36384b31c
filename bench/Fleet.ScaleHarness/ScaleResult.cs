namespace Fleet.ScaleHarness;

/// <summary>What one bulk-start run measured.</summary>
internal sealed record ScaleResult(
    int Machines,
    int Units,
    double SecondsToConverge,
    double PlacementsPerSecond,
    double EtcdRequestsPerPlacement,
    double ClientRequestsPerPlacement,
    double EtcdPutsPerPlacement,
    double WatchEventsPerPlacement,
    double IdleWatchEvents,
    double IdleSeconds);
