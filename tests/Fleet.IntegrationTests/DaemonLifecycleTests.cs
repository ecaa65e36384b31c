using System.Text.RegularExpressions;

namespace Fleet.IntegrationTests;

/// <summary>fleetd's lifecycle on one machine (embedded store, process supervisor): SIGHUP reload, re-adoption
/// of running units after a SIGKILL, and disable_watches.</summary>
[Trait("Category", "Integration")]
public sealed partial class DaemonLifecycleTests : IAsyncLifetime
{
    private const string MachineId = "lifecycle00000000000000000000001";
    private readonly string _dir = Directory.CreateTempSubdirectory("fleetd-lifecycle-").FullName;
    private readonly List<FleetdProcess> _started = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var fleetd in _started)
        {
            await fleetd.DisposeAsync();
        }

        // Units re-adopted across restarts outlive any single fleetd: stop what is still running.
        foreach (var pid in UnitPids())
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        Directory.Delete(_dir, recursive: true);
    }

    private async Task<FleetdProcess> StartAsync(Dictionary<string, string> options, IReadOnlyList<string>? arguments = null)
    {
        options.TryAdd("agent_ttl", "3s");
        options.TryAdd("engine_reconcile_interval", "0.5");
        var fleetd = FleetdProcess.Start(MachineId, _dir, options, arguments);
        _started.Add(fleetd);
        await fleetd.WaitForApiAsync(TimeSpan.FromSeconds(60), Ct);
        return fleetd;
    }

    [Fact]
    public async Task Sighup_MetadataChangedInTheConfigFile_ListMachinesShowsItWithoutRestartingUnitsOrListeners()
    {
        var config = Path.Combine(_dir, "fleet.conf");
        await File.WriteAllTextAsync(config, "metadata=role=before,zone=a\n", Ct);
        var fleetd = await StartAsync([], ["-config", config]);
        await Fleetctl.WaitForAsync(fleetd.Endpoint, ["list-machines", "--no-legend", "--full"],
            r => r.Stdout.Contains("role=before", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the machine with its first metadata", Ct);
        (await Fleetctl.RunAsync(fleetd.Endpoint, ["start", "hello.service"], Ct)).ShouldSucceed();
        var pid = await WaitForMainPidAsync(fleetd);
        var picky = Path.Combine(_dir, "picky.service");
        await File.WriteAllTextAsync(picky, "[Service]\nExecStart=/bin/sleep 1000\n\n[X-Fleet]\nMachineMetadata=role=after\n", Ct);
        (await Fleetctl.RunAsync(fleetd.Endpoint, ["start", "--no-block", picky], Ct)).ShouldSucceed();

        await File.WriteAllTextAsync(config, "metadata=role=after,disk=ssd\n", Ct);
        await fleetd.SignalAsync("HUP", Ct);

        var machines = await Fleetctl.WaitForAsync(fleetd.Endpoint, ["list-machines", "--no-legend", "--full"],
            r => r.Stdout.Contains("disk=ssd,role=after", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the new metadata after SIGHUP", Ct);
        Assert.DoesNotContain("role=before", machines.Stdout, StringComparison.Ordinal);
        Assert.Single(machines.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Reloading configuration from " + config, fleetd.Output, StringComparison.Ordinal);
        Assert.True(fleetd.IsRunning, fleetd.Output);
        Assert.Equal(pid, await WaitForMainPidAsync(fleetd));
        Assert.DoesNotContain("Machine " + MachineId + " joined the cluster", fleetd.Output.Split("Reloading configuration")[1], StringComparison.Ordinal);

        // The engine follows the re-announcement: a unit that needs the new metadata is placed and runs.
        await Fleetctl.WaitForAsync(fleetd.Endpoint, ["list-units", "--no-legend", "--fields", "unit,active"],
            r => r.Stdout.Contains("picky.service\tactive", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "picky.service active after the metadata it needs appeared", Ct);
        Assert.Contains("Scheduled unit picky.service to machine", fleetd.Output.Split("Reloading configuration")[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigkill_ThenRestart_ReadoptsTheRunningUnitWithTheSamePid()
    {
        var first = await StartAsync([]);
        (await Fleetctl.RunAsync(first.Endpoint, ["start", "hello.service"], Ct)).ShouldSucceed();
        var pid = await WaitForMainPidAsync(first);

        await first.KillAsync();
        Assert.True(IsAlive(pid), $"hello.service (pid {pid}) died with fleetd");

        var second = await StartAsync([]);
        await Fleetctl.WaitForAsync(second.Endpoint, ["list-units", "--no-legend", "--fields", "unit,active,sub"],
            r => r.Stdout.Contains("hello.service\tactive\trunning", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "hello.service active after the restart", Ct);

        Assert.Equal(pid, await WaitForMainPidAsync(second));
        Assert.True(IsAlive(pid), $"hello.service (pid {pid}) is no longer running");
        Assert.Equal([pid], UnitPids());
        Assert.Contains("Re-adopted 1 unit(s) already loaded on this machine", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisableWatches_AgentAndEnginePoll_UnitsStillStartAndStop()
    {
        var fleetd = await StartAsync(new() { ["disable_watches"] = "true" });
        (await Fleetctl.RunAsync(fleetd.Endpoint, ["start", "--no-block", "hello.service"], Ct)).ShouldSucceed();
        await Fleetctl.WaitForAsync(fleetd.Endpoint, ["list-units", "--no-legend", "--fields", "unit,active,sub"],
            r => r.Stdout.Contains("hello.service\tactive\trunning", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "hello.service active with polling only", Ct);

        (await Fleetctl.RunAsync(fleetd.Endpoint, ["stop", "--no-block", "hello.service"], Ct)).ShouldSucceed();
        await Fleetctl.WaitForAsync(fleetd.Endpoint, ["list-units", "--no-legend", "--fields", "unit,active"],
            r => r.Stdout.Contains("hello.service\tinactive", StringComparison.Ordinal) || r.Stdout.Contains("hello.service\tfailed", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "hello.service stopped with polling only", Ct);

        Assert.Contains("Engine starting for machine " + MachineId + " (polling units and machines every 00:00:00.5000000)", fleetd.Output, StringComparison.Ordinal);
        Assert.Contains("(polling its schedule)", fleetd.Output, StringComparison.Ordinal);
    }

    private static async Task<int> WaitForMainPidAsync(FleetdProcess fleetd)
    {
        var status = await Fleetctl.WaitForAsync(fleetd.Endpoint, ["status", "hello.service"],
            r => r.ExitCode == 0 && MainPid().IsMatch(r.Stdout), TimeSpan.FromSeconds(60), "hello.service running with a main PID", Ct);
        return int.Parse(MainPid().Match(status.Stdout).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool IsAlive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].TrimStart().StartsWith('Z');

    /// <summary>PIDs of hello.service processes (its bash loop), from /proc.</summary>
    private static List<int> UnitPids()
    {
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.StartsWith("/bin/bash -c while true; do echo \"Hello, world\"", StringComparison.Ordinal) && IsAlive(pid))
                {
                    pids.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        pids.Sort();
        return pids;
    }

    [GeneratedRegex(@"Main PID: (\d+)")]
    private static partial Regex MainPid();
}
