using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Fleet.Agent.Systemd;
using Fleet.Core.Units;
using Fleet.Systemd.Bench;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// Usage: dotnet run -c Release --project bench/Fleet.Systemd.Bench -- [--fleetd] [--units 1000] [--idle-seconds 30] [--json FILE]
// Needs root, systemd-nspawn (systemd-container) and the host's systemd under /usr.
// Default: the unit manager alone in this process (the agent's systemd path). --fleetd: the whole fleetd in the container.
var units = 1000;
var wholeFleetd = false;
var idleSeconds = 30;
string? jsonFile = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--units" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n > 0:
            units = n;
            i++;
            break;
        case "--idle-seconds" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var s) && s > 0:
            idleSeconds = s;
            i++;
            break;
        case "--fleetd":
            wholeFleetd = true;
            break;
        case "--json" when i + 1 < args.Length:
            jsonFile = args[++i];
            break;
        default:
            await Console.Error.WriteLineAsync($"unknown or incomplete argument '{args[i]}'; usage: [--fleetd] [--units N] [--idle-seconds S] [--json FILE]");
            return 2;
    }
}

using var logs = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
var clock = Stopwatch.StartNew();
var self = Environment.ProcessId;
void Progress(string what) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,7:0.0}s] {what} (load {LoadAverage()})"));
var result = new Dictionary<string, object> { ["units"] = units, ["loadAverageAtStart"] = LoadAverage(), ["cpus"] = Environment.ProcessorCount };

if (wholeFleetd)
{
    result["mode"] = "fleetd";
    await FleetdScenario.RunAsync(result, units, idleSeconds, clock, Progress, logs);
    result["loadAverageAtEnd"] = LoadAverage();
    await WriteAsync(result, jsonFile);
    return 0;
}

result["mode"] = "unit-manager";
Progress("booting systemd in a container");
await using var container = await BenchContainer.StartAsync();
var dbusPid = container.DbusDaemonPid();
var options = new SystemdUnitManagerOptions { BusAddress = container.BusAddress, UnitsDirectory = container.UnitsDirectory };
await using var manager = new SystemdUnitManager(Options.Create(options), TimeProvider.System, logs.CreateLogger<SystemdUnitManager>());
var agent = new AgentLoop(manager);
using var stop = new CancellationTokenSource();
var loop = agent.RunAsync(stop.Token);
var names = Enumerable.Range(0, units).Select(i => UnitName.Parse($"bench-{i:D5}.service")).ToArray();
var file = UnitFile.Parse("[Unit]\nDescription=fleet bench unit\n\n[Service]\nExecStart=/usr/bin/sleep infinity\n").File!;

Progress($"loading {units} units (one daemon-reload)");
var t0 = clock.Elapsed;
foreach (var name in names)
{
    await manager.LoadAsync(name, file, CancellationToken.None);
}

await manager.ReloadAsync(CancellationToken.None);
result["secondsToLoad"] = (clock.Elapsed - t0).TotalSeconds;
result["daemonReloads"] = manager.Reloads;

Progress($"starting {units} units");
var window = Window.Start(clock, manager, self, container.Leader, dbusPid);
t0 = clock.Elapsed;
try
{
    await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (name, ct) => await manager.StartAsync(name, ct));
}
catch (Fleet.Agent.UnitManagement.UnitManagerException)
{
    await Console.Error.WriteLineAsync((await container.ExecAsync("journalctl", "-n", "60", "--no-pager")).Output);
    throw;
}

result["secondsToQueueStarts"] = (clock.Elapsed - t0).TotalSeconds;
await agent.WaitUntilAsync(s => names.All(n => s.TryGetValue(n, out var st) && st.ActiveState == "active"), TimeSpan.FromMinutes(10), $"all {units} units active");
result["secondsToStartAll"] = (clock.Elapsed - t0).TotalSeconds;
result["start"] = window.Stop();
var active = (await manager.GetStatesAsync(names, CancellationToken.None)).Values.Count(s => s.ActiveState == "active");
result["activeBySystemd"] = active;
Progress($"{active} active according to systemd");

Progress("settling for 5 s");
await Task.Delay(TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None);
Progress($"idle for {idleSeconds} s");
window = Window.Start(clock, manager, self, container.Leader, dbusPid);
await Task.Delay(TimeSpan.FromSeconds(idleSeconds), TimeProvider.System, CancellationToken.None);
result["idle"] = window.Stop();

Progress("one unit's state changes (stopped from inside the container, then started by the manager) in a 5 s window");
window = Window.Start(clock, manager, self, container.Leader, dbusPid);
var one = names[units / 2];
t0 = clock.Elapsed;
var (code, output) = await container.ExecAsync("systemctl", "stop", one.Value);
if (code != 0)
{
    throw new InvalidOperationException(output);
}

await agent.WaitUntilAsync(s => s[one].ActiveState != "active", TimeSpan.FromSeconds(30), $"{one} seen stopping");
result["secondsToNoticeExternalStop"] = (clock.Elapsed - t0).TotalSeconds;
await manager.StartAsync(one, CancellationToken.None);
await agent.WaitUntilAsync(s => s[one].ActiveState == "active", TimeSpan.FromSeconds(30), $"{one} seen active again");
var remaining = TimeSpan.FromSeconds(5) - (clock.Elapsed - t0);
if (remaining > TimeSpan.Zero)
{
    await Task.Delay(remaining, TimeProvider.System, CancellationToken.None);
}

result["oneChange"] = window.Stop();
await stop.CancelAsync();
await loop;
result["agentWorkingSetMiB"] = Math.Round(Process.GetCurrentProcess().WorkingSet64 / 1048576.0, 1);
result["loadAverageAtEnd"] = LoadAverage();
await WriteAsync(result, jsonFile);
Progress("stopping the container");
return 0;

static async Task WriteAsync(Dictionary<string, object> result, string? jsonFile)
{
    var json = JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true });
    Console.WriteLine(json);
    if (jsonFile is not null)
    {
        await File.WriteAllTextAsync(jsonFile, json + "\n");
    }
}

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
