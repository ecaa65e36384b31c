namespace Fleet.Api;

/// <summary>Event ids of the API's log messages (the API's range starts at 4000).</summary>
internal static class ApiEventIds
{
    public const int Base = 4000;
    public const int RegistryUnavailable = Base + 1;
    public const int UnhandledFailure = Base + 2;
    public const int UnitCreated = Base + 3;
    public const int UnitTargetStateSet = Base + 4;
    public const int UnitDestroyed = Base + 5;
    public const int MachineMetadataChanged = Base + 6;
    public const int Listening = Base + 7;
    public const int StaleSocketRemoved = Base + 8;
    public const int RequestRejected = Base + 9;
}
