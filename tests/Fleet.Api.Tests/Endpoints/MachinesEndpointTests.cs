using System.Net;
using Fleet.Api.Tests.Support;
using Fleet.Core.Machines;

namespace Fleet.Api.Tests.Endpoints;

[Trait("Category", "Integration")]
public sealed class MachinesEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_PresentMachines_SortedWithMetadata()
    {
        await using var server = await ApiServer.StartAsync();
        await server.RegisterMachineAsync("m2", "10.0.0.2");
        await server.RegisterMachineAsync("m1", "10.0.0.1", ("role", "web"), ("az", "b"));
        using var client = server.CreateClient();

        var body = await client.GetStringAsync("fleet/v1/machines?alt=json", Ct);

        Assert.Equal("""{"machines":[{"id":"m1","metadata":{"az":"b","role":"web"},"primaryIP":"10.0.0.1"},{"id":"m2","primaryIP":"10.0.0.2"}]}""", body);
    }

    [Fact]
    public async Task Get_TokenLimitTwo_PagesAcrossBoundary()
    {
        await using var server = await ApiServer.StartAsync(o => o.TokenLimit = 2);
        foreach (var id in new[] { "m1", "m2", "m3" })
        {
            await server.RegisterMachineAsync(id);
        }

        using var client = server.CreateClient();

        var first = await ApiServer.ReadJsonAsync(await client.GetAsync("fleet/v1/machines", Ct));
        var second = await ApiServer.ReadJsonAsync(await client.GetAsync("fleet/v1/machines?nextPageToken=" + first.GetProperty("nextPageToken").GetString(), Ct));

        Assert.Equal(["m1", "m2"], first.GetProperty("machines").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal("m3", Assert.Single(second.GetProperty("machines").EnumerateArray()).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("""[{"op":"add","path":"/m1/metadata/foo","value":{"value":"bar"}}]""")]
    [InlineData("""[{"op":"add","path":"/m1/metadata/foo","Value":{"value":"bar"}}]""")]
    [InlineData("""[{"op":"replace","path":"/m1/metadata/foo","value":"bar"}]""")]
    public async Task Patch_AddOrReplace_204JsonAndMetadataVisible(string body)
    {
        await using var server = await ApiServer.StartAsync();
        await server.RegisterMachineAsync("m1", "10.0.0.1");
        using var client = server.CreateClient();

        var response = await client.PatchAsync("fleet/v1/machines?alt=json", ApiServer.Json(body), Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var machines = await ApiServer.ReadJsonAsync(await client.GetAsync("fleet/v1/machines", Ct));
        Assert.Equal("bar", machines.GetProperty("machines")[0].GetProperty("metadata").GetProperty("foo").GetString());
    }

    [Fact]
    public async Task Patch_Remove_DropsKey()
    {
        await using var server = await ApiServer.StartAsync();
        await server.RegisterMachineAsync("m1");
        await server.Registry.Machines.SetMetadataAsync(MachineId.Parse("m1"), "foo", "bar", Ct);
        using var client = server.CreateClient();

        var response = await client.PatchAsync("fleet/v1/machines", ApiServer.Json("""[{"op":"remove","path":"/m1/metadata/foo"}]"""), Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var machines = await ApiServer.ReadJsonAsync(await client.GetAsync("fleet/v1/machines", Ct));
        Assert.False(machines.GetProperty("machines")[0].TryGetProperty("metadata", out _));
    }

    [Fact]
    public async Task Patch_OneInvalidOp_NothingApplied()
    {
        await using var server = await ApiServer.StartAsync();
        await server.RegisterMachineAsync("m1");
        using var client = server.CreateClient();
        var body = """[{"op":"add","path":"/m1/metadata/foo","value":"bar"},{"op":"add","path":"/m1/metadata/b@d","value":"x"}]""";

        var response = await client.PatchAsync("fleet/v1/machines", ApiServer.Json(body), Ct);

        await ApiServer.AssertErrorAsync(response, HttpStatusCode.BadRequest, "machine metadata path invalid");
        var machines = await ApiServer.ReadJsonAsync(await client.GetAsync("fleet/v1/machines", Ct));
        Assert.False(machines.GetProperty("machines")[0].TryGetProperty("metadata", out _));
    }

    [Theory]
    [InlineData("""[{"op":"test","path":"/m1/metadata/foo","value":"x"}]""", "invalid op: expect add, remove, or replace")]
    [InlineData("""[{"op":"add","path":"/m1/metadata/foo"}]""", "invalid value: add and replace require a value")]
    public async Task Patch_Invalid_400FleetMessage(string body, string message)
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.CreateClient();

        await ApiServer.AssertErrorAsync(await client.PatchAsync("fleet/v1/machines", ApiServer.Json(body), Ct), HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task Patch_BadJson_400DecoderMessage()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.CreateClient();

        var response = await client.PatchAsync("fleet/v1/machines", ApiServer.Json("{\"op\":"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await ApiServer.ReadJsonAsync(response)).GetProperty("error").GetProperty("message").GetString();
        Assert.False(string.IsNullOrEmpty(message));
    }

    [Fact]
    public async Task Patch_MachineNotPresent_StillStoredAndShownWhenItJoins()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.CreateClient();

        var response = await client.PatchAsync("fleet/v1/machines", ApiServer.Json("""[{"op":"add","path":"/later/metadata/foo","value":"bar"}]"""), Ct);
        await server.RegisterMachineAsync("later");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var machines = await ApiServer.ReadJsonAsync(await client.GetAsync("fleet/v1/machines", Ct));
        Assert.Equal("bar", machines.GetProperty("machines")[0].GetProperty("metadata").GetProperty("foo").GetString());
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Collection_OtherMethods_405(string method)
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.CreateClient();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "fleet/v1/machines"), Ct);

        await ApiServer.AssertErrorAsync(response, HttpStatusCode.MethodNotAllowed, "only GET and PATCH supported against this resource");
    }
}
