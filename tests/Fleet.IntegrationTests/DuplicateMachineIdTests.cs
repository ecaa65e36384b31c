using Fleet.Testing.Etcd;

namespace Fleet.IntegrationTests;

/// <summary>Two real fleetd processes with the same machine ID on one real etcd, and what the API says while
/// a fleetd is not registered or its store is gone.</summary>
[Trait("Category", "Integration")]
public sealed class DuplicateMachineIdTests : IAsyncLifetime
{
    private const string SharedId = "dup00000000000000000000000000001";
    private readonly string _dir = Directory.CreateTempSubdirectory("fleetd-dup-").FullName;
    private readonly EtcdFixture _etcd = EtcdFixture.Create();
    private readonly List<FleetdProcess> _started = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _etcd.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var fleetd in _started)
        {
            await fleetd.DisposeAsync();
        }

        await _etcd.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<FleetdProcess> StartAsync(string name, string hostname)
    {
        var data = Path.Combine(_dir, name);
        Directory.CreateDirectory(data);
        var fleetd = FleetdProcess.Start(SharedId, data, new Dictionary<string, string>
        {
            ["etcd_servers"] = _etcd.ClientUrl,
            ["etcd_key_prefix"] = "/fleet_functional/dup",
            ["metadata"] = $"hostname={hostname}",
            ["agent_ttl"] = "3s",
            ["engine_reconcile_interval"] = "0.5",
            ["etcd_request_timeout"] = "2",
        });
        _started.Add(fleetd);
        await fleetd.WaitForApiAsync(TimeSpan.FromSeconds(60), Ct);
        return fleetd;
    }

    [Fact]
    public async Task SecondFleetdWithTheSameId_LogsAClearErrorServes503AndNeverLeads_UntilTheFirstLeaves()
    {
        var first = await StartAsync("first", "first");
        await Fleetctl.WaitForAsync(first.Endpoint, ["list-machines", "--no-legend", "--full"],
            r => r.Stdout.Contains("hostname=first", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the first fleetd registered", Ct);
        await first.WaitForOutputAsync("Engine leadership acquired", TimeSpan.FromSeconds(30), Ct);

        var second = await StartAsync("second", "second");
        await second.WaitForOutputAsync("is already present in the cluster: another fleetd with the same machine ID is running", TimeSpan.FromSeconds(30), Ct);

        // Not registered: the API answers at once with 503 and fleet's message instead of serving or hanging.
        var refused = await Fleetctl.RunAsync(second.Endpoint, ["list-machines", "--no-legend", "--full"], Ct, TimeSpan.FromSeconds(20));
        Assert.True(refused.ExitCode != 0, refused.ToString());
        Assert.Contains("fleet server unable to communicate with etcd", refused.Stdout + refused.Stderr, StringComparison.Ordinal);

        // One identity only: the first fleetd's announcement, one leader.
        var machines = (await Fleetctl.RunAsync(first.Endpoint, ["list-machines", "--no-legend", "--full"], Ct)).ShouldSucceed();
        Assert.Single(machines.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("hostname=first", machines.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Engine leadership acquired", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("joined the cluster (presence TTL", second.Output, StringComparison.Ordinal);

        // Retried with backoff: once the first leaves (SIGTERM removes its presence) the second registers.
        Assert.Equal(0, await first.StopAsync(TimeSpan.FromSeconds(60), Ct));
        var after = await Fleetctl.WaitForAsync(second.Endpoint, ["list-machines", "--no-legend", "--full"],
            r => r.ExitCode == 0 && r.Stdout.Contains("hostname=second", StringComparison.Ordinal), TimeSpan.FromSeconds(90), "the second fleetd registered after the first left", Ct);
        Assert.Single(after.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(second.Output.Split('\n').Count(l => l.Contains("is already present in the cluster", StringComparison.Ordinal)) >= 2, "the registration was retried");
    }

    [Fact]
    public async Task EtcdStopped_ApiAnswers503WithFleetsMessage_AndServesAgainWhenItReturns()
    {
        var fleetd = await StartAsync("only", "only");
        await Fleetctl.WaitForAsync(fleetd.Endpoint, ["list-machines", "--no-legend", "--full"],
            r => r.ExitCode == 0 && r.Stdout.Contains("hostname=only", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the machine registered", Ct);

        await _etcd.StopAsync();

        await Fleetctl.WaitForAsync(fleetd.Endpoint, ["list-units", "--no-legend"],
            r => r.ExitCode != 0 && (r.Stdout + r.Stderr).Contains("fleet server unable to communicate with etcd", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "a 503 while etcd is down", Ct);

        await _etcd.StartAsync(Ct);
        await Fleetctl.WaitForAsync(fleetd.Endpoint, ["list-machines", "--no-legend", "--full"],
            r => r.ExitCode == 0 && r.Stdout.Contains("hostname=only", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the API serving again after etcd returned", Ct);
    }
}
