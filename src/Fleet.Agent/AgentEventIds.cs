namespace Fleet.Agent;

/// <summary>Event ids of the agent's log messages (range 2000-2999).</summary>
internal static class AgentEventIds
{
    /// <summary>First id of the range.</summary>
    public const int Base = 2000;
}
