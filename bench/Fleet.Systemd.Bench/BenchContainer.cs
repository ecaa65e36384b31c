using System.Diagnostics;
using System.Globalization;

namespace Fleet.Systemd.Bench;

/// <summary>A real systemd booted with systemd-nspawn (the host's /usr, empty tmpfs root, private network), its
/// system bus reachable from the host, and a units directory bind-mounted at the same path.</summary>
internal sealed class BenchContainer : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fleet-sdbench-").FullName;
    private readonly string _name = $"fsb{Environment.ProcessId}";

    public string BusAddress => $"unix:path={Path.Combine(_root, "state", _name, "dbus", "system_bus_socket")}";

    public string UnitsDirectory => Path.Combine(_root, "units");

    public int Leader { get; private set; }

    public static async Task<BenchContainer> StartAsync(params string[] extraNspawnArgs)
    {
        var container = new BenchContainer();
        Directory.CreateDirectory(container.UnitsDirectory);
        var (code, output) = await container.SdctlAsync(["start", container._name, "-", $"--bind={container.UnitsDirectory}:{container.UnitsDirectory}", .. extraNspawnArgs]);
        if (code != 0)
        {
            await container.DisposeAsync();
            throw new InvalidOperationException($"systemd-nspawn could not boot systemd:\n{output}");
        }

        container.Leader = int.Parse((await container.SdctlAsync("leader", container._name)).Output.Trim(), CultureInfo.InvariantCulture);
        return container;
    }

    /// <summary>Host PID of the container's dbus-daemon (a child of its systemd), or 0.</summary>
    public int DbusDaemonPid() => ChildPid("Name:\tdbus-daemon");

    /// <summary>Host PID of a child of the container's systemd whose /proc status contains <paramref name="marker"/>, or 0.</summary>
    public int ChildPid(string marker)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var status = File.ReadAllText(Path.Combine(dir, "status"));
                if (status.Contains(marker, StringComparison.Ordinal) && status.Contains($"PPid:\t{Leader}\n", StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // the process exited
            }
        }

        return 0;
    }

    public async Task<(int Code, string Output)> ExecAsync(params string[] command)
    {
        var info = new ProcessStartInfo("timeout") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var word in new[] { "-s", "KILL", "60", "nsenter", "-t", Leader.ToString(CultureInfo.InvariantCulture), "-m", "-p", "--" }.Concat(command))
        {
            info.ArgumentList.Add(word);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    public async ValueTask DisposeAsync()
    {
        await SdctlAsync("stop", _name);
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // under the temp directory
        }
    }

    private async Task<(int Code, string Output)> SdctlAsync(params string[] args)
    {
        var info = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Nspawn", "sdctl.sh"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["SD_ROOT"] = "/";
        info.Environment["SD_BASE"] = Path.Combine(_root, "state");
        info.Environment["SD_TIMEOUT"] = "60";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
