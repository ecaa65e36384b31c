namespace Fleet.IntegrationTests;

/// <summary>One real fleetd on the embedded store (no etcd), driven by the real fleetctl.</summary>
[Trait("Category", "Integration")]
public sealed class SingleMachineTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleetd-single-").FullName;
    private FleetdProcess? _fleetd;

    private FleetdProcess Fleetd => _fleetd ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync()
    {
        _fleetd = FleetdProcess.Start("single0000000000000000000000000001", _dir, new Dictionary<string, string>
        {
            ["metadata"] = "role=test",
            ["agent_ttl"] = "5s",
            ["engine_reconcile_interval"] = "0.5",
        });
        await _fleetd.WaitForApiAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_fleetd is not null)
        {
            await _fleetd.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private Task<FleetctlResult> Run(params string[] args) => Fleetctl.RunAsync(Fleetd.Endpoint, args, TestContext.Current.CancellationToken);

    [Fact]
    public async Task HelloService_SubmitLoadStartStopUnloadDestroy_RunsForRealAndIsCaptured()
    {
        var ct = TestContext.Current.CancellationToken;
        var machines = await Fleetctl.WaitForAsync(Fleetd.Endpoint, ["list-machines", "--no-legend", "--full"],
            r => r.Stdout.Contains(Fleetd.MachineId, StringComparison.Ordinal), TimeSpan.FromSeconds(30), "machine registration", ct);
        Assert.Contains("role=test", machines.Stdout, StringComparison.Ordinal);

        var submit = await Run("submit", "hello.service");
        Assert.True(submit.ExitCode == 0, submit.ToString());

        var load = await Run("load", "hello.service");
        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Contains("Unit hello.service loaded on single00.../127.0.0.1", load.Stdout, StringComparison.Ordinal);

        var start = await Run("start", "hello.service");
        Assert.True(start.ExitCode == 0, start.ToString());
        await Fleetctl.WaitForAsync(Fleetd.Endpoint, ["list-units", "--no-legend", "--fields", "unit,active,sub"],
            r => r.Stdout.Contains("hello.service\tactive\trunning", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "hello.service active/running", ct);

        await Fleetctl.WaitForAsync(Fleetd.Endpoint, ["journal", "--lines", "5", "hello.service"],
            r => r.ExitCode == 0 && r.Stdout.Contains("Hello, world", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "hello.service output in its journal", ct);

        var files = await Run("list-unit-files", "--no-legend");
        Assert.Contains("hello.service\te55c0ae\tlaunched\tlaunched\tsingle00.../127.0.0.1", files.Stdout, StringComparison.Ordinal);

        var stop = await Run("stop", "hello.service");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        await Fleetctl.WaitForAsync(Fleetd.Endpoint, ["list-units", "--no-legend", "--fields", "unit,active"],
            r => r.Stdout.Contains("hello.service\tinactive", StringComparison.Ordinal) || r.Stdout.Contains("hello.service\tfailed", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "hello.service stopped", ct);

        var unload = await Run("unload", "hello.service");
        Assert.True(unload.ExitCode == 0, unload.ToString());
        // fleetctl returns once the unit's state is gone; the agent removes the file as part of the same unload.
        await Fleet.Testing.Eventually.UntilAsync(() => !File.Exists(Path.Combine(Fleetd.DataDir, "units", "hello.service")), "unit file removed on unload");

        var destroy = await Run("destroy", "hello.service");
        Assert.True(destroy.ExitCode == 0, destroy.ToString());
        Assert.Contains("Destroyed hello.service", destroy.Stdout, StringComparison.Ordinal);
        var after = await Run("list-unit-files", "--no-legend");
        Assert.DoesNotContain("hello.service", after.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fleetd_Sigterm_StopsItsUnitsAndExitsZero()
    {
        var ct = TestContext.Current.CancellationToken;
        var start = await Run("start", "hello.service");
        Assert.True(start.ExitCode == 0, start.ToString());
        await Fleetctl.WaitForAsync(Fleetd.Endpoint, ["list-units", "--no-legend", "--fields", "unit,active,sub"],
            r => r.Stdout.Contains("hello.service\tactive\trunning", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "hello.service active/running", ct);

        var exit = await Fleetd.StopAsync(TimeSpan.FromSeconds(60), ct);

        Assert.True(exit == 0, Fleetd.Output);
        Assert.False(File.Exists(Path.Combine(Fleetd.DataDir, "units", "hello.service")), "graceful stop unloads units, as fleet's purge");
    }
}
