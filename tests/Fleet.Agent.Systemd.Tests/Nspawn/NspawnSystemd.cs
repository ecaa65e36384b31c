using System.Diagnostics;

namespace Fleet.Agent.Systemd.Tests.Nspawn;

/// <summary>A real systemd (the host's /usr, empty tmpfs root) booted in a systemd-nspawn container with a
/// private network; its system bus is reachable from the host at <see cref="BusAddress"/>, and
/// <see cref="UnitsDirectory"/> is bind-mounted at the identical path inside. See Nspawn/sdctl.sh.</summary>
public sealed class NspawnSystemd : IAsyncLifetime
{
    private readonly string _name = $"fleet-sd-{Environment.ProcessId}-{Guid.NewGuid():N}"[..24];
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"fleet-nspawn-{Guid.NewGuid():N}");
    private bool _started;

    /// <summary>Gets why systemd cannot run here, or null when it runs.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>Gets the D-Bus address of the container's system bus.</summary>
    public string BusAddress => $"unix:path={Path.Combine(_root, "state", _name, "dbus", "system_bus_socket")}";

    /// <summary>Gets the units directory (same path on the host and in the container).</summary>
    public string UnitsDirectory => Path.Combine(_root, "units");

    /// <summary>Gets the host PID of the container's systemd (PID 1 inside).</summary>
    public int Leader { get; private set; }

    /// <summary>Gets the command prefix that runs a program in the container's mount and PID namespaces
    /// (for <c>systemctl</c>/<c>journalctl</c> from the host).</summary>
    public IReadOnlyList<string> CommandPrefix =>
        ["timeout", "-s", "KILL", "60", "nsenter", "-t", Leader.ToString(System.Globalization.CultureInfo.InvariantCulture), "-m", "-p", "--"];

    /// <summary>Runs a command inside the container (mount and PID namespaces, 30 s limit); returns exit code and output.</summary>
    public async Task<(int Code, string Output)> ExecAsync(params string[] command)
    {
        var start = new ProcessStartInfo("timeout") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var word in new[] { "-s", "KILL", "30", "nsenter", "-t", Leader.ToString(System.Globalization.CultureInfo.InvariantCulture), "-m", "-p", "--" }.Concat(command))
        {
            start.ArgumentList.Add(word);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Skips the calling test when systemd-nspawn cannot run on this machine.</summary>
    public void Require()
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }
    }

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            SkipReason = "systemd-nspawn needs root on Linux (D-Bus calls to systemd are root-only without polkit).";
            return;
        }

        if (!File.Exists("/usr/bin/systemd-nspawn") || !File.Exists("/usr/lib/systemd/systemd"))
        {
            SkipReason = "systemd-nspawn or systemd is not installed (apt-get install systemd-container).";
            return;
        }

        if (!Directory.Exists("/sys/fs/cgroup/unified") && !File.Exists("/sys/fs/cgroup/cgroup.controllers"))
        {
            SkipReason = "No writable cgroup hierarchy for systemd-nspawn.";
            return;
        }

        Directory.CreateDirectory(UnitsDirectory);
        var (code, output) = await RunAsync("start", _name, "-", $"--bind={UnitsDirectory}:{UnitsDirectory}");
        _started = true;
        if (code != 0)
        {
            throw new InvalidOperationException($"systemd-nspawn could not boot systemd (exit {code}):\n{output}");
        }

        var (_, leader) = await RunAsync("leader", _name);
        Leader = int.Parse(leader.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await RunAsync("stop", _name);
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // a bind mount may still be busy; it is under the temp directory
        }
    }

    private async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Nspawn", "sdctl.sh");
        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SD_ROOT"] = "/";
        start.Environment["SD_BASE"] = Path.Combine(_root, "state");
        start.Environment["SD_TIMEOUT"] = "60";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
