namespace Fleet.IntegrationTests;

/// <summary>One real fleetd on the embedded store with <c>token_limit=2</c> (so that pagination crosses page
/// boundaries with a handful of items), shared by a test class.</summary>
public sealed class EmbeddedFleetd : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleetd-api-").FullName;
    private FleetdProcess? _fleetd;

    /// <summary>The machine ID.</summary>
    public const string MachineId = "api00000000000000000000000000001";

    /// <summary>The running fleetd.</summary>
    public FleetdProcess Fleetd => _fleetd ?? throw new InvalidOperationException("not started");

    /// <summary>Its API base, e.g. <c>http://127.0.0.1:PORT</c>.</summary>
    public string Endpoint => Fleetd.Endpoint;

    /// <summary>A folder for unit files.</summary>
    public string UnitDir => Path.Combine(_dir, "unit-files");

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(UnitDir);
        _fleetd = FleetdProcess.Start(MachineId, Path.Combine(_dir, "data"), new Dictionary<string, string>
        {
            ["metadata"] = "role=api,zone=z1",
            ["token_limit"] = "2",
            ["agent_ttl"] = "5s",
            ["engine_reconcile_interval"] = "0.5",
        });
        await _fleetd.WaitForApiAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        await Fleetctl.WaitForAsync(Endpoint, ["list-machines", "--no-legend", "--full"],
            r => r.Stdout.Contains(MachineId, StringComparison.Ordinal), TimeSpan.FromSeconds(30), "machine registration", CancellationToken.None);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_fleetd is not null)
        {
            await _fleetd.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }
}
