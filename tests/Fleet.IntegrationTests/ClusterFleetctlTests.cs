namespace Fleet.IntegrationTests;

/// <summary>fleetctl's commands end to end against three real fleetd on a real etcd, each step through a
/// different machine's endpoint.</summary>
[Trait("Category", "Integration")]
[Collection(ApiClusterCollection.Name)]
public sealed class ClusterFleetctlTests(ThreeMachineCluster cluster)
{
    [Fact]
    public async Task EveryCommand_ThroughDifferentMachines_SameClusterView()
    {
        string Endpoint(int i) => cluster.Machines[i % 3].Endpoint;
        var path = Path.Combine(cluster.UnitDir, "e2e.service");
        await File.WriteAllTextAsync(path, "[Unit]\nDescription=e2e\n\n[Service]\nExecStart=/bin/sh -c \"echo e2e up; while true; do sleep 1; done\"\n", TestContext.Current.CancellationToken);

        var machines = await Run(Endpoint(2), "list-machines", "--no-legend", "--fields=machine,metadata", "--full");
        foreach (var n in new[] { 1, 2, 3 })
        {
            Assert.Contains($"m{n}\thostname=m{n}\n", machines.Stdout, StringComparison.Ordinal);
        }

        Assert.Equal("Unit e2e.service inactive\n", (await Run(Endpoint(0), "submit", path)).Stdout);
        var load = await Run(Endpoint(1), "load", "e2e");
        Assert.Matches(@"^Unit e2e\.service loaded on m[123]\.\.\./127\.0\.0\.1\n$", load.Stdout);
        var start = await Run(Endpoint(2), "start", "e2e");
        Assert.Matches(@"^Unit e2e\.service launched on m[123]\.\.\./127\.0\.0\.1\n$", start.Stdout);
        Assert.Equal(load.Stdout.Split(" on ")[1], start.Stdout.Split(" on ")[1]);

        for (var i = 0; i < 3; i++)
        {
            var status = await Run(Endpoint(i), "status", "e2e.service");
            Assert.Contains("Active: active (running)", status.Stdout, StringComparison.Ordinal);
            await Fleetctl.WaitForAsync(Endpoint(i), ["journal", "-n", "1", "e2e.service"], r => r.ExitCode == 0 && r.Stdout == "e2e up\n",
                TimeSpan.FromSeconds(20), $"e2e's journal through m{i + 1}", TestContext.Current.CancellationToken);
        }

        Assert.Equal(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken), (await Run(Endpoint(1), "cat", "e2e.service")).Stdout);
        Assert.EndsWith(start.Stdout, (await Run(Endpoint(0), "restart", "e2e.service")).Stdout, StringComparison.Ordinal);
        var units = await Run(Endpoint(1), "list-units", "--no-legend", "--fields=unit,active,sub");
        Assert.Matches(@"(?m)^e2e\.service\t+active\t+running$", units.Stdout);
        Assert.Equal("Successfully stopped units [e2e.service].\n", (await Run(Endpoint(2), "stop", "e2e.service")).Stderr);
        Assert.Equal("Successfully unloaded units [e2e.service].\n", (await Run(Endpoint(0), "unload", "e2e.service")).Stderr);
        Assert.Equal("Destroyed e2e.service\n", (await Run(Endpoint(1), "destroy", "e2e.service")).Stdout);
        Assert.DoesNotContain("e2e.service", (await Run(Endpoint(2), "list-unit-files", "--no-legend")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GlobalUnit_Start_RunsOnEveryMachineAndListsThreeStates()
    {
        var path = Path.Combine(cluster.UnitDir, "everyone.service");
        await File.WriteAllTextAsync(path, "[Service]\nExecStart=/bin/sleep 1000\n\n[X-Fleet]\nGlobal=true\n", TestContext.Current.CancellationToken);

        var start = await Run(cluster.Machines[0].Endpoint, "start", path);

        Assert.EndsWith("Triggered global unit everyone.service start\n", start.Stdout, StringComparison.Ordinal);
        await Fleetctl.WaitForAsync(cluster.Machines[1].Endpoint, ["list-units", "--no-legend", "--full", "--fields=unit,machine,active"],
            r => r.Stdout.Split('\n').Count(l => l.StartsWith("everyone.service\t", StringComparison.Ordinal) && l.EndsWith("\tactive", StringComparison.Ordinal)) == 3,
            TimeSpan.FromSeconds(30), "everyone.service active on 3 machines", TestContext.Current.CancellationToken);
        var files = await Run(cluster.Machines[2].Endpoint, "list-unit-files", "--no-legend", "--fields=unit,dstate,state,target");
        Assert.Matches(@"(?m)^everyone\.service\t+launched\t+-\t+global$", files.Stdout);
        Assert.Equal("Destroyed everyone.service\n", (await Run(cluster.Machines[0].Endpoint, "destroy", "everyone.service")).Stdout);
    }

    private static async Task<FleetctlResult> Run(string endpoint, params string[] args) =>
        (await Fleetctl.RunAsync(endpoint, args, TestContext.Current.CancellationToken)).ShouldSucceed();
}
