using System.Diagnostics;
using Fleet.Agent;
using Fleet.Agent.Configuration;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Registry;
using Fleet.Registry.Etcd;
using Fleet.Testing.Agent;
using Fleet.Testing.Etcd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.ScaleHarness;

/// <summary>A real etcd, N real agents in this process (each with its own session/lease and schedule watch; K
/// agents share one gRPC connection) over in-memory unit managers that start units at once, and the real engine
/// in one or two child processes (leader and standby), elected through etcd.</summary>
internal sealed class SimulatedCluster : IAsyncDisposable
{
    private const int RegistrationWave = 500;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(10);
    private readonly EtcdFixture _etcd;
    private readonly HarnessArguments _args;
    private readonly ILoggerFactory _logs;
    private readonly List<EtcdRegistry> _registries = [];
    private readonly List<EngineProcess> _engines = [];
    private readonly Dictionary<EngineProcess, EngineUsage> _lastUsage = [];
    private readonly string _unitsDir = Directory.CreateTempSubdirectory("fleet-scale-units-").FullName;

    private SimulatedCluster(EtcdFixture etcd, HarnessArguments args, ILoggerFactory logs)
    {
        (_etcd, _args, _logs) = (etcd, args, logs);
        Machines = [.. Enumerable.Range(0, args.Machines).Select(i => MachineId.Parse($"{i:x32}"))];
        Control = Connect();
    }

    public IReadOnlyList<MachineId> Machines { get; }

    public AgentService?[] Agents { get; private set; } = [];

    public LaunchTracker Tracker { get; } = new();

    public WakeCounters Wakes { get; } = new();

    /// <summary>The harness's own connection (submitting units, checks).</summary>
    public EtcdRegistry Control { get; }

    public int LiveMachines => Agents.Count(a => a is not null);

    public EngineProcess? Leader { get; private set; }

    public EngineProcess? Standby { get; private set; }

    /// <summary>Starts etcd and the agents; the engines start with <see cref="StartEnginesAsync"/>.</summary>
    public static async Task<SimulatedCluster> StartAsync(HarnessArguments args, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var etcd = EtcdFixture.Create("--quota-backend-bytes=8589934592", "--max-txn-ops=1024");
        await etcd.StartAsync(cancellationToken);
        var cluster = new SimulatedCluster(etcd, args, logs);
        try
        {
            await cluster.StartAgentsAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every counter at one moment when no request is in flight. A client counts a request as it sends it,
    /// etcd as it starts it: a reading while a client is busy (e.g. the engine loading its term right after its
    /// election) would count its requests in flight on the client side only, and the difference would land in
    /// the phase measured from it. So this reads until etcd's request total equals the clients' (it does once
    /// all is quiet), or, should they never meet (a request that failed before reaching etcd counts on the
    /// client side only), until a reading equals the one before it; it gives up waiting after
    /// <see cref="SettleLimit"/>.</summary>
    public async Task<Reading> ReadAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Reading? previous = null;
        while (true)
        {
            var reading = await ReadOnceAsync(cancellationToken);
            if (reading.Etcd.Requests == reading.ClientRequests
                || (previous is not null && previous.Etcd.Requests == reading.Etcd.Requests && previous.ClientRequests == reading.ClientRequests)
                || clock.Elapsed > SettleLimit)
            {
                return reading;
            }

            previous = reading;
            await Task.Delay(PollInterval, TimeProvider.System, cancellationToken);
        }
    }

    private async Task<Reading> ReadOnceAsync(CancellationToken cancellationToken)
    {
        var timestamp = Stopwatch.GetTimestamp();
        var etcd = EtcdMetrics.Parse(await _etcd.ReadMetricsAsync(cancellationToken));
        foreach (var engine in _engines.Where(e => !e.HasExited))
        {
            _lastUsage[engine] = await engine.ReadUsageAsync(cancellationToken);
        }

        var harness = _registries.Select(r => r.RequestCounts).Aggregate(new EtcdRequestCounts(0, 0, 0, 0, 0, 0, 0, 0, 0), Add);
        var client = harness.WithoutKeepAlives + _lastUsage.Values.Sum(u => u.Counts.Requests);
        return new Reading(timestamp, etcd, client, harness, Wakes.WakeUps, Wakes.Changes,
            Leader is null ? EngineUsage.Gone : _lastUsage.GetValueOrDefault(Leader, EngineUsage.Gone), Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,
            System.Runtime.JitInfo.GetCompilationTime().TotalSeconds);
    }

    private static EtcdRequestCounts Add(EtcdRequestCounts a, EtcdRequestCounts b) => new(
        a.Range + b.Range, a.Txn + b.Txn, a.Put + b.Put, a.DeleteRange + b.DeleteRange, a.LeaseGrant + b.LeaseGrant,
        a.LeaseRevoke + b.LeaseRevoke, a.LeaseKeepAlive + b.LeaseKeepAlive, a.WatchCreate + b.WatchCreate, a.Other + b.Other);

    /// <summary>Submits units (record and body in one write each), <see cref="HarnessArguments.SubmitParallelism"/> at a time.</summary>
    public Task SubmitAsync(IEnumerable<(UnitName Name, UnitRequirements Requirements)> units, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(units, new ParallelOptions { MaxDegreeOfParallelism = _args.SubmitParallelism, CancellationToken = cancellationToken },
            async (unit, ct) =>
            {
                UnitOption[] options = unit.Requirements.Global
                    ? [new("Unit", "Description", unit.Name.Value), new("Service", "ExecStart", "/bin/sleep infinity"), new("X-Fleet", "Global", "true")]
                    : [new("Unit", "Description", unit.Name.Value), new("Service", "ExecStart", "/bin/sleep infinity")];
                var file = UnitFile.FromOptions(options);
                await Control.Units.PutAsync(new UnitRecord(unit.Name, file.Hash, TargetState.Launched, unit.Requirements), file, ct);
            });

    /// <summary>Stops the agents of <paramref name="indexes"/> at once; each removes its presence (revokes its lease),
    /// and with it the states it published, as a crashed machine's lease would expire.</summary>
    public async Task DetachAsync(IReadOnlyList<int> indexes, CancellationToken cancellationToken)
    {
        var agents = indexes.Select(i => Agents[i] ?? throw new InvalidOperationException($"machine {i} is already gone")).ToList();
        foreach (var i in indexes)
        {
            Agents[i] = null;
        }

        await Task.WhenAll(agents.Select(a => a.DetachAsync(cancellationToken)));
    }

    /// <summary>Kills the leading engine; the standby (if any) becomes the one to watch.</summary>
    public async Task KillLeaderAsync(CancellationToken cancellationToken)
    {
        var leader = Leader ?? throw new InvalidOperationException("no engine runs");
        _lastUsage[leader] = await leader.ReadUsageAsync(cancellationToken);
        await leader.KillAsync();
        Leader = Standby ?? leader;
        Standby = null;
    }

    public async Task WaitAsync(Func<bool> condition, string what, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > _args.Timeout)
            {
                throw new TimeoutException($"timed out after {_args.Timeout.TotalSeconds:0}s waiting for: {what}");
            }

            await Task.Delay(PollInterval, TimeProvider.System, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var engine in _engines)
        {
            await engine.DisposeAsync();
        }

        foreach (var agent in Agents.OfType<AgentService>().Chunk(1000))
        {
            await Task.WhenAll(agent.Select(a => a.DetachAsync(CancellationToken.None)));
        }

        foreach (var registry in _registries)
        {
            await registry.DisposeAsync();
        }

        await _etcd.DisposeAsync();
        Directory.Delete(_unitsDir, recursive: true);
    }

    private EtcdRegistry Connect()
    {
        var options = new EtcdRegistryOptions { EtcdRequestTimeout = TimeSpan.FromSeconds(30) };
        options.EtcdServers.Clear();
        options.EtcdServers.Add(_etcd.ClientUrl);
        var registry = EtcdRegistry.Connect(options, TimeProvider.System, _logs);
        _registries.Add(registry);
        return registry;
    }

    /// <summary>Starts the agents in waves of <see cref="RegistrationWave"/>, each wave registered before the next
    /// starts (a rolling boot: 10,000 simultaneous registrations make etcd 3.4 refuse proposals with "too many
    /// requests" until the agents' backoff spreads them out).</summary>
    private async Task StartAgentsAsync(CancellationToken cancellationToken)
    {
        var agentOptions = Options.Create(new AgentOptions { UnitsDirectory = _unitsDir, PurgeOnStop = false });
        Agents = new AgentService?[Machines.Count];
        EtcdRegistry? shared = null;
        for (var wave = 0; wave < Machines.Count; wave += RegistrationWave)
        {
            var end = Math.Min(Machines.Count, wave + RegistrationWave);
            for (var i = wave; i < end; i++)
            {
                if (i % _args.AgentsPerConnection == 0)
                {
                    shared = Connect();
                }

                var r = shared!;
                var agent = new AgentService(r.Machines, new CountingScheduleStore(r.Schedules, Wakes), r.Units,
                    new TrackingStateStore(r.UnitStates, Tracker), new FakeUnitManager(),
                    new StaticLocalMachine(new MachineState { Id = Machines[i] }), agentOptions, TimeProvider.System,
                    _logs.CreateLogger<AgentService>());
                await agent.StartAsync(cancellationToken);
                Agents[i] = agent;
            }

            await WaitAsync(() => Agents.Skip(wave).Take(end - wave).All(a => a!.IsRegistered), $"machines {wave}-{end - 1} registered", cancellationToken);
        }
    }

    /// <summary>Starts the leading engine and waits for its election; then the standby, if asked for.</summary>
    public async Task StartEnginesAsync(bool standby, CancellationToken cancellationToken)
    {
        if (Leader is null)
        {
            var leader = EngineProcess.Start(_etcd.ClientUrl, $"{uint.MaxValue:x32}", "engine-1");
            _engines.Add(leader);
            Leader = leader;
            await leader.Elected.WaitAsync(_args.Timeout, TimeProvider.System, cancellationToken);
        }

        if (standby && Standby is null)
        {
            var watchesBefore = EtcdMetrics.Parse(await _etcd.ReadMetricsAsync(cancellationToken)).WatchMessages;
            var next = EngineProcess.Start(_etcd.ClientUrl, $"{uint.MaxValue - 1:x32}", "engine-2");
            _engines.Add(next);
            Standby = next;

            // Campaigning is a lease grant, a refused transaction and a watch on the leader key: wait for the
            // three (the watch as etcd counts it) so that they do not land in the next measurement (the idle one).
            var clock = Stopwatch.StartNew();
            while ((await next.ReadUsageAsync(cancellationToken)).Counts.Requests < 3
                || EtcdMetrics.Parse(await _etcd.ReadMetricsAsync(cancellationToken)).WatchMessages <= watchesBefore)
            {
                if (clock.Elapsed > _args.Timeout)
                {
                    throw new TimeoutException("the standby engine did not campaign");
                }

                await Task.Delay(PollInterval, TimeProvider.System, cancellationToken);
            }
        }
    }
}
