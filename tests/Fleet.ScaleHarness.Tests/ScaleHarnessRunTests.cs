using System.Text.Json;

namespace Fleet.ScaleHarness.Tests;

/// <summary>The harness end to end at a tiny size: its own etcd (<c>EtcdFixture</c>), agents in its process, the
/// engine in a child process; checks the numbers issue 7 rests on.</summary>
[Trait("Category", "Integration")]
public sealed class ScaleHarnessRunTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-scale-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Run_BulkAndIdle_ConvergesWakesOnlyTargetsAndIsQuietWhenIdle()
    {
        // As many machines as units: the least-loaded engine gives each machine exactly one unit, so every
        // placement is one wake-up of its machine's agent, never a batch of several (fewer machines than units let
        // one watch response carry several placements, and wake-ups per placement drop below 1).
        var json = Path.Combine(_dir, "scale-10-10.json");
        var (exit, stdout, stderr) = await HarnessProcess.RunAsync(
            Deadline, TestContext.Current.CancellationToken,
            "--machines", "10", "--units", "10", "--scenario", "bulk,idle", "--idle", "2", "--timeout", "60", "--json", json);

        Assert.True(exit == 0, $"the harness exited {exit}:\n{stderr}");
        var text = await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken);
        Assert.Equal(text.Trim(), stdout.Trim());
        var r = JsonDocument.Parse(text).RootElement;
        double Number(string name) => r.GetProperty(name).GetDouble();

        Assert.Equal((10, 10), (r.GetProperty("machines").GetInt32(), r.GetProperty("units").GetInt32()));

        // Every unit ran (the harness only writes its result once all did), after every entry was delivered.
        Assert.InRange(Number("secondsToConverge"), Number("secondsToScheduled"), 60);
        Assert.Equal(10 / Number("secondsToConverge"), Number("placementsPerSecond"), precision: 6);

        // Each placement reached exactly its machine and woke only that agent.
        Assert.Equal(1, Number("scheduleChangesPerPlacement"));
        Assert.Equal(1, Number("agentsWokenPerPlacement"));

        // What etcd counted is what the clients sent (keep-alives aside).
        Assert.True(Number("etcdRequestsPerPlacement") > 0);
        Assert.True(
            Number("etcdRequestsPerPlacement") == Number("clientRequestsPerPlacement"),
            $"etcd counted {Number("etcdRequestsPerPlacement")} requests per placement, the clients {Number("clientRequestsPerPlacement")}");

        // Idle: nothing written, watched or requested (only lease keep-alives, every few seconds: maybe none in 2 s).
        Assert.InRange(Number("idleSeconds"), 2, 30);
        Assert.Equal(0, Number("idleEtcdWritesPerMinute"));
        Assert.Equal(0, Number("idleWatchEventsPerMinute"));
        Assert.Equal(0, Number("idleEtcdRequestsPerMinute"));
        Assert.Equal(0, Number("idleAgentWakeUpsPerMinute"));

        // Scenarios not asked for are not reported.
        Assert.Equal(JsonValueKind.Null, r.GetProperty("failoverSeconds").ValueKind);
        Assert.Equal(JsonValueKind.Null, r.GetProperty("churn").ValueKind);
    }

    [Fact]
    public async Task Run_EveryScenario_ReportsEachWithConsistentCounts()
    {
        // 20 machines: the loss scenario removes every tenth (2). Failover waits for the killed leader's lease (10 s).
        var json = Path.Combine(_dir, "scale-20-20.json");
        var (exit, _, stderr) = await HarnessProcess.RunAsync(
            TimeSpan.FromSeconds(150), TestContext.Current.CancellationToken,
            "--machines", "20", "--units", "20", "--scenario", "all", "--idle", "1", "--churn-rate", "20", "--churn-seconds", "2",
            "--churn-warmup", "0", "--timeout", "60", "--json", json);

        Assert.True(exit == 0, $"the harness exited {exit}:\n{stderr}");
        var r = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(1, r.GetProperty("scheduleChangesPerPlacement").GetDouble());
        Assert.Equal(r.GetProperty("etcdRequestsPerPlacement").GetDouble(), r.GetProperty("clientRequestsPerPlacement").GetDouble());

        // Churn: every change issued took effect; etcd and the clients agree on the requests.
        var churn = r.GetProperty("churn");
        double Churn(string name) => churn.GetProperty(name).GetDouble();
        Assert.True(churn.GetProperty("starts").GetInt32() + churn.GetProperty("stops").GetInt32() >= 2);
        Assert.True(churn.GetProperty("stops").GetInt32() >= churn.GetProperty("starts").GetInt32());
        Assert.True(Churn("latencyP50Ms") <= Churn("latencyP99Ms") && Churn("latencyP99Ms") <= Churn("latencyMaxMs"));
        Assert.Equal(Churn("etcdRequestsPerChange"), Churn("clientRequestsPerChange"));
        Assert.InRange(Churn("agentsWokenPerChange"), 0.01, 1);

        // Global: one unit on every machine, each agent woken once for it.
        var global = r.GetProperty("global");
        Assert.Equal(20, global.GetProperty("machines").GetInt32());
        Assert.Equal(1, global.GetProperty("agentsWokenPerMachine").GetDouble());

        // Failover: the probe ran after the standby's election, both within the run's timeout.
        var failover = r.GetProperty("failover");
        var seconds = r.GetProperty("failoverSeconds").GetDouble();
        Assert.Equal(seconds, failover.GetProperty("secondsToProbeRunning").GetDouble());
        Assert.InRange(failover.GetProperty("secondsToElected").GetDouble(), 0, seconds);
        Assert.InRange(seconds, 0, 60);

        // Loss: every tenth machine (2 of 20) gone; the units that ran only there run elsewhere.
        var loss = r.GetProperty("machineLoss");
        Assert.Equal(2, loss.GetProperty("machinesLost").GetInt32());
        var affected = loss.GetProperty("unitsAffected").GetInt32();
        Assert.InRange(affected, 1, 20);
        Assert.Equal(affected / loss.GetProperty("secondsToReschedule").GetDouble(), loss.GetProperty("reschedulesPerSecond").GetDouble(), precision: 6);
    }

    [Fact]
    public async Task Run_BadArgument_ExitsTwoNamingItWithoutStartingAnything()
    {
        var (exit, stdout, stderr) = await HarnessProcess.RunAsync(
            TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken, "--machines", "3", "--units", "many");

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.StartsWith("--units: 'many' is not a positive integer", stderr, StringComparison.Ordinal);
    }
}
