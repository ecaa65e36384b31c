using Fleet.Client.Tests.TestServer;
using Fleet.Testing.Support;

namespace Fleet.Cli.Tests;

/// <summary>Runs the list commands against the fleet API test double and compares with golden files.</summary>
[Trait("Category", "Integration")]
public sealed class ListCommandsGoldenTests
{
    [Theory]
    [InlineData("list-units", "list-units")]
    [InlineData("list-units_no-legend", "list-units", "--no-legend")]
    [InlineData("list-units_full", "list-units", "--full")]
    [InlineData("list-units_full", "list-units", "-l")]
    [InlineData("list-units_full", "list-units", "--l")]
    [InlineData("list-units_all-fields", "list-units", "--fields=unit,hash,load,active,sub,machine")]
    [InlineData("list-units_all-fields_full", "list-units", "-l", "--fields", "unit,hash,load,active,sub,machine")]
    [InlineData("list-units_unit-only_no-legend", "list-units", "--no-legend", "--fields=unit")]
    [InlineData("list-units_json", "list-units", "-o", "json")]
    [InlineData("list-unit-files", "list-unit-files")]
    [InlineData("list-unit-files_full", "list-unit-files", "--full")]
    [InlineData("list-unit-files_no-legend", "list-unit-files", "--no-legend")]
    [InlineData("list-unit-files_desc-global-target", "list-unit-files", "--fields=unit,desc,global,target")]
    [InlineData("list-unit-files_json", "list-unit-files", "--output=json")]
    [InlineData("list-machines", "list-machines")]
    [InlineData("list-machines_full", "list-machines", "-l")]
    [InlineData("list-machines_full", "list-machines", "--full")]
    [InlineData("list-machines_no-legend_machine", "list-machines", "--no-legend", "--fields=machine")]
    [InlineData("list-machines_ip-metadata", "list-machines", "--fields=ip,metadata")]
    [InlineData("list-machines_json", "list-machines", "-o", "json")]
    public async Task ListCommand_FixtureCluster_MatchesGolden(string golden, params string[] args)
    {
        await using var api = await FakeFleetApi.StartAsync();
        var runner = new FleetctlRunner();

        var result = await runner.RunAsync([.. args, "--endpoint", api.Endpoint]);

        Assert.Equal((0, string.Empty), (result.ExitCode, result.Error));
        GoldenFiles.AssertMatches(golden, result.Out);
    }

    [Theory]
    [InlineData("list-units_empty", "list-units")]
    [InlineData("list-unit-files_empty", "list-unit-files")]
    [InlineData("list-machines_empty", "list-machines")]
    public async Task ListCommand_EmptyCluster_PrintsLegendOnly(string golden, string command)
    {
        await using var api = await FakeFleetApi.StartAsync(withFixtures: false);

        var result = await new FleetctlRunner().RunAsync(command, "--endpoint", api.Endpoint);

        Assert.Equal(0, result.ExitCode);
        GoldenFiles.AssertMatches(golden, result.Out);
    }

    [Fact]
    public async Task ListUnitFiles_TmachineField_WarnsOncePerRow()
    {
        await using var api = await FakeFleetApi.StartAsync();

        var result = await new FleetctlRunner().RunAsync("list-unit-files", "--fields=unit,tmachine", "--endpoint", api.Endpoint);

        Assert.Equal(0, result.ExitCode);
        GoldenFiles.AssertMatches("list-unit-files_tmachine", result.Out);
        var warnings = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, warnings.Length);
        Assert.All(warnings, w => Assert.Equal("WARNING: The \"tmachine\" field is deprecated. Use \"target\" instead", w));
    }

    [Fact]
    public async Task ListUnits_PagedServer_ShowsEveryState()
    {
        await using var api = await FakeFleetApi.StartAsync();
        api.TokenLimit = 1;

        var result = await new FleetctlRunner().RunAsync("list-units", "--endpoint", api.Endpoint);

        GoldenFiles.AssertMatches("list-units", result.Out);
        Assert.Equal(7, api.Requests.Count(r => r.StartsWith("GET /fleet/v1/state", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ListUnits_UnixSocketFromEnvironment_Works()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"fleetctl-{Guid.NewGuid():N}.sock");
        await using var api = await FakeFleetApi.StartAsync(unixSocketPath: socket);
        var runner = new FleetctlRunner();
        runner.Environment["FLEETCTL_ENDPOINT"] = "unix://" + socket;

        var result = await runner.RunAsync("list-units");

        Assert.Equal(0, result.ExitCode);
        GoldenFiles.AssertMatches("list-units", result.Out);
    }
}
