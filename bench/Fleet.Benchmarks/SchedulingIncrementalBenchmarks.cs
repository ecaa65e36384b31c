using BenchmarkDotNet.Attributes;
using Fleet.Core.Machines;
using Fleet.Scheduling;

namespace Fleet.Benchmarks;

/// <summary>Single changes on a placed cluster of 100,000 units on 10,000 machines. Each benchmark applies a
/// change and its inverse (two Reconciles), so the cluster stays the same size across invocations.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class SchedulingIncrementalBenchmarks
{
    private const int Machines = 10_000;
    private const int Units = 100_000;
    private ClusterModel _model = null!;
    private int _next;

    [GlobalSetup]
    public void PlaceCluster()
    {
        _model = SchedulingCluster.Build(Machines, Units);
        _model.Reconcile();
    }

    /// <summary>A new unit (cycling through the requirement kinds) is added and placed, then removed.</summary>
    [Benchmark]
    public int UnitAddedThenRemoved()
    {
        var unit = SchedulingCluster.Unit(_next++ % 20, prefix: "x");
        _model.SetUnit(unit);
        var placed = _model.Reconcile().Count;
        _model.RemoveUnit(unit.Name);
        return placed + _model.Reconcile().Count;
    }

    /// <summary>A machine goes away (its ~10 units are rescheduled) and comes back (empty).</summary>
    [Benchmark]
    public int MachineLostThenBack()
    {
        var i = _next++ % Machines;
        var id = SchedulingCluster.MachineName(i);
        _model.RemoveMachine(id);
        var moved = _model.Reconcile().Count;
        _model.SetMachine(id, SchedulingCluster.Metadata(i));
        return moved + _model.Reconcile().Count;
    }

    /// <summary>A machine's metadata changes (units requiring its region move away), then changes back.</summary>
    [Benchmark]
    public int MetadataChangedThenRestored()
    {
        var i = _next++ % Machines;
        MachineId id = SchedulingCluster.MachineName(i);
        _model.SetMachine(id, SchedulingCluster.Metadata(i + 1));
        var moved = _model.Reconcile().Count;
        _model.SetMachine(id, SchedulingCluster.Metadata(i));
        return moved + _model.Reconcile().Count;
    }
}
