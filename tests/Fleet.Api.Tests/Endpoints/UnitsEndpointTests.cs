using System.Net;
using System.Text.Json;
using Fleet.Api.Tests.Support;
using Fleet.Core.Units;

namespace Fleet.Api.Tests.Endpoints;

[Trait("Category", "Integration")]
public sealed class UnitsEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Collection_NoUnits_EmptyObject()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.CreateClient();

        var response = await client.GetAsync("fleet/v1/units?alt=json", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Collection_ScheduledUnscheduledAndGlobal_ShowsFleetFields()
    {
        await using var server = await ApiServer.StartAsync();
        var machine = await server.RegisterMachineAsync("m1");
        var running = await server.PutUnitAsync("a.service", TargetState.Launched);
        await server.ScheduleAsync(running, "m1");
        await server.PublishStateAsync(machine, running, TargetState.Launched);
        var scheduledNoState = await server.PutUnitAsync("b.service", TargetState.Loaded, ("Service", "ExecStart", "/bin/b"));
        await server.ScheduleAsync(scheduledNoState, "m1");
        await server.PutUnitAsync("c.service", TargetState.Inactive, ("Service", "ExecStart", "/bin/c"));
        await server.PutUnitAsync("d.service", TargetState.Launched, ("Service", "ExecStart", "/bin/d"), ("X-Fleet", "Global", "true"));
        using var client = server.CreateClient();

        var body = await client.GetStringAsync("fleet/v1/units?alt=json", Ct);

        Assert.Equal(
            """{"units":[""" +
            """{"currentState":"launched","desiredState":"launched","machineID":"m1","name":"a.service","options":[{"name":"ExecStart","section":"Service","value":"/bin/sleep 100"}]},""" +
            """{"currentState":"inactive","desiredState":"loaded","machineID":"m1","name":"b.service","options":[{"name":"ExecStart","section":"Service","value":"/bin/b"}]},""" +
            """{"currentState":"inactive","desiredState":"inactive","name":"c.service","options":[{"name":"ExecStart","section":"Service","value":"/bin/c"}]},""" +
            """{"desiredState":"launched","name":"d.service","options":[{"name":"ExecStart","section":"Service","value":"/bin/d"},{"name":"Global","section":"X-Fleet","value":"true"}]}""" +
            "]}",
            body);
    }

    [Fact]
    public async Task Collection_TokenLimitTwo_PagesAcrossBoundaries()
    {
        await using var server = await ApiServer.StartAsync(o => o.TokenLimit = 2);
        foreach (var name in new[] { "e.service", "a.service", "d.service", "c.service", "b.service" })
        {
            await server.PutUnitAsync(name, TargetState.Inactive, ("Service", "ExecStart", "/bin/" + name));
        }

        using var client = server.CreateClient();
        var seen = new List<string>();
        var tokens = new List<string>();
        string? token = null;
        do
        {
            var url = "fleet/v1/units?alt=json" + (token is null ? string.Empty : "&nextPageToken=" + Uri.EscapeDataString(token));
            var page = await ApiServer.ReadJsonAsync(await client.GetAsync(url, Ct));
            seen.AddRange(page.TryGetProperty("units", out var units) ? units.EnumerateArray().Select(u => u.GetProperty("name").GetString()!) : []);
            token = page.TryGetProperty("nextPageToken", out var next) ? next.GetString() : null;
            if (token is not null)
            {
                tokens.Add(token);
            }
        }
        while (token is not null);

        Assert.Equal(["a.service", "b.service", "c.service", "d.service", "e.service"], seen);
        Assert.Equal([new Fleet.Api.Paging.PageToken(2, 2).Encode(), new Fleet.Api.Paging.PageToken(2, 3).Encode()], tokens);
    }

    [Fact]
    public async Task Collection_PageEndingOnLastUnit_FollowedByEmptyPage()
    {
        await using var server = await ApiServer.StartAsync(o => o.TokenLimit = 2);
        await server.PutUnitAsync("a.service");
        await server.PutUnitAsync("b.service");
        using var client = server.CreateClient();

        var first = await ApiServer.ReadJsonAsync(await client.GetAsync("fleet/v1/units", Ct));
        var second = await client.GetStringAsync("fleet/v1/units?nextPageToken=" + first.GetProperty("nextPageToken").GetString(), Ct);

        Assert.Equal(2, first.GetProperty("units").GetArrayLength());
        Assert.Equal("{}", second);
    }

    [Theory]
    [InlineData("fleet/v1/units?nextPageToken=ZAACAA%3D%3D", "token limit must be 2")]
    [InlineData("fleet/v1/units?nextPageToken=AgAAAA%3D%3D", "token page must be greater than zero")]
    [InlineData("fleet/v1/units?nextPageToken=AgACAA%3D%3D&nextPageToken=AgADAA%3D%3D", "too many values for page token")]
    [InlineData("fleet/v1/units?nextPageToken=**", "illegal base64 data at input byte 0")]
    [InlineData("fleet/v1/units?nextPageToken=AgA%3D", "unexpected EOF")]
    public async Task Collection_BadToken_400WithFleetMessage(string url, string message)
    {
        await using var server = await ApiServer.StartAsync(o => o.TokenLimit = 2);
        using var client = server.CreateClient();

        await ApiServer.AssertErrorAsync(await client.GetAsync(url, Ct), HttpStatusCode.BadRequest, message);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task Collection_OtherMethods_405(string method)
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.CreateClient();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "fleet/v1/units"), Ct);

        await ApiServer.AssertErrorAsync(response, HttpStatusCode.MethodNotAllowed, "only GET supported against this resource");
    }

    [Fact]
    public async Task Item_Existing_ReturnsUnit()
    {
        await using var server = await ApiServer.StartAsync();
        await server.PutUnitAsync("hello.service", TargetState.Loaded);
        using var client = server.CreateClient();

        var body = await client.GetStringAsync("fleet/v1/units/hello.service?alt=json", Ct);

        Assert.Equal("""{"currentState":"inactive","desiredState":"loaded","name":"hello.service","options":[{"name":"ExecStart","section":"Service","value":"/bin/sleep 100"}]}""", body);
    }

    [Fact]
    public async Task Item_ScheduledWithState_CurrentStateFromItsMachine()
    {
        await using var server = await ApiServer.StartAsync();
        var m1 = await server.RegisterMachineAsync("m1");
        var m2 = await server.RegisterMachineAsync("m2");
        var unit = await server.PutUnitAsync("hello.service", TargetState.Launched);
        await server.ScheduleAsync(unit, "m2");
        await server.PublishStateAsync(m1, unit, TargetState.Loaded);
        await server.PublishStateAsync(m2, unit, TargetState.Launched);
        using var client = server.CreateClient();

        var json = await ApiServer.ReadJsonAsync(await client.GetAsync("fleet/v1/units/hello.service", Ct));

        Assert.Equal("m2", json.GetProperty("machineID").GetString());
        Assert.Equal("launched", json.GetProperty("currentState").GetString());
    }

    [Theory]
    [InlineData("fleet/v1/units/missing.service")]
    [InlineData("v1-alpha/units/missing.service")]
    [InlineData("fleet/v1/units/no-dot")]
    public async Task Item_Missing_404UnitDoesNotExist(string url)
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.CreateClient();

        await ApiServer.AssertErrorAsync(await client.GetAsync(url, Ct), HttpStatusCode.NotFound, "unit does not exist");
        await ApiServer.AssertErrorAsync(await client.DeleteAsync(url, Ct), HttpStatusCode.NotFound, "unit does not exist");
    }

    [Fact]
    public async Task Item_Delete_RemovesUnit()
    {
        await using var server = await ApiServer.StartAsync();
        await server.PutUnitAsync("hello.service");
        using var client = server.CreateClient();

        var response = await client.DeleteAsync("fleet/v1/units/hello.service?alt=json", Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Null(await server.Registry.Units.GetAsync(UnitName.Parse("hello.service"), Ct));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    [InlineData("HEAD")]
    public async Task Item_OtherMethods_405(string method)
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.CreateClient();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "fleet/v1/units/a.service"), Ct);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        if (method != "HEAD")
        {
            await ApiServer.AssertErrorAsync(response, HttpStatusCode.MethodNotAllowed, "only GET, PUT and DELETE supported against this resource");
        }
    }

    [Fact]
    public async Task Collection_Gzip_CompressedWhenAcceptedAndLarge()
    {
        await using var server = await ApiServer.StartAsync();
        for (var i = 0; i < 20; i++)
        {
            await server.PutUnitAsync($"unit-{i:D2}.service", TargetState.Inactive, ("Service", "ExecStart", $"/bin/sleep {i}"));
        }

        using var client = server.CreateClient(decompress: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "fleet/v1/units?alt=json");
        request.Headers.AcceptEncoding.ParseAdd("gzip");

        var response = await client.SendAsync(request, Ct);

        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        await using var gzip = new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(Ct), System.IO.Compression.CompressionMode.Decompress);
        var page = await JsonDocument.ParseAsync(gzip, cancellationToken: Ct);
        Assert.Equal(20, page.RootElement.GetProperty("units").GetArrayLength());
    }

    [Fact]
    public async Task Collection_NoAcceptEncoding_Uncompressed()
    {
        await using var server = await ApiServer.StartAsync(o => o.GzipMinimumBytes = 0);
        await server.PutUnitAsync("a.service");
        using var client = server.CreateClient(decompress: false);

        var response = await client.GetAsync("fleet/v1/units", Ct);

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.StartsWith("{\"units\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
