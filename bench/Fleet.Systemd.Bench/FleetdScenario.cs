using System.Diagnostics;
using Fleet.Agent.Systemd;
using Fleet.Core.Units;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Systemd.Bench;

/// <summary>The whole fleetd (embedded store, engine and agent, <c>unit_manager=auto</c> resolving to systemd) running
/// under the container's systemd from the build output; units submitted with fleetctl over a unix socket.</summary>
internal static class FleetdScenario
{
    public static async Task RunAsync(Dictionary<string, object> result, int units, int idleSeconds, Stopwatch clock, Action<string> progress, ILoggerFactory logs)
    {
        var output = AppContext.BaseDirectory.TrimEnd('/');
        var api = Directory.CreateTempSubdirectory("fleet-sdbench-api-").FullName;
        var unitFiles = Directory.CreateTempSubdirectory("fleet-sdbench-units-").FullName;
        try
        {
            progress("booting systemd in a container");
            await using var container = await BenchContainer.StartAsync($"--bind-ro={output}:{output}", $"--bind={api}:/run/fleet-api");
            var endpoint = $"--endpoint=unix://{api}/fleet.sock";
            var (code, text) = await container.ExecAsync(
                "systemd-run", "--unit=fleetd", "--property=Restart=no", "--setenv=HOME=/root", "--setenv=DOTNET_NOLOGO=1",
                "--setenv=FLEET_API_LISTEN=unix:///run/fleet-api/fleet.sock", "--setenv=FLEET_UNIT_MANAGER=auto",
                "/usr/share/dotnet/dotnet", Path.Combine(output, "fleetd.dll"));
            Check(code, text);
            await PollAsync(async () => (await FleetctlAsync(endpoint, "list-machines", "--no-legend")).Code == 0, TimeSpan.FromSeconds(120), "fleetd answering");
            var fleetd = container.ChildPid("Name:\tdotnet");
            var dbus = container.DbusDaemonPid();
            result["fleetdPid"] = fleetd;

            // A reader of systemd's states for the bench itself (its own connection, not fleetd's).
            var options = new SystemdUnitManagerOptions { BusAddress = container.BusAddress, UnitsDirectory = container.UnitsDirectory };
            await using var systemd = new SystemdUnitManager(Options.Create(options), TimeProvider.System, logs.CreateLogger<SystemdUnitManager>());
            var names = Enumerable.Range(0, units).Select(i => UnitName.Parse($"bench-{i:D5}.service")).ToArray();
            foreach (var name in names)
            {
                await File.WriteAllTextAsync(Path.Combine(unitFiles, name.Value), "[Unit]\nDescription=fleet bench unit\n\n[Service]\nExecStart=/usr/bin/sleep infinity\n");
            }

            progress($"fleetctl start --no-block of {units} units");
            var window = Window.Start(clock, fleetd, container.Leader, dbus);
            var t0 = clock.Elapsed;
            (code, text) = await FleetctlAsync([endpoint, "start", "--no-block", .. names.Select(n => Path.Combine(unitFiles, n.Value))]);
            Check(code, text);
            result["secondsToSubmit"] = (clock.Elapsed - t0).TotalSeconds;
            await PollAsync(async () => (await systemd.GetStatesAsync(names, CancellationToken.None)).Values.All(s => s.ActiveState == "active"), TimeSpan.FromMinutes(10), $"{units} units active in systemd");
            result["secondsToStartAll"] = (clock.Elapsed - t0).TotalSeconds;
            result["start"] = window.Stop();
            await PollAsync(async () => CountActive((await FleetctlAsync(endpoint, "list-units", "--no-legend", "--fields", "unit,active")).Output) == units, TimeSpan.FromMinutes(5), "fleet reporting every unit active");
            result["secondsUntilFleetReportsAllActive"] = (clock.Elapsed - t0).TotalSeconds;
            var journal = await container.ExecAsync("journalctl", "-u", "init.scope", "-o", "cat", "--no-pager");
            result["daemonReloadsDuringStart"] = journal.Output.Split('\n').Count(l => l.StartsWith("Reloading", StringComparison.Ordinal));

            progress("settling for 10 s");
            await Task.Delay(TimeSpan.FromSeconds(10), TimeProvider.System, CancellationToken.None);
            progress($"idle for {idleSeconds} s");
            window = Window.Start(clock, fleetd, container.Leader, dbus);
            await Task.Delay(TimeSpan.FromSeconds(idleSeconds), TimeProvider.System, CancellationToken.None);
            result["idle"] = window.Stop();

            progress("one unit stopped behind fleet's back (systemctl stop in the container); 10 s window");
            var one = names[units / 2];
            window = Window.Start(clock, fleetd, container.Leader, dbus);
            t0 = clock.Elapsed;
            (code, text) = await container.ExecAsync("systemctl", "stop", one.Value);
            Check(code, text);
            await PollAsync(async () => CountActive((await FleetctlAsync(endpoint, "list-units", "--no-legend", "--fields", "unit,active")).Output) < units, TimeSpan.FromSeconds(30), "fleet reporting the stopped unit");
            result["secondsUntilFleetReportsTheStop"] = (clock.Elapsed - t0).TotalSeconds;
            var remaining = TimeSpan.FromSeconds(10) - (clock.Elapsed - t0);
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining, TimeProvider.System, CancellationToken.None);
            }

            result["oneChange"] = window.Stop();
            result["fleetdRssMiB"] = Math.Round(ReadRssKiB(fleetd) / 1024.0, 1);
            progress("stopping the container");
        }
        finally
        {
            Directory.Delete(unitFiles, recursive: true);
            Directory.Delete(api, recursive: true);
        }
    }

    private static int CountActive(string listUnits) =>
        listUnits.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Split('\t', StringSplitOptions.RemoveEmptyEntries) is [_, "active", ..]);

    private static long ReadRssKiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) ?? "VmRSS: 0 kB";
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Check(int code, string output)
    {
        if (code != 0)
        {
            throw new InvalidOperationException($"exit {code}: {output}");
        }
    }

    private static async Task PollAsync(Func<Task<bool>> done, TimeSpan timeout, string what)
    {
        var until = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (!await done())
        {
            if (TimeProvider.System.GetTimestamp() > until)
            {
                throw new TimeoutException($"{what} did not happen within {timeout}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System, CancellationToken.None);
        }
    }

    private static async Task<(int Code, string Output)> FleetctlAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fleetctl.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
