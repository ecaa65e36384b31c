using System.Diagnostics;
using Fleet.Agent.Process.Definitions;

namespace Fleet.Agent.Process.Runtime;

/// <summary>Starts a unit's commands so that they outlive the supervisor: each runs in a new session and
/// process group (<c>setsid</c>, which execs in place so the PID is the command's), with stdin from
/// <c>/dev/null</c> and stdout/stderr appended to the unit's log file by a tiny <c>/bin/sh</c> trampoline,
/// so no pipe to the supervisor exists. <c>User=</c> is applied with <c>setpriv</c> (also exec in place).</summary>
internal sealed class ProcessLauncher
{
    private const string Trampoline = "log=$1; shift; exec \"$@\" </dev/null >>\"$log\" 2>&1";

    private readonly string _setsid;
    private readonly string? _setpriv;

    private ProcessLauncher(string setsid, string? setpriv)
    {
        _setsid = setsid;
        _setpriv = setpriv;
    }

    /// <summary>Finds <c>setsid</c> (required) and <c>setpriv</c> (needed only for <c>User=</c>).</summary>
    /// <exception cref="InvalidOperationException">No <c>setsid</c> on this machine.</exception>
    public static ProcessLauncher Create()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new InvalidOperationException("the process supervisor runs units only on Linux (sessions, process groups, /proc)");
        }

        var setsid = FindInPath("setsid", Environment.GetEnvironmentVariable("PATH") + ":/usr/bin:/bin:/usr/sbin:/sbin")
            ?? throw new InvalidOperationException("the process supervisor needs 'setsid' (util-linux) in PATH to start units in their own session");
        return new ProcessLauncher(setsid, FindInPath("setpriv", Environment.GetEnvironmentVariable("PATH") + ":/usr/bin:/bin"));
    }

    /// <summary>Starts <paramref name="command"/>; on failure returns null and says why in <paramref name="error"/>.</summary>
    public ProcessHandle? TryLaunch(ExecCommand command, ExecContext context, out string? error)
    {
        var path = command.Path.Contains('/', StringComparison.Ordinal)
            ? command.Path
            : FindInPath(command.Path, context.Environment.GetValueOrDefault("PATH") ?? DefaultPath);
        if (path is null || !Path.IsPathRooted(path))
        {
            error = $"executable '{command.Path}' not found (relative paths are not allowed; names are looked up in PATH)";
            return null;
        }

        if (!IsExecutable(path))
        {
            error = $"executable '{path}' does not exist or is not executable";
            return null;
        }

        var info = new ProcessStartInfo(_setsid)
        {
            UseShellExecute = false,
            WorkingDirectory = context.WorkingDirectory,
        };
        info.ArgumentList.Add("/bin/sh");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Trampoline);
        info.ArgumentList.Add("fleet-exec");
        info.ArgumentList.Add(context.LogPath);
        if (context.RunAs is { } user && !command.FullPrivileges)
        {
            if (_setpriv is null)
            {
                error = $"User={user.Name} needs 'setpriv' (util-linux) in PATH";
                return null;
            }

            info.ArgumentList.Add(_setpriv);
            info.ArgumentList.Add($"--reuid={user.UserId}");
            info.ArgumentList.Add($"--regid={user.GroupId}");
            info.ArgumentList.Add("--init-groups");
            info.ArgumentList.Add("--");
        }

        info.ArgumentList.Add(path);
        foreach (var arg in ExecLineParser.ExpandArguments(command, context.Environment))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        foreach (var (key, value) in context.Environment)
        {
            info.Environment[key] = value;
        }

        try
        {
            var process = System.Diagnostics.Process.Start(info);
            if (process is null)
            {
                error = $"could not start '{path}'";
                return null;
            }

            error = null;
            return ProcessHandle.ForChild(process, Path.GetFileName(path));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            error = $"could not start '{path}': {e.Message}";
            return null;
        }
    }

    /// <summary>systemd's default <c>PATH</c> for services.</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static string? FindInPath(string name, string searchPath)
    {
        foreach (var dir in searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (Path.IsPathRooted(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutable(string path)
    {
        try
        {
            return File.Exists(path) && !OperatingSystem.IsWindows()
                && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
