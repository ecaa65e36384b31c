using System.Net;
using Fleet.Api.Tests.Support;
using Fleet.Core.Units;

namespace Fleet.Api.Tests.Endpoints;

[Trait("Category", "Integration")]
public sealed class StateEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<ApiServer> StartWithStatesAsync(Action<FleetApiOptions>? configure = null)
    {
        var server = await ApiServer.StartAsync(configure);
        var m1 = await server.RegisterMachineAsync("m1");
        var m2 = await server.RegisterMachineAsync("m2");
        var a = await server.PutUnitAsync("a.service");
        var b = await server.PutUnitAsync("b.service", TargetState.Inactive, ("Service", "ExecStart", "/bin/b"));
        await server.PublishStateAsync(m2, a, TargetState.Launched);
        await server.PublishStateAsync(m1, a, TargetState.Loaded, "loaded", "inactive", "dead");
        await server.PublishStateAsync(m1, b, TargetState.Launched, "loaded", "failed", "failed");
        return server;
    }

    [Fact]
    public async Task Collection_All_SortedByNameThenMachineWithFullHash()
    {
        await using var server = await StartWithStatesAsync();
        using var client = server.CreateClient();

        var json = await ApiServer.ReadJsonAsync(await client.GetAsync("fleet/v1/state?alt=json", Ct));

        var states = json.GetProperty("states").EnumerateArray().Select(s => (s.GetProperty("name").GetString(), s.GetProperty("machineID").GetString())).ToList();
        Assert.Equal([("a.service", "m1"), ("a.service", "m2"), ("b.service", "m1")], states);
        var first = json.GetProperty("states")[0];
        Assert.Equal("1c6fb6f3684bafb0c173d8b8b957ceff031180c1", first.GetProperty("hash").GetString());
        Assert.Equal("inactive", first.GetProperty("systemdActiveState").GetString());
        Assert.Equal("dead", first.GetProperty("systemdSubState").GetString());
        Assert.Equal("loaded", first.GetProperty("systemdLoadState").GetString());
        Assert.False(json.TryGetProperty("nextPageToken", out _));
    }

    [Theory]
    [InlineData("fleet/v1/state?machineID=m1", 2)]
    [InlineData("fleet/v1/state?unitName=a.service", 2)]
    [InlineData("fleet/v1/state?unitName=a.service&machineID=m2", 1)]
    [InlineData("fleet/v1/state?unitName=a.servic", 0)]
    public async Task Collection_Filters_ExactMatch(string url, int expected)
    {
        await using var server = await StartWithStatesAsync();
        using var client = server.CreateClient();

        var json = await ApiServer.ReadJsonAsync(await client.GetAsync(url, Ct));

        Assert.Equal(expected, json.TryGetProperty("states", out var states) ? states.GetArrayLength() : 0);
    }

    [Fact]
    public async Task Collection_TokenLimitTwo_Pages()
    {
        await using var server = await StartWithStatesAsync(o => o.TokenLimit = 2);
        using var client = server.CreateClient();

        var first = await ApiServer.ReadJsonAsync(await client.GetAsync("fleet/v1/state", Ct));
        var second = await ApiServer.ReadJsonAsync(await client.GetAsync("fleet/v1/state?nextPageToken=" + first.GetProperty("nextPageToken").GetString(), Ct));

        Assert.Equal(2, first.GetProperty("states").GetArrayLength());
        Assert.Equal("b.service", Assert.Single(second.GetProperty("states").EnumerateArray()).GetProperty("name").GetString());
        Assert.False(second.TryGetProperty("nextPageToken", out _));
    }

    [Fact]
    public async Task Collection_BadToken_400()
    {
        await using var server = await StartWithStatesAsync();
        using var client = server.CreateClient();

        await ApiServer.AssertErrorAsync(await client.GetAsync("fleet/v1/state?nextPageToken=AgACAA%3D%3D", Ct), HttpStatusCode.BadRequest, "token limit must be 100");
    }

    [Fact]
    public async Task Item_WithStates_FirstByMachine()
    {
        await using var server = await StartWithStatesAsync();
        using var client = server.CreateClient();

        var body = await client.GetStringAsync("fleet/v1/state/a.service?alt=json", Ct);

        Assert.Equal("""{"hash":"1c6fb6f3684bafb0c173d8b8b957ceff031180c1","machineID":"m1","name":"a.service","systemdActiveState":"inactive","systemdLoadState":"loaded","systemdSubState":"dead"}""", body);
    }

    [Theory]
    [InlineData("fleet/v1/state/none.service")]
    [InlineData("v1-alpha/state/none.service")]
    [InlineData("fleet/v1/state/not-a-name")]
    public async Task Item_NoState_404UnitStateDoesNotExist(string url)
    {
        await using var server = await StartWithStatesAsync();
        using var client = server.CreateClient();

        await ApiServer.AssertErrorAsync(await client.GetAsync(url, Ct), HttpStatusCode.NotFound, "unit state does not exist");
    }

    [Theory]
    [InlineData("fleet/v1/state")]
    [InlineData("fleet/v1/state/a.service")]
    public async Task AnyPath_NonGet_405(string url)
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.CreateClient();

        await ApiServer.AssertErrorAsync(await client.PostAsync(url, ApiServer.Json("{}"), Ct), HttpStatusCode.MethodNotAllowed, "only GET supported against this resource");
    }
}
