using System.Collections.Immutable;

namespace Fleet.Agent.Process.Runtime;

/// <summary>Everything a unit's processes are started with, resolved once per start.</summary>
/// <param name="Environment">The full environment (nothing is inherited from the supervisor).</param>
/// <param name="WorkingDirectory">The working directory.</param>
/// <param name="LogPath">The unit's output log; stdout and stderr are appended to it.</param>
/// <param name="RunAs">The user to switch to, or null to run as the supervisor's user.</param>
internal sealed record ExecContext(
    ImmutableDictionary<string, string> Environment,
    string WorkingDirectory,
    string LogPath,
    UserAccount? RunAs);
