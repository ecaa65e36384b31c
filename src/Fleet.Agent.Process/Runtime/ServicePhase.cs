namespace Fleet.Agent.Process.Runtime;

/// <summary>A service's sub-state, as systemd names them (<c>systemctl --state=help</c>).</summary>
internal enum ServicePhase
{
    /// <summary>dead: not running, last run clean.</summary>
    Dead,

    /// <summary>failed: not running, last run failed.</summary>
    Failed,

    /// <summary>start-pre: ExecStartPre= commands run.</summary>
    StartPre,

    /// <summary>start: ExecStart= runs (oneshot: to completion; forking: until the parent exits).</summary>
    Start,

    /// <summary>start-post: ExecStartPost= commands run.</summary>
    StartPost,

    /// <summary>running: the main process runs.</summary>
    Running,

    /// <summary>exited: oneshot with RemainAfterExit=yes finished.</summary>
    Exited,

    /// <summary>stop: ExecStop= commands run.</summary>
    Stop,

    /// <summary>stop-sigterm: KillSignal= sent, waiting for the processes to go.</summary>
    StopSigterm,

    /// <summary>stop-sigkill: SIGKILL sent after TimeoutStopSec=.</summary>
    StopSigkill,

    /// <summary>stop-post: ExecStopPost= commands run.</summary>
    StopPost,

    /// <summary>final-sigterm: leftovers of ExecStopPost= signalled.</summary>
    FinalSigterm,

    /// <summary>final-sigkill: leftovers killed.</summary>
    FinalSigkill,

    /// <summary>auto-restart: waiting RestartSec= before restarting.</summary>
    AutoRestart,
}
