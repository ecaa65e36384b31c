namespace Fleet.IntegrationTests;

[Trait("Category", "Integration")]
public sealed class FleetdProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleetd-it-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Fleetd_InvalidConfiguration_ExitsOneAndListsEveryProblem()
    {
        await using var fleetd = FleetdProcess.Start("m1", _dir, new Dictionary<string, string>
        {
            ["agent_ttl"] = "soon",
            ["token_limit"] = "0",
        });

        var exit = await fleetd.WaitForExitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(1, exit);
        Assert.Contains("agent_ttl must be a duration", fleetd.Output, StringComparison.Ordinal);
        Assert.Contains("token_limit must be between 1 and 65535", fleetd.Output, StringComparison.Ordinal);
    }
}
