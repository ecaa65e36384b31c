using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Fleet.Scheduling;

namespace Fleet.Benchmarks;

/// <summary>Placing 100,000 units onto 10,000 machines from scratch (one Reconcile after feeding the model).</summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class SchedulingFromScratchBenchmarks
{
    private const int Machines = 10_000;
    private const int Units = 100_000;
    private ClusterModel _model = null!;

    [IterationSetup(Target = nameof(Reconcile100kUnitsOn10kMachines))]
    public void FeedModel() => _model = SchedulingCluster.Build(Machines, Units);

    /// <summary>The placement work alone: the model is already fed.</summary>
    [Benchmark]
    public int Reconcile100kUnitsOn10kMachines()
    {
        var decisions = _model.Reconcile();
        if (decisions.Count < Units * 9 / 10)
        {
            throw new InvalidOperationException($"only {decisions.Count} decisions");
        }

        return decisions.Count;
    }

    /// <summary>Feeding 10,000 machines and 100,000 units and reconciling; also prints the memory the
    /// placed model retains per unit.</summary>
    [Benchmark]
    public long FeedAndReconcile()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var model = SchedulingCluster.Build(Machines, Units);
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var count = model.Reconcile().Count;
        cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine($"// reconcile: {count} decisions in {wall.Elapsed.TotalMilliseconds:F0} ms wall, {cpu.TotalMilliseconds:F0} ms CPU "
            + $"({count / cpu.TotalSeconds:F0} placements per CPU second)");
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// retained by the placed model: {(after - before) / (double)Units:F0} bytes per unit "
            + $"({(after - before) / 1024.0 / 1024.0:F1} MiB for {Units} units, {Machines} machines, decisions list included)");
        GC.KeepAlive(model);
        return count;
    }
}
