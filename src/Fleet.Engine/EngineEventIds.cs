namespace Fleet.Engine;

/// <summary>Event ids of the engine's log messages (range 1000-1999).</summary>
internal static class EngineEventIds
{
    /// <summary>First id of the range.</summary>
    public const int Base = 1000;
}
