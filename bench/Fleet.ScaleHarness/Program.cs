using System.Globalization;
using System.Text.Json;
using Fleet.ScaleHarness;
using Microsoft.Extensions.Logging;

var parsed = HarnessArguments.Parse(args, out var error);
if (parsed is null)
{
    await Console.Error.WriteLineAsync(error);
    return 2;
}

using var logs = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

var result = await ScaleRun.RunAsync(parsed, logs, cancel.Token);
var rows = new (string Name, double Value)[]
{
    ("machines", result.Machines),
    ("units", result.Units),
    ("secondsToConverge", result.SecondsToConverge),
    ("placementsPerSecond", result.PlacementsPerSecond),
    ("etcdRequestsPerPlacement (grpc_server_handled_total)", result.EtcdRequestsPerPlacement),
    ("clientRequestsPerPlacement (excl. keep-alives)", result.ClientRequestsPerPlacement),
    ("etcdPutsPerPlacement (mvcc_put_total)", result.EtcdPutsPerPlacement),
    ("watchEventsPerPlacement (mvcc_events_total)", result.WatchEventsPerPlacement),
    ($"idleWatchEvents (over {result.IdleSeconds:0} s)", result.IdleWatchEvents),
};
foreach (var (name, value) in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-55} {value,12:0.###}"));
}

if (parsed.JsonFile is not null)
{
    await File.WriteAllTextAsync(parsed.JsonFile, JsonSerializer.Serialize(result, new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
    }));
}

return 0;
