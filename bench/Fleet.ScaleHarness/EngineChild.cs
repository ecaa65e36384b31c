using System.Text.Json;
using Fleet.Core.Machines;
using Fleet.Engine;
using Fleet.Engine.Configuration;
using Fleet.Registry.Etcd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.ScaleHarness;

/// <summary>The engine process (<c>--engine-child URL MACHINE</c>): the real <see cref="EngineService"/> on its own
/// etcd connection, so that its CPU time and memory are its own and killing it is a real crash. Prints
/// <c>leader</c> when elected; answers <c>counts</c> on stdin with <c>counts {json}</c>; stops
/// (resigning) when stdin closes.</summary>
internal static class EngineChild
{
    private static readonly Lock Output = new();

    public static async Task<int> RunAsync(string etcdUrl, string machine, ILoggerFactory logs)
    {
        var options = new EtcdRegistryOptions { EtcdRequestTimeout = TimeSpan.FromSeconds(10) };
        options.EtcdServers.Clear();
        options.EtcdServers.Add(etcdUrl);
        var time = TimeProvider.System;
        await using var registry = EtcdRegistry.Connect(options, time, logs);
        var engine = new EngineService(registry.Leadership, registry.Units, registry.Machines, registry.Schedules,
            new StaticLocalMachine(new MachineState { Id = MachineId.Parse(machine) }), Options.Create(new EngineOptions()),
            time, new ElectionAnnouncer(logs.CreateLogger<EngineService>(), () => Write("leader")));
        using var stop = new CancellationTokenSource();
        await engine.StartAsync(stop.Token);
        while (await Console.In.ReadLineAsync(stop.Token) is { } line)
        {
            if (line == "counts")
            {
                var counts = registry.RequestCounts;
                var reply = new EngineCounts(
                    counts.WithoutKeepAlives, counts.LeaseKeepAlive, GC.GetTotalAllocatedBytes(precise: false),
                    GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
                    GC.GetTotalPauseDuration().TotalMilliseconds, GC.GetTotalMemory(forceFullCollection: false), engine.CurrentTerm is not null,
                    System.Runtime.JitInfo.GetCompilationTime().TotalSeconds);
                Write($"counts {JsonSerializer.Serialize(reply)}");
            }
        }

        await stop.CancelAsync();
        await engine.StopAsync(CancellationToken.None);
        return 0;
    }

    private static void Write(string line)
    {
        lock (Output)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }
}
