using System.Diagnostics;
using System.Globalization;
using Fleet.ScaleHarness;
using Microsoft.Extensions.Logging;

using var logs = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
if (args is ["--engine-child", var etcdUrl, var machine])
{
    return await EngineChild.RunAsync(etcdUrl, machine, logs);
}

var parsed = HarnessArguments.Parse(args, out var error);
if (parsed is null)
{
    await Console.Error.WriteLineAsync(error);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

var result = new ScaleResult
{
    Machines = parsed.Machines,
    Units = parsed.Units,
    AgentsPerConnection = parsed.AgentsPerConnection,
    LoadAverageAtStart = LoadAverage(),
};
var clock = Stopwatch.StartNew();
void Progress(string what) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,7:0.0}s] {what} (load {LoadAverage()})"));

Progress($"starting etcd, {parsed.Machines} agents ({parsed.AgentsPerConnection} per connection) and the engine");
await using (var cluster = await SimulatedCluster.StartAsync(parsed, logs, cancel.Token))
{
    result.SecondsToRegisterMachines = clock.Elapsed.TotalSeconds;
    Progress($"bulk start of {parsed.Units} units{(parsed.Preload ? ", submitted before the engine starts" : "")}");
    await Scenarios.BulkAsync(cluster, parsed, result, cancel.Token);
    foreach (var scenario in HarnessArguments.AllScenarios.Skip(1).Where(parsed.Scenarios.Contains))
    {
        Progress(scenario);
        var run = scenario switch
        {
            "idle" => Scenarios.IdleAsync(cluster, parsed, result, cancel.Token),
            "churn" => Scenarios.ChurnAsync(cluster, parsed, result, cancel.Token),
            "global" => Scenarios.GlobalAsync(cluster, result, cancel.Token),
            "failover" => Scenarios.FailoverAsync(cluster, parsed, result, cancel.Token),
            _ => Scenarios.MachineLossAsync(cluster, result, cancel.Token),
        };
        await run;
    }

    result.HarnessPeakRssMb = PeakRssMb();
    Progress("stopping");
}

result.LoadAverageAtEnd = LoadAverage();
var json = result.ToJson();
Console.WriteLine(json);
if (parsed.JsonFile is not null)
{
    await File.WriteAllTextAsync(parsed.JsonFile, json + "\n");
}

return 0;

static double PeakRssMb() => File.ReadLines("/proc/self/status")
    .Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
    .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024)
    .FirstOrDefault();

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
