namespace Fleet.Agent.Process.Definitions;

/// <summary><c>KillMode=</c>: which processes a stop signals. The "control group" is the unit's process group.</summary>
internal enum KillMode
{
    /// <summary>Every process of the unit's process groups.</summary>
    ControlGroup,

    /// <summary>The main process only.</summary>
    Process,

    /// <summary>The stop signal to the main process, SIGKILL to the rest of the group.</summary>
    Mixed,

    /// <summary>Nothing is signalled; only ExecStop runs.</summary>
    None,
}
