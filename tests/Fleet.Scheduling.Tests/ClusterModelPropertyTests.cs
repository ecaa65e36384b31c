using CsCheck;
using Fleet.Core.Machines;

namespace Fleet.Scheduling.Tests;

/// <summary>Safety and consistency properties of <see cref="ClusterModel"/> over random clusters and random
/// change sequences. Iterations: <c>FLEET_PROP_ITERATIONS</c>; a failure prints the shrunk sequence and the
/// seed (replay with <c>CsCheck_Seed=&lt;seed&gt;</c>).</summary>
[Trait("Category", "Unit")]
public sealed class ClusterModelPropertyTests(ITestOutputHelper output)
{
    [Fact]
    public void Reconcile_RandomChanges_IncrementalEqualsRebuildFromScratch() =>
        ClusterGen.Sequence.Sample(ops =>
        {
            var model = new ClusterModel();
            var shadow = new ClusterShadow();
            foreach (var op in ops)
            {
                if (op is not ReconcileOp)
                {
                    op.Apply(model, shadow);
                    continue;
                }

                var rebuilt = Rebuild(model, shadow);
                var expected = rebuilt.Reconcile();
                var actual = model.Reconcile();
                var want = string.Join(Environment.NewLine, expected);
                var got = string.Join(Environment.NewLine, actual);
                Assert.True(want == got, $"rebuild decided:{Environment.NewLine}{want}{Environment.NewLine}incremental decided:{Environment.NewLine}{got}");
                Assert.Equal(rebuilt.GetPlacements(), model.GetPlacements());
                Assert.Equal(rebuilt.GetWaitingUnits(), model.GetWaitingUnits());
            }
        }, iter: ClusterGen.Iterations, threads: 2, print: ClusterGen.Print, writeLine: output.WriteLine);

    [Fact]
    public void Reconcile_RandomChanges_PlacementsSatisfyEveryRule() =>
        ClusterGen.Sequence.Sample(ops =>
        {
            var model = new ClusterModel { VerifyDecisions = true };
            var shadow = new ClusterShadow();
            foreach (var op in ops)
            {
                op.Apply(model, shadow);
                if (op is ReconcileOp)
                {
                    ClusterInvariants.AssertHold(model, shadow);
                    var pending = model.HasPendingWork;
                    var again = model.Reconcile();
                    Assert.True(pending || again.Count == 0, $"a second reconcile decided: {string.Join("; ", again)}");
                }
            }
        }, iter: ClusterGen.Iterations, threads: 2, print: ClusterGen.Print, writeLine: output.WriteLine);

    [Fact]
    public void Reconcile_SameChangesTwice_SameDecisions() =>
        ClusterGen.Sequence.Sample(ops =>
        {
            var first = Run(ops);
            var second = Run(ops);
            Assert.Equal(first, second);
        }, iter: ClusterGen.Iterations, threads: 2, print: ClusterGen.Print, writeLine: output.WriteLine);

    private static List<string> Run(ClusterOp[] ops)
    {
        var model = new ClusterModel();
        var shadow = new ClusterShadow();
        foreach (var op in ops)
        {
            op.Apply(model, shadow);
        }

        return [.. shadow.Decisions.Select(d => d.ToString())];
    }

    // A fresh model fed the same desired state and the source's current placements, in a different order.
    private static ClusterModel Rebuild(ClusterModel source, ClusterShadow shadow)
    {
        var rebuilt = new ClusterModel();
        foreach (var placement in source.GetPlacements().Reverse())
        {
            rebuilt.Place(placement.Unit, placement.Machine);
        }

        foreach (var unit in shadow.Units.Values.OrderByDescending(u => u.Name.Value, StringComparer.Ordinal))
        {
            rebuilt.SetUnit(unit);
        }

        foreach (var (id, metadata) in shadow.Machines.OrderByDescending(kv => kv.Key, StringComparer.Ordinal))
        {
            rebuilt.SetMachine(MachineId.Parse(id), metadata);
        }

        return rebuilt;
    }
}
