namespace Fleet.Agent.Process.Runtime;

/// <summary>What survives a supervisor restart for one unit (<c>STATE_DIR/UNIT/state.json</c>): enough to
/// re-adopt its main process (PID, start time and boot id guard against PID reuse) and report its state.</summary>
internal sealed record PersistedUnitState
{
    /// <summary>The sub state (<see cref="ServicePhases.SubState"/>).</summary>
    public required string SubState { get; init; }

    /// <summary>systemd's result word (<c>success</c>, <c>exit-code</c>, <c>timeout</c> …).</summary>
    public required string Result { get; init; }

    /// <summary>When the active state last changed.</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>The boot the PIDs belong to.</summary>
    public required string BootId { get; init; }

    /// <summary>The main process, when one runs.</summary>
    public int? MainPid { get; init; }

    /// <summary>The main process's start time in clock ticks after boot.</summary>
    public long MainStartTime { get; init; }

    /// <summary>The main process's group.</summary>
    public int MainProcessGroup { get; init; }

    /// <summary>The main process counts as running while its group has members (forking without PIDFile=).</summary>
    public bool MainTracksGroup { get; init; }

    /// <summary>The main process's command name.</summary>
    public string? MainCommand { get; init; }

    /// <summary>Recent process outcomes, as the status text shows them.</summary>
    public IReadOnlyList<string> ProcessLines { get; init; } = [];
}
