using Fleet.Agent.Process.Runtime;
using System.Collections.Immutable;

namespace Fleet.Agent.Process.Definitions;

/// <summary>What the process supervisor understood of a unit file: its <c>[Service]</c> settings with
/// specifiers expanded, plus every problem and every directive it does not support.</summary>
internal sealed record ServiceDefinition
{
    /// <summary>The unit type is <c>service</c>; other types load but refuse to start.</summary>
    public required bool IsService { get; init; }

    /// <summary><c>Description=</c>.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary><c>Type=</c>.</summary>
    public ServiceType Type { get; init; } = ServiceType.Simple;

    /// <summary><c>ExecStartPre=</c> commands.</summary>
    public ImmutableArray<ExecCommand> ExecStartPre { get; init; } = [];

    /// <summary><c>ExecStart=</c> commands (one, except for oneshot).</summary>
    public ImmutableArray<ExecCommand> ExecStart { get; init; } = [];

    /// <summary><c>ExecStartPost=</c> commands.</summary>
    public ImmutableArray<ExecCommand> ExecStartPost { get; init; } = [];

    /// <summary><c>ExecStop=</c> commands.</summary>
    public ImmutableArray<ExecCommand> ExecStop { get; init; } = [];

    /// <summary><c>ExecStopPost=</c> commands.</summary>
    public ImmutableArray<ExecCommand> ExecStopPost { get; init; } = [];

    /// <summary><c>Restart=</c>.</summary>
    public RestartPolicy Restart { get; init; } = RestartPolicy.No;

    /// <summary><c>RestartSec=</c>, 100ms by default.</summary>
    public TimeSpan RestartDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary><c>Environment=</c> assignments in order (later wins).</summary>
    public ImmutableArray<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary><c>EnvironmentFile=</c> paths; <c>Optional</c> for the <c>-</c> prefix.</summary>
    public ImmutableArray<(string Path, bool Optional)> EnvironmentFiles { get; init; } = [];

    /// <summary><c>WorkingDirectory=</c> (null: the state directory's unit folder); <c>~</c> is the user's home.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The <c>-</c> prefix on <c>WorkingDirectory=</c>: a missing directory is not an error.</summary>
    public bool WorkingDirectoryOptional { get; init; }

    /// <summary><c>User=</c>.</summary>
    public string? User { get; init; }

    /// <summary><c>Group=</c>.</summary>
    public string? Group { get; init; }

    /// <summary><c>TimeoutStartSec=</c>; <see cref="Timeout.InfiniteTimeSpan"/> for none (oneshot's default).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary><c>TimeoutStopSec=</c>.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary><c>KillMode=</c>.</summary>
    public KillMode KillMode { get; init; } = KillMode.ControlGroup;

    /// <summary><c>KillSignal=</c> (signal number), SIGTERM by default.</summary>
    public int KillSignal { get; init; } = Signals.Term;

    /// <summary><c>SendSIGKILL=</c>.</summary>
    public bool SendSigkill { get; init; } = true;

    /// <summary><c>RemainAfterExit=</c>.</summary>
    public bool RemainAfterExit { get; init; }

    /// <summary><c>PIDFile=</c> for forking services.</summary>
    public string? PidFile { get; init; }

    /// <summary><c>SuccessExitStatus=</c>: extra exit codes and signals counted as clean.</summary>
    public ImmutableHashSet<int> SuccessExitCodes { get; init; } = [];

    /// <summary>Signals from <c>SuccessExitStatus=</c>.</summary>
    public ImmutableHashSet<int> SuccessSignals { get; init; } = [];

    /// <summary><c>StartLimitIntervalSec=</c> for automatic restarts.</summary>
    public TimeSpan StartLimitInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary><c>StartLimitBurst=</c> for automatic restarts.</summary>
    public int StartLimitBurst { get; init; } = 5;

    /// <summary>Problems that make the unit unstartable (load state <c>bad-setting</c>).</summary>
    public ImmutableArray<string> Errors { get; init; } = [];

    /// <summary>Directives and features understood by systemd but not by this supervisor (ignored, reported).</summary>
    public ImmutableArray<string> Unsupported { get; init; } = [];
}
