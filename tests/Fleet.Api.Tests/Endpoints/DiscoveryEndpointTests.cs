using System.Net;
using Fleet.Api.Tests.Support;

namespace Fleet.Api.Tests.Endpoints;

[Trait("Category", "Integration")]
public sealed class DiscoveryEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("fleet/v1/discovery")]
    [InlineData("fleet/v1/discovery.json")]
    [InlineData("v1-alpha/discovery")]
    public async Task Get_ServesFleetDiscoveryDocument(string url)
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.CreateClient();

        var response = await client.GetAsync(url + "?alt=json", Ct);
        var json = await ApiServer.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("discovery#restDescription", json.GetProperty("kind").GetString());
        Assert.Equal("fleet:v1", json.GetProperty("id").GetString());
        Assert.Equal("/fleet/v1/", json.GetProperty("basePath").GetString());
        Assert.Equal(
            ["Machine", "MachinePage", "UnitOption", "Unit", "UnitPage", "UnitState", "UnitStatePage"],
            json.GetProperty("schemas").EnumerateObject().Select(p => p.Name));
        var methods = json.GetProperty("resources").EnumerateObject()
            .SelectMany(r => r.Value.GetProperty("methods").EnumerateObject().Select(m => m.Value.GetProperty("id").GetString()))
            .ToList();
        Assert.Equal(["fleet.Machine.List", "fleet.Unit.List", "fleet.Unit.Get", "fleet.Unit.Delete", "fleet.Unit.Set", "fleet.UnitState.Get", "fleet.UnitState.List"], methods);
    }

    [Fact]
    public async Task Post_400OnlyHttpGet()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.CreateClient();

        await ApiServer.AssertErrorAsync(await client.PostAsync("fleet/v1/discovery", ApiServer.Json("{}"), Ct), HttpStatusCode.BadRequest, "only HTTP GET supported against this resource");
    }
}
