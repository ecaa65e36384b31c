namespace Fleet.IntegrationTests;

/// <summary>Three real fleetd on a real etcd: fleet's placement rules hold end to end.</summary>
[Trait("Category", "Integration")]
public sealed class ClusterPlacementTests(ThreeMachineCluster cluster) : IClassFixture<ThreeMachineCluster>
{
    [Fact]
    public async Task Start_SixPlainUnits_SpreadLeastLoadedTwoPerMachine()
    {
        var paths = Enumerable.Range(1, 6).Select(i => cluster.WriteUnit($"spread{i}.service")).ToArray();

        var start = await cluster.Fleetctl_(["start", .. paths]);

        Assert.True(start.ExitCode == 0, start.ToString());
        var active = await cluster.WaitForActiveAsync(u => u.Count(x => x.Unit.StartsWith("spread", StringComparison.Ordinal)) == 6, TimeSpan.FromSeconds(60), "6 spread units active");
        var perMachine = active.Where(u => u.Unit.StartsWith("spread", StringComparison.Ordinal)).GroupBy(u => u.Machine).Select(g => g.Count()).ToList();
        Assert.Equal(3, perMachine.Count);
        Assert.All(perMachine, n => Assert.Equal(2, n));
    }

    [Fact]
    public async Task Start_ConflictingUnits_LandOnDifferentMachines()
    {
        var paths = Enumerable.Range(0, 3).Select(i => cluster.WriteUnit($"conflict.{i}.service", "Conflicts=conflict.*.service")).ToArray();

        var start = await cluster.Fleetctl_(["start", .. paths]);

        Assert.True(start.ExitCode == 0, start.ToString());
        var active = await cluster.WaitForActiveAsync(u => u.Count(x => x.Unit.StartsWith("conflict.", StringComparison.Ordinal)) == 3, TimeSpan.FromSeconds(60), "3 conflict units active");
        Assert.Equal(3, active.Where(u => u.Unit.StartsWith("conflict.", StringComparison.Ordinal)).Select(u => u.Machine).Distinct().Count());
    }

    [Fact]
    public async Task Start_MachineOfMachineIdAndMetadata_AreHonoured()
    {
        var ping = cluster.WriteUnit("ping.service");
        var pong = cluster.WriteUnit("pong.service", "MachineOf=ping.service");
        var pin = cluster.WriteUnit("pin@m2.service", "MachineID=%i");
        var meta = cluster.WriteUnit("metadata@m3.service", "MachineMetadata=hostname=%i");

        var start = await cluster.Fleetctl_("start", ping, pong, pin, meta);

        Assert.True(start.ExitCode == 0, start.ToString());
        var active = await cluster.WaitForActiveAsync(
            u => new[] { "ping.service", "pong.service", "pin@m2.service", "metadata@m3.service" }.All(n => u.Any(x => x.Unit == n)),
            TimeSpan.FromSeconds(60), "ping, pong, pin and metadata units active");
        Assert.Equal(active.Single(u => u.Unit == "ping.service").Machine, active.Single(u => u.Unit == "pong.service").Machine);
        Assert.Equal("m2", active.Single(u => u.Unit == "pin@m2.service").Machine);
        Assert.Equal("m3", active.Single(u => u.Unit == "metadata@m3.service").Machine);
    }

    [Fact]
    public async Task Start_GlobalUnit_RunsOnEveryMachine()
    {
        var global = cluster.WriteUnit("everywhere.service", "Global=true");

        var start = await cluster.Fleetctl_("start", global);

        Assert.True(start.ExitCode == 0, start.ToString());
        var active = await cluster.WaitForActiveAsync(u => u.Count(x => x.Unit == "everywhere.service") == 3, TimeSpan.FromSeconds(60), "global unit on 3 machines");
        Assert.Equal(["m1", "m2", "m3"], active.Where(u => u.Unit == "everywhere.service").Select(u => u.Machine).Order(StringComparer.Ordinal));
    }
}
