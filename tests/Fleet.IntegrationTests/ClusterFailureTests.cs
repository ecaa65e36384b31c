namespace Fleet.IntegrationTests;

/// <summary>Machine loss, leader loss and etcd loss with real processes.</summary>
[Trait("Category", "Integration")]
public sealed class ClusterFailureTests : IAsyncLifetime
{
    private readonly ThreeMachineCluster _cluster = new();

    public ValueTask InitializeAsync() => _cluster.InitializeAsync();

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task Kill9_OfAMachine_MovesItsUnitsWithinAgentTtlPlusTwoSeconds()
    {
        var paths = Enumerable.Range(1, 3).Select(i => _cluster.WriteUnit($"mover{i}.service")).ToArray();
        (await _cluster.Fleetctl_(["start", .. paths])).ShouldSucceed();
        var before = await _cluster.WaitForActiveAsync(u => u.Count == 3, TimeSpan.FromSeconds(60), "3 units active");
        var victim = _cluster.Machines.First(m => before.Any(u => u.Machine == m.MachineId));
        var moved = before.Where(u => u.Machine == victim.MachineId).Select(u => u.Unit).ToList();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await victim.KillAsync();
        await _cluster.WaitForActiveAsync(
            u => moved.All(name => u.Any(x => x.Unit == name && x.Machine != victim.MachineId)) && u.Count == 3,
            ThreeMachineCluster.AgentTtl + TimeSpan.FromSeconds(10), "units of the killed machine running elsewhere");

        Assert.True(clock.Elapsed < ThreeMachineCluster.AgentTtl + TimeSpan.FromSeconds(2) + TimeSpan.FromSeconds(2),
            $"units moved after {clock.Elapsed} (agent_ttl {ThreeMachineCluster.AgentTtl} + 2 s, plus polling slack)");
    }

    [Fact]
    public async Task Kill9_OfTheLeader_AnotherLeadsAndNothingIsLostOrDoubled()
    {
        var paths = Enumerable.Range(1, 4).Select(i => _cluster.WriteUnit($"steady{i}.service")).ToArray();
        (await _cluster.Fleetctl_(["start", .. paths])).ShouldSucceed();
        await _cluster.WaitForActiveAsync(u => u.Count == 4, TimeSpan.FromSeconds(60), "4 units active");
        var leader = _cluster.Machines.Single(m => m.Output.Contains("Engine leadership acquired", StringComparison.Ordinal));

        await leader.KillAsync();
        var late = _cluster.WriteUnit("after-failover.service");
        (await _cluster.Fleetctl_("start", "--no-block", late)).ShouldSucceed();

        var active = await _cluster.WaitForActiveAsync(
            u => u.Count == 5 && u.All(x => x.Machine != leader.MachineId),
            ThreeMachineCluster.AgentTtl + TimeSpan.FromSeconds(20), "every unit active on the two survivors after leader loss");
        Assert.Equal(5, active.Select(u => u.Unit).Distinct().Count());
        Assert.Contains(_cluster.Machines.Where(m => m != leader), m => m.Output.Contains("Engine leadership acquired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EtcdStoppedFor30Seconds_UnitsKeepRunningAndTheClusterConverges()
    {
        var paths = Enumerable.Range(1, 3).Select(i => _cluster.WriteUnit($"survivor{i}.service")).ToArray();
        (await _cluster.Fleetctl_(["start", .. paths])).ShouldSucceed();
        var before = await _cluster.WaitForActiveAsync(u => u.Count == 3, TimeSpan.FromSeconds(60), "3 units active");
        var pids = RunningUnitPids();

        await _cluster.Etcd.StopAsync();
        var outage = System.Diagnostics.Stopwatch.StartNew();
        while (outage.Elapsed < TimeSpan.FromSeconds(30))
        {
            Assert.All(_cluster.Machines, m => Assert.True(m.IsRunning, $"{m.MachineId} exited during the etcd outage:\n{m.Output}"));
            await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, CancellationToken.None);
        }

        Assert.Equal(pids, RunningUnitPids());
        await _cluster.Etcd.StartAsync(CancellationToken.None);

        var after = await _cluster.WaitForActiveAsync(u => u.Count == 3, TimeSpan.FromSeconds(60), "3 units active after etcd returned");
        Assert.Equal(before.OrderBy(u => u.Unit, StringComparer.Ordinal), after.OrderBy(u => u.Unit, StringComparer.Ordinal));
        Assert.Equal(pids, RunningUnitPids());
    }

    /// <summary>PIDs of the unit processes (their command line names the unit file's loop), from /proc.</summary>
    private static SortedSet<int> RunningUnitPids()
    {
        var pids = new SortedSet<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains("while true; do sleep 1; done", StringComparison.Ordinal) && cmdline.StartsWith("/bin/sh", StringComparison.Ordinal))
                {
                    pids.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return pids;
    }
}
