namespace Fleet.Agent.Reconciliation;

/// <summary>What an agent task does. The numeric order is the order tasks run in (fleet's task types).</summary>
public enum AgentTaskKind
{
    /// <summary>Stop the unit, disable it and remove its file.</summary>
    UnloadUnit = 1,

    /// <summary>Write the unit file and make it known to the unit manager.</summary>
    LoadUnit = 2,

    /// <summary>Make the unit manager re-read unit files (once, after loads and unloads).</summary>
    ReloadUnitFiles = 3,

    /// <summary>Stop a launched unit, keeping it loaded.</summary>
    StopUnit = 4,

    /// <summary>Start a loaded unit.</summary>
    StartUnit = 5,
}
