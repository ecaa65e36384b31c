using Fleet.Testing.Support;

namespace Fleet.IntegrationTests;

/// <summary>The real fleetctl's list commands against a real fleetd (embedded store, <c>token_limit=2</c>, so
/// every list crosses page boundaries), compared with golden files (see <see cref="GoldenFiles"/> to
/// regenerate them).</summary>
[Trait("Category", "Integration")]
public sealed class FleetctlGoldenTests(GoldenFleetd fleetd) : IClassFixture<GoldenFleetd>
{
    [Theory]
    [InlineData("list-units", "list-units")]
    [InlineData("list-units_no-legend", "list-units", "--no-legend")]
    [InlineData("list-units_full", "list-units", "--full")]
    [InlineData("list-units_full", "list-units", "-l")]
    [InlineData("list-units_full", "list-units", "--l")]
    [InlineData("list-units_all-fields", "list-units", "--fields=unit,hash,load,active,sub,machine")]
    [InlineData("list-units_all-fields_full_no-legend", "list-units", "-l", "--no-legend", "--fields", "unit,hash,load,active,sub,machine")]
    [InlineData("list-units_unit_no-legend", "list-units", "--no-legend", "--fields=unit")]
    [InlineData("list-units_json", "list-units", "-o", "json")]
    [InlineData("list-units_json", "list-units", "--output=json")]
    [InlineData("list-unit-files", "list-unit-files")]
    [InlineData("list-unit-files_full", "list-unit-files", "--full")]
    [InlineData("list-unit-files_no-legend", "list-unit-files", "--no-legend")]
    [InlineData("list-unit-files_all-fields", "list-unit-files", "--fields=unit,desc,global,hash,dstate,state,target")]
    [InlineData("list-unit-files_all-fields_full_no-legend", "list-unit-files", "--full", "--no-legend", "--fields=unit,desc,global,hash,dstate,state,target")]
    [InlineData("list-unit-files_json", "list-unit-files", "-o", "json")]
    [InlineData("list-machines", "list-machines")]
    [InlineData("list-machines_full", "list-machines", "--full")]
    [InlineData("list-machines_full", "list-machines", "-l")]
    [InlineData("list-machines_no-legend", "list-machines", "--no-legend")]
    [InlineData("list-machines_machine_full_no-legend", "list-machines", "-l", "--no-legend", "--fields=machine")]
    [InlineData("list-machines_ip-metadata", "list-machines", "--fields=ip,metadata")]
    [InlineData("list-machines_json", "list-machines", "-o", "json")]
    public async Task ListCommand_RealFleetd_MatchesGolden(string golden, params string[] args)
    {
        var result = await Fleetctl.RunAsync(fleetd.Endpoint, args, TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0 && result.Stderr.Length == 0, result.ToString());
        GoldenFiles.AssertMatches(golden, result.Stdout);
    }

    [Fact]
    public async Task ListUnitFiles_TmachineField_GoldenAndOneWarningPerRow()
    {
        var result = await Fleetctl.RunAsync(fleetd.Endpoint, ["list-unit-files", "--fields=unit,tmachine"], TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        GoldenFiles.AssertMatches("list-unit-files_tmachine", result.Stdout);
        Assert.Equal(Enumerable.Repeat("WARNING: The \"tmachine\" field is deprecated. Use \"target\" instead", 6),
            result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("list-units", "--fields=unit,bogus", "Invalid key in output format: \"bogus\"\n")]
    [InlineData("list-unit-files", "--fields=", "Must define output format\n")]
    [InlineData("list-machines", "--fields=ip,unit", "Invalid key in output format: \"unit\"\n")]
    [InlineData("list-units", "--output=yaml", "Invalid output format \"yaml\": use \"table\" or \"json\"\n")]
    public async Task ListCommand_BadFields_OneLineAndExit1(string command, string flag, string stderr)
    {
        var result = await Fleetctl.RunAsync(fleetd.Endpoint, [command, flag], TestContext.Current.CancellationToken);

        Assert.Equal((1, string.Empty, stderr), (result.ExitCode, result.Stdout, result.Stderr));
    }
}
