using System.Diagnostics;

namespace Fleet.IntegrationTests;

/// <summary>Runs the real fleetctl with exactly the given arguments (no <c>--endpoint</c> added) and extra
/// environment variables, e.g. <c>FLEETCTL_*</c> or a <c>PATH</c> with a stand-in <c>ssh</c>.</summary>
public static class FleetctlRaw
{
    /// <summary>Runs fleetctl and returns what it printed; fails after <paramref name="timeout"/> (60 s by default).</summary>
    /// <param name="args">fleetctl's arguments.</param>
    /// <param name="environment">Extra environment variables.</param>
    /// <param name="cancellationToken">Stops waiting (and kills fleetctl).</param>
    /// <param name="timeout">How long fleetctl may run.</param>
    /// <param name="workingDirectory">Where it runs; null: this process's working directory.</param>
    public static async Task<FleetctlResult> RunAsync(
        IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken,
        TimeSpan? timeout = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        info.ArgumentList.Add(FleetctlDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start fleetctl");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"fleetctl {string.Join(' ', info.ArgumentList.Skip(1))} did not finish in time");
        }

        return new FleetctlResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The fleetctl assembly in the build output.</summary>
    public static string FleetctlDll => Path.Combine(AppContext.BaseDirectory, "fleetctl.dll");

    /// <summary>Writes an executable shell script.</summary>
    public static string WriteScript(string path, string text)
    {
        File.WriteAllText(path, text);
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
