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
    public async Task Run_BadArgument_ExitsTwoNamingItWithoutStartingAnything()
    {
        var (exit, stdout, stderr) = await HarnessProcess.RunAsync(
            TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken, "--machines", "3", "--units", "many");

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.StartsWith("--units: 'many' is not a positive integer", stderr, StringComparison.Ordinal);
    }
}
