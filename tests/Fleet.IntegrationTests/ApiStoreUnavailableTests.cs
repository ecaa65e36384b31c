using Fleet.Testing.Etcd;

namespace Fleet.IntegrationTests;

/// <summary>A fleetd whose etcd goes away: the API answers 503 with fleet's message (not 500 with an empty
/// one), fleetctl prints one clear line, and both recover when etcd is back.</summary>
[Trait("Category", "Integration")]
public sealed class ApiStoreUnavailableTests : IAsyncLifetime
{
    private const string MachineId = "etcd0000000000000000000000000001";
    private readonly string _dir = Directory.CreateTempSubdirectory("fleetd-etcd-").FullName;
    private readonly EtcdFixture _etcd = EtcdFixture.Create();
    private FleetdProcess? _fleetd;

    private FleetdProcess Fleetd => _fleetd ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync()
    {
        await _etcd.InitializeAsync();
        _fleetd = FleetdProcess.Start(MachineId, _dir, new Dictionary<string, string>
        {
            ["etcd_servers"] = _etcd.ClientUrl,
            ["etcd_key_prefix"] = "/fleet_api/unavailable",
            ["etcd_request_timeout"] = "1",
            ["agent_ttl"] = "5s",
        });
        await _fleetd.WaitForApiAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        await Fleetctl.WaitForAsync(Fleetd.Endpoint, ["list-machines", "--no-legend", "--full", "--fields=machine"],
            r => r.Stdout == MachineId + "\n", TimeSpan.FromSeconds(30), "machine registration", TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_fleetd is not null)
        {
            await _fleetd.DisposeAsync();
        }

        await _etcd.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task EtcdStopped_Api503AndFleetctlOneLine_ThenRecovers()
    {
        using var api = new ApiHttp(Fleetd.Endpoint);
        Assert.Equal(201, (await api.PutUnitAsync("before.service", ApiHttp.UnitJson())).Status);

        await _etcd.StopAsync();

        (await api.GetAsync("/fleet/v1/units")).ShouldBeError(503, "fleet server unable to communicate with etcd");
        (await api.PutUnitAsync("during.service", ApiHttp.UnitJson())).ShouldBeError(503, "fleet server unable to communicate with etcd");
        var list = await Fleetctl.RunAsync(Fleetd.Endpoint, ["list-unit-files"], TestContext.Current.CancellationToken);
        Assert.Equal((1, string.Empty), (list.ExitCode, list.Stdout));
        Assert.Equal("Error retrieving list of units from repository: API error 503: fleet server unable to communicate with etcd\n", list.Stderr);

        await _etcd.StartAsync(TestContext.Current.CancellationToken);

        await Fleetctl.WaitForAsync(Fleetd.Endpoint, ["list-unit-files", "--no-legend", "--fields=unit"],
            r => r.ExitCode == 0 && r.Stdout == "before.service\n", TimeSpan.FromSeconds(30), "the API answering again after etcd returned", TestContext.Current.CancellationToken);
    }
}
