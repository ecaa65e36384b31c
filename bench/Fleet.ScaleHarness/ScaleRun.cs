using System.Diagnostics;
using Fleet.Agent;
using Fleet.Agent.Configuration;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Engine;
using Fleet.Engine.Configuration;
using Fleet.Registry;
using Fleet.Registry.Etcd;
using Fleet.Testing.Agent;
using Fleet.Testing.Etcd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.ScaleHarness;

/// <summary>One bulk-start run: a real etcd, the real engine and N real agents (each with its own registry
/// connection, session/lease and schedule watch) over in-memory unit managers that start units at once.</summary>
internal static class ScaleRun
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<ScaleResult> RunAsync(HarnessArguments args, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        await using var etcd = EtcdFixture.Create("--quota-backend-bytes=4294967296");
        await etcd.StartAsync(cancellationToken);
        var registries = new List<EtcdRegistry>();
        var services = new List<Microsoft.Extensions.Hosting.IHostedService>();
        var unitsDir = Directory.CreateTempSubdirectory("fleet-scale-units-").FullName;
        try
        {
            EtcdRegistry Connect()
            {
                var options = new EtcdRegistryOptions { EtcdRequestTimeout = TimeSpan.FromSeconds(10) };
                options.EtcdServers.Clear();
                options.EtcdServers.Add(etcd.ClientUrl);
                var registry = EtcdRegistry.Connect(options, time, logs);
                registries.Add(registry);
                return registry;
            }

            var machines = Enumerable.Range(0, args.Machines)
                .Select(i => new MachineState { Id = MachineId.Parse($"{i:x32}") })
                .ToList();

            // Agents first, so that the engine sees every machine when it starts placing.
            var agentOptions = Options.Create(new AgentOptions { UnitsDirectory = unitsDir, PurgeOnStop = false });
            foreach (var machine in machines)
            {
                var r = Connect();
                var agent = new AgentService(r.Machines, r.Schedules, r.Units, r.UnitStates, new FakeUnitManager(),
                    new StaticLocalMachine(machine), agentOptions, time, logs.CreateLogger<AgentService>());
                await agent.StartAsync(cancellationToken);
                services.Add(agent);
            }

            var control = Connect();
            await WaitAsync(async ct => (await control.Machines.ListAsync(ct)).Items.Count >= args.Machines,
                args.Timeout, $"{args.Machines} machines registered", cancellationToken);

            var engine = new EngineService(control.Leadership, control.Units, control.Machines, control.Schedules,
                new StaticLocalMachine(machines[0]), Options.Create(new EngineOptions()), time, logs.CreateLogger<EngineService>());
            await engine.StartAsync(cancellationToken);
            services.Add(engine);
            await WaitAsync(ct => ValueTask.FromResult(engine.CurrentTerm is not null), args.Timeout, "engine elected", cancellationToken);

            var before = EtcdMetrics.Parse(await etcd.ReadMetricsAsync(cancellationToken));
            var clientBefore = SumClientRequests(registries);
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, args.Units),
                new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    var file = UnitFile.FromOptions(
                    [
                        new UnitOption("Unit", "Description", $"scale unit {i}"),
                        new UnitOption("Service", "ExecStart", "/bin/sleep infinity"),
                    ]);
                    var record = new UnitRecord(UnitName.Parse($"scale-{i}.service"), file.Hash, TargetState.Launched, UnitRequirements.None);
                    await control.Units.PutAsync(record, file, ct);
                });

            await WaitAsync(async ct => CountLaunched(await control.UnitStates.ListAsync(ct)) >= args.Units,
                args.Timeout, $"{args.Units} units launched", cancellationToken);
            var seconds = clock.Elapsed.TotalSeconds;
            var after = EtcdMetrics.Parse(await etcd.ReadMetricsAsync(cancellationToken));
            var converge = after.Since(before);
            var clientRequests = SumClientRequests(registries) - clientBefore;

            await Task.Delay(args.Idle, time, cancellationToken);
            var idle = EtcdMetrics.Parse(await etcd.ReadMetricsAsync(cancellationToken)).Since(after);

            double units = args.Units;
            return new ScaleResult(
                args.Machines, args.Units, seconds, units / seconds,
                converge.GrpcHandled / units, clientRequests / units, converge.Puts / units, converge.Events / units,
                idle.Events, args.Idle.TotalSeconds);
        }
        finally
        {
            foreach (var service in Enumerable.Reverse(services))
            {
                await service.StopAsync(CancellationToken.None);
            }

            foreach (var registry in registries)
            {
                await registry.DisposeAsync();
            }

            Directory.Delete(unitsDir, recursive: true);
        }
    }

    private static int CountLaunched(Snapshot<UnitStateRecord> states) => states.Items
        .Where(s => s.Reached == TargetState.Launched && s.State.ActiveState == "active")
        .Select(s => s.Unit)
        .Distinct()
        .Count();

    private static long SumClientRequests(IEnumerable<EtcdRegistry> registries) =>
        registries.Sum(r => r.RequestCounts.WithoutKeepAlives);

    private static async Task WaitAsync(Func<CancellationToken, ValueTask<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition(cancellationToken))
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0}s waiting for: {what}");
            }

            await Task.Delay(PollInterval, TimeProvider.System, cancellationToken);
        }
    }
}
