namespace Fleet.Agent.Process.Runtime;

/// <summary>systemd's words for <see cref="ServicePhase"/>.</summary>
internal static class ServicePhases
{
    /// <summary>The SUB state, e.g. <c>stop-sigterm</c>.</summary>
    public static string SubState(this ServicePhase phase) => phase switch
    {
        ServicePhase.Dead => "dead",
        ServicePhase.Failed => "failed",
        ServicePhase.StartPre => "start-pre",
        ServicePhase.Start => "start",
        ServicePhase.StartPost => "start-post",
        ServicePhase.Running => "running",
        ServicePhase.Exited => "exited",
        ServicePhase.Stop => "stop",
        ServicePhase.StopSigterm => "stop-sigterm",
        ServicePhase.StopSigkill => "stop-sigkill",
        ServicePhase.StopPost => "stop-post",
        ServicePhase.FinalSigterm => "final-sigterm",
        ServicePhase.FinalSigkill => "final-sigkill",
        ServicePhase.AutoRestart => "auto-restart",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
    };

    /// <summary>The ACTIVE state, e.g. <c>deactivating</c>.</summary>
    public static string ActiveState(this ServicePhase phase) => phase switch
    {
        ServicePhase.Dead => "inactive",
        ServicePhase.Failed => "failed",
        ServicePhase.StartPre or ServicePhase.Start or ServicePhase.StartPost or ServicePhase.AutoRestart => "activating",
        ServicePhase.Running or ServicePhase.Exited => "active",
        _ => "deactivating",
    };

    /// <summary>Parses <see cref="SubState"/> back (persisted state).</summary>
    public static bool TryParse(string subState, out ServicePhase phase)
    {
        foreach (var candidate in Enum.GetValues<ServicePhase>())
        {
            if (candidate.SubState() == subState)
            {
                phase = candidate;
                return true;
            }
        }

        phase = ServicePhase.Dead;
        return false;
    }

    /// <summary>True for the phases that signal processes and wait for them to go.</summary>
    public static bool IsSignalPhase(this ServicePhase phase) =>
        phase is ServicePhase.StopSigterm or ServicePhase.StopSigkill or ServicePhase.FinalSigterm or ServicePhase.FinalSigkill;
}
