using System.Globalization;

namespace Fleet.Api.Hosting;

/// <summary>systemd socket activation (<c>sd_listen_fds</c>): the sockets systemd passed as file descriptors
/// 3, 4, ... when <c>LISTEN_PID</c> is this process and <c>LISTEN_FDS</c> says how many.</summary>
public static class SystemdSocketActivation
{
    /// <summary>The first passed descriptor (<c>SD_LISTEN_FDS_START</c>).</summary>
    public const int FirstDescriptor = 3;

    /// <summary>Reads the passed descriptors from this process's environment and removes the variables, so
    /// that processes started later (units under the process supervisor) do not inherit them.</summary>
    public static IReadOnlyList<int> TakeFromEnvironment() =>
        Take(Environment.GetEnvironmentVariable, name => Environment.SetEnvironmentVariable(name, null), Environment.ProcessId);

    /// <summary>Reads the passed descriptors from <paramref name="getVariable"/>.</summary>
    /// <param name="getVariable">Reads an environment variable.</param>
    /// <param name="unsetVariable">Removes one, or null to leave them.</param>
    /// <param name="processId">This process's ID, compared with <c>LISTEN_PID</c>.</param>
    /// <returns>The descriptors; empty when none were passed to this process.</returns>
    public static IReadOnlyList<int> Take(Func<string, string?> getVariable, Action<string>? unsetVariable, int processId)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var pid = getVariable("LISTEN_PID");
        var fds = getVariable("LISTEN_FDS");
        if (unsetVariable is not null)
        {
            unsetVariable("LISTEN_PID");
            unsetVariable("LISTEN_FDS");
            unsetVariable("LISTEN_FDNAMES");
        }

        if (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var listenPid) || listenPid != processId
            || !int.TryParse(fds, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
        {
            return [];
        }

        return [.. Enumerable.Range(FirstDescriptor, count)];
    }
}
