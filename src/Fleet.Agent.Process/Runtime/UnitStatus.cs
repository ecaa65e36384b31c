namespace Fleet.Agent.Process.Runtime;

/// <summary>A consistent snapshot of one unit for status text.</summary>
internal sealed record UnitStatus
{
    /// <summary>The unit name.</summary>
    public required string Name { get; init; }

    /// <summary><c>Description=</c>.</summary>
    public required string Description { get; init; }

    /// <summary>The unit file path.</summary>
    public required string UnitFilePath { get; init; }

    /// <summary>LOAD.</summary>
    public required string LoadState { get; init; }

    /// <summary>ACTIVE.</summary>
    public required string ActiveState { get; init; }

    /// <summary>SUB.</summary>
    public required string SubState { get; init; }

    /// <summary>systemd's result word.</summary>
    public required string Result { get; init; }

    /// <summary>When ACTIVE last changed.</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>The running main process, or the last one.</summary>
    public int? MainPid { get; init; }

    /// <summary>The main process's command name.</summary>
    public string? MainCommand { get; init; }

    /// <summary>True when <see cref="MainPid"/> still runs.</summary>
    public bool MainRunning { get; init; }

    /// <summary>How the last main process ended.</summary>
    public string? MainExit { get; init; }

    /// <summary>Recent process outcomes.</summary>
    public IReadOnlyList<string> ProcessLines { get; init; } = [];

    /// <summary>Why the unit failed, when the supervisor knows more than an exit status.</summary>
    public string? FailureMessage { get; init; }

    /// <summary>Configuration errors (load state bad-setting).</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Ignored directives.</summary>
    public IReadOnlyList<string> Unsupported { get; init; } = [];
}
