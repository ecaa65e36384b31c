using System.Diagnostics;
using System.Globalization;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Registry;
using Fleet.Registry.Bench;
using Fleet.Registry.Etcd;
using Fleet.Testing.Etcd;
using Microsoft.Extensions.Logging.Abstractions;

// Measures the etcd registry at scale on a real etcd started on loopback (see BENCHMARKS.md, "Registry on etcd").
// Usage: dotnet run -c Release --project bench/Fleet.Registry.Bench -- [machines] [idleSeconds] [batchWrites]
var machines = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var idle = TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30);
var batchWrites = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 12_800;
const int Channels = 4;
const int Placements = 100;
const int Creates = 100;
const int StateChanges = 100;
var ttl = TimeSpan.FromSeconds(30);
var time = TimeProvider.System;
using var stop = new CancellationTokenSource();

await using var etcd = EtcdFixture.Create("--quota-backend-bytes=4294967296");
await etcd.StartAsync(stop.Token);
EtcdRegistry Connect()
{
    var options = new EtcdRegistryOptions { EtcdRequestTimeout = TimeSpan.FromSeconds(10) };
    options.EtcdServers.Clear();
    options.EtcdServers.Add(etcd.ClientUrl);
    return EtcdRegistry.Connect(options, time, NullLoggerFactory.Instance, new Random(1));
}

var agents = Enumerable.Range(0, Channels).Select(_ => Connect()).ToArray();
await using var engine = Connect();
var ids = Enumerable.Range(0, machines).Select(i => MachineId.Parse($"machine{i:D5}")).ToArray();
var sessions = new IMachineSession[machines];
var clock = Stopwatch.StartNew();
foreach (var chunk in Enumerable.Range(0, machines).Chunk(100))
{
    await Task.WhenAll(chunk.Select(async i =>
        sessions[i] = await agents[i % Channels].Machines.TryRegisterAsync(
            new MachineState { Id = ids[i], PublicIp = "127.0.0.1", Version = "bench" }, ttl, stop.Token)
        ?? throw new InvalidOperationException($"duplicate {ids[i]}")));
}

Console.WriteLine($"registered {machines} machines in {clock.Elapsed.TotalSeconds:0.0}s");

// Every machine watches its own schedule.
var batches = new long[machines];
var changes = new long[machines];
var wokenAt = new long[machines];
var start = (await engine.Schedules.ListAsync(stop.Token)).Revision;
var watchers = Enumerable.Range(0, machines).Select(i => Task.Run(async () =>
{
    try
    {
        await foreach (var e in agents[i % Channels].Schedules.WatchMachineAsync(ids[i], start, stop.Token))
        {
            if (e is WatchChanges<UnitName, ScheduleEntry> c)
            {
                Interlocked.Add(ref changes[i], c.Changes.Count);
                Interlocked.Exchange(ref wokenAt[i], Stopwatch.GetTimestamp());
                Interlocked.Increment(ref batches[i]);
            }
        }
    }
    catch (OperationCanceledException)
    {
    }
})).ToArray();

long Total(long[] counts) => counts.Sum(c => Interlocked.Read(ref c));
async Task<EtcdMetrics> MetricsAsync() => EtcdMetrics.Parse(await etcd.ReadMetricsAsync(stop.Token));
EtcdRequestCounts AgentCounts() => agents.Select(a => a.RequestCounts).Aggregate((a, b) => new(
    a.Range + b.Range, a.Txn + b.Txn, a.Put + b.Put, a.DeleteRange + b.DeleteRange, a.LeaseGrant + b.LeaseGrant,
    a.LeaseRevoke + b.LeaseRevoke, a.LeaseKeepAlive + b.LeaseKeepAlive, a.WatchCreate + b.WatchCreate, a.Other + b.Other));

// Let etcd hold every watch before measuring anything.
while ((await MetricsAsync())["etcd_debugging_mvcc_watcher_total"] < machines)
{
    await Task.Delay(TimeSpan.FromMilliseconds(100), time, stop.Token);
}

var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];

// 1. Idle load: 1,000 machines present, nothing happens.
var m0 = await MetricsAsync();
var a0 = AgentCounts();
var w0 = Total(batches);
await Task.Delay(idle, time, stop.Token);
var idleEtcd = (await MetricsAsync()).Since(m0);
var idleClient = AgentCounts().Since(a0);
var idleWatch = Total(batches) - w0;
Console.WriteLine($"idle {idle.TotalSeconds:0}s: watch events {idleWatch}, keep-alives {idleClient.LeaseKeepAlive}, other requests {idleClient.WithoutKeepAlives}");

// 2. Placements: one unit on one machine each, to distinct machines.
await using var leadership = await engine.Leadership.CampaignAsync(MachineId.Parse("engine"), ttl, stop.Token);
var hash = UnitFile.FromOptions([new UnitOption("Service", "ExecStart", "/bin/true")]).Hash;
var targets = Enumerable.Range(0, Placements).Select(k => (int)((k * 7919L) % machines)).Distinct().ToArray();
var latencies = new List<double>();
var e0 = engine.RequestCounts;
var m1 = await MetricsAsync();
foreach (var target in targets)
{
    var before = Interlocked.Read(ref batches[target]);
    var sent = Stopwatch.GetTimestamp();
    await engine.Schedules.TryApplyAsync(leadership.Fence,
        [ScheduleWrite.Put(new ScheduleEntry(UnitName.Parse($"p{target}.service"), ids[target], hash, TargetState.Launched))], stop.Token);
    while (Interlocked.Read(ref batches[target]) == before)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(1), time, stop.Token);
    }

    latencies.Add(Stopwatch.GetElapsedTime(sent, Interlocked.Read(ref wokenAt[target])).TotalMilliseconds);
}

var placeEtcd = (await MetricsAsync()).Since(m1);
var placeClient = engine.RequestCounts.Since(e0);
var targetSet = targets.ToHashSet();
var exactlyOne = targets.Count(t => Interlocked.Read(ref batches[t]) == 1);
var others = Enumerable.Range(0, machines).Where(i => !targetSet.Contains(i)).Sum(i => Interlocked.Read(ref batches[i]));
latencies.Sort();
Console.WriteLine($"placements {targets.Length}: targets woken exactly once {exactlyOne}, events at other machines {others}");

// 3. Unit creates (API path): record + body + reference in one txn.
var e1 = engine.RequestCounts;
var m2 = await MetricsAsync();
for (var i = 0; i < Creates; i++)
{
    var file = UnitFile.FromOptions([new UnitOption("Service", "ExecStart", $"/bin/sleep {i}")]);
    await engine.Units.PutAsync(new UnitRecord(UnitName.Parse($"c{i}.service"), file.Hash, TargetState.Launched, UnitRequirements.None), file, stop.Token);
}

var createEtcd = (await MetricsAsync()).Since(m2);
var createClient = engine.RequestCounts.Since(e1);

// 4. Unit state changes (agent path): one leased put each.
var a1 = AgentCounts();
var m3 = await MetricsAsync();
for (var i = 0; i < StateChanges; i++)
{
    var t = targets[i % targets.Length];
    await agents[t % Channels].UnitStates.TryPublishAsync(sessions[t], new UnitStateRecord(
        UnitName.Parse($"p{t}.service"), ids[t], hash, new UnitState("loaded", i % 2 == 0 ? "active" : "activating", "running"), TargetState.Launched), stop.Token);
}

var stateEtcd = (await MetricsAsync()).Since(m3);
var stateClient = AgentCounts().Since(a1);

// 5. Batch throughput: schedule writes in 128-op transactions (64 writes each: entry + placement index).
var writes = Enumerable.Range(0, batchWrites).Select(i => ScheduleWrite.Put(new ScheduleEntry(
    UnitName.Parse($"b{i}.service"), ids[i % machines], hash, TargetState.Launched))).ToList();
var changes0 = Total(changes);
var e2 = engine.RequestCounts;
clock.Restart();
await engine.Schedules.TryApplyAsync(leadership.Fence, writes, stop.Token);
var sequential = clock.Elapsed;
var batchTxns = engine.RequestCounts.Since(e2).Txn;
var parallelWrites = Enumerable.Range(0, batchWrites).Select(i => ScheduleWrite.Put(new ScheduleEntry(
    UnitName.Parse($"q{i}.service"), ids[i % machines], hash, TargetState.Launched))).ToList();
clock.Restart();
await Task.WhenAll(parallelWrites.Chunk(batchWrites / 4).Select(chunk => engine.Schedules.TryApplyAsync(leadership.Fence, chunk, stop.Token).AsTask()));
var parallel = clock.Elapsed;
var deadline = Stopwatch.StartNew();
while (Total(changes) - changes0 < 2L * batchWrites && deadline.Elapsed < TimeSpan.FromSeconds(60))
{
    await Task.Delay(TimeSpan.FromMilliseconds(20), time, stop.Token);
}

var delivered = Total(changes) - changes0;

// Report.
var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim();
Console.WriteLine();
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores ({cpu}), {Environment.OSVersion}, .NET {Environment.Version}, etcd 3.4 (single member, loopback).");
Console.WriteLine($"Load average at the start of the idle period: {load} (other builds were running on the machine).");
Console.WriteLine($"Setup: {machines} machines on {Channels} registries (gRPC channels), each watching schedule/<own id>/, lease TTL {ttl.TotalSeconds:0}s.");
Console.WriteLine();
Console.WriteLine("| measure | result |");
Console.WriteLine("|---|---|");
Console.WriteLine($"| watch events per placement ({targets.Length} placements to distinct machines) | target woken exactly once: {exactlyOne}/{targets.Length}; events at the other {machines - 1} machines: {others}; etcd mvcc events {placeEtcd["etcd_debugging_mvcc_events_total"] / targets.Length:0.##} per placement |");
Console.WriteLine($"| placement → agent wake latency | p50 {latencies[latencies.Count / 2]:0.0} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:0.0} ms |");
Console.WriteLine($"| etcd requests per schedule write (engine) | {placeClient.WithoutKeepAlives / (double)targets.Length:0.##} (txn {placeClient.Txn / (double)targets.Length:0.##}); etcd puts {placeEtcd["etcd_debugging_mvcc_put_total"] / targets.Length:0.##} (entry + placement index) |");
Console.WriteLine($"| etcd requests per unit create (API) | {createClient.WithoutKeepAlives / (double)Creates:0.##} (txn {createClient.Txn / (double)Creates:0.##}); etcd puts {createEtcd["etcd_debugging_mvcc_put_total"] / Creates:0.##} (record + body + reference) |");
Console.WriteLine($"| etcd requests per unit state change (agent) | {stateClient.WithoutKeepAlives / (double)StateChanges:0.##}; etcd puts {stateEtcd["etcd_debugging_mvcc_put_total"] / StateChanges:0.##} |");
Console.WriteLine($"| idle {idle.TotalSeconds:0}s with {machines} machines present | watch events delivered {idleWatch}; etcd mvcc events {idleEtcd["etcd_debugging_mvcc_events_total"]:0}, puts {idleEtcd["etcd_debugging_mvcc_put_total"]:0}; client requests other than keep-alives {idleClient.WithoutKeepAlives}; keep-alives {idleClient.LeaseKeepAlive} ({idleClient.LeaseKeepAlive / idle.TotalSeconds:0.#}/s, etcd LeaseKeepAlive msgs received {idleEtcd["grpc_server_msg_received_total{LeaseKeepAlive}"]:0}); etcd gRPC bytes received {idleEtcd["etcd_network_client_grpc_received_bytes_total"] / idle.TotalSeconds / 1024:0.#} KiB/s |");
Console.WriteLine($"| schedule batch throughput, one caller | {batchWrites} writes in {batchTxns} txns, {sequential.TotalSeconds:0.00}s: {batchWrites / sequential.TotalSeconds:0} writes/s |");
Console.WriteLine($"| schedule batch throughput, 4 concurrent callers | {batchWrites} writes, {parallel.TotalSeconds:0.00}s: {batchWrites / parallel.TotalSeconds:0} writes/s |");
Console.WriteLine($"| batch writes delivered to their machines' watches | {delivered} of {2 * batchWrites} |");
Console.WriteLine();
Console.WriteLine("etcd counters during the idle period:");
foreach (var (key, value) in idleEtcd.NonZero())
{
    Console.WriteLine($"  {key} {value}");
}

await stop.CancelAsync();
await Task.WhenAll(watchers);
foreach (var agent in agents)
{
    await agent.DisposeAsync();
}
