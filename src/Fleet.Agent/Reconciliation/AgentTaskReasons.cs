namespace Fleet.Agent.Reconciliation;

/// <summary>fleet's task reasons (<c>agent/reconcile.go</c>), logged with every executed task.</summary>
public static class AgentTaskReasons
{
    /// <summary>A local unit is not (or no longer) in this machine's schedule.</summary>
    public const string LoadedButNotScheduled = "unit loaded but not scheduled here";

    /// <summary>A scheduled unit is not loaded here yet.</summary>
    public const string ScheduledButNotLoaded = "unit scheduled here but not loaded";

    /// <summary>The local unit file is not the scheduled one.</summary>
    public const string LoadedButHashDiffers = "unit loaded but hash differs to expected";

    /// <summary>A loaded unit should run.</summary>
    public const string LoadedDesiredStateLaunched = "unit currently loaded but desired state is launched";

    /// <summary>A running unit should only be loaded.</summary>
    public const string LaunchedDesiredStateLoaded = "unit currently launched but desired state is loaded";

    /// <summary>Unit files were written or removed.</summary>
    public const string ReloadUnitFiles = "always reload unit files";

    /// <summary>The agent is shutting down gracefully and takes its units with it.</summary>
    public const string AgentShuttingDown = "agent shutting down";
}
