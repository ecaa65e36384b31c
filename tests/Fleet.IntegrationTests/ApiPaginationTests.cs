namespace Fleet.IntegrationTests;

/// <summary>fleet's page tokens against a real fleetd on the embedded store with <c>token_limit=2</c>: pages
/// end exactly at item boundaries, the page after an exactly-full last page is <c>{}</c>, tokens are fleet's
/// bytes, bad tokens are 400 with fleet's messages.</summary>
[Trait("Category", "Integration")]
public sealed class ApiPaginationTests(EmbeddedFleetd fleetd) : IClassFixture<EmbeddedFleetd>
{
    // base64url of {uint16 Limit=2, uint16 Page=N}, little-endian.
    private const string Page2 = "AgACAA==";
    private const string Page3 = "AgADAA==";

    [Fact]
    public async Task Collections_EmptyStoreThenUnitsThenStates_PagesOfTwo()
    {
        using var api = new ApiHttp(fleetd.Endpoint);
        Assert.Equal("{}", (await api.GetAsync("/fleet/v1/units")).Body);
        Assert.Equal("{}", (await api.GetAsync("/fleet/v1/state")).Body);
        var machines = await api.GetAsync("/fleet/v1/machines?alt=json");
        Assert.Equal(200, machines.Status);
        Assert.Equal([EmbeddedFleetd.MachineId], machines.Json.GetProperty("machines").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.False(machines.Json.TryGetProperty("nextPageToken", out _), machines.Body);

        for (var i = 1; i <= 4; i++)
        {
            Assert.Equal(201, (await api.PutUnitAsync($"page{i}.service", ApiHttp.UnitJson())).Status);
        }

        var first = await api.GetAsync("/fleet/v1/units");
        AssertPage(first, "units", ["page1.service", "page2.service"], Page2);
        var second = await api.GetAsync("/fleet/v1/units?nextPageToken=" + Uri.EscapeDataString(Page2));
        AssertPage(second, "units", ["page3.service", "page4.service"], Page3);
        var third = await api.GetAsync("/fleet/v1/units?nextPageToken=" + Uri.EscapeDataString(Page3));
        Assert.Equal((200, "{}"), (third.Status, third.Body));

        Assert.Equal(201, (await api.PutUnitAsync("page5.service", ApiHttp.UnitJson())).Status);
        third = await api.GetAsync("/v1-alpha/units?alt=json&nextPageToken=" + Uri.EscapeDataString(Page3));
        AssertPage(third, "units", ["page5.service"], null);

        await StateOfThreeRunningUnitsAsync(api);
    }

    // Part of the test above (which needs the store empty at its start): states page the same way.
    private async Task StateOfThreeRunningUnitsAsync(ApiHttp api)
    {
        foreach (var name in new[] { "st1.service", "st2.service", "st3.service" })
        {
            Assert.Equal(201, (await api.PutUnitAsync(name, ApiHttp.UnitJson("launched"))).Status);
        }

        await Fleetctl.WaitForAsync(fleetd.Endpoint, ["list-units", "--no-legend", "--fields", "unit,active"],
            r => r.Stdout.Split('\n').Count(l => l.StartsWith("st", StringComparison.Ordinal) && l.EndsWith("\tactive", StringComparison.Ordinal)) == 3,
            TimeSpan.FromSeconds(30), "3 st units active", TestContext.Current.CancellationToken);

        var filtered = await api.GetAsync($"/fleet/v1/state?machineID={EmbeddedFleetd.MachineId}&unitName=st2.service");
        AssertPage(filtered, "states", ["st2.service"], null);
        var state = filtered.Json.GetProperty("states")[0];
        Assert.Equal(40, state.GetProperty("hash").GetString()!.Length);
        Assert.Equal(["hash", "machineID", "name", "systemdActiveState", "systemdLoadState", "systemdSubState"],
            state.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("{}", (await api.GetAsync("/fleet/v1/state?unitName=st2.service&machineID=other")).Body);

        var first = await api.GetAsync("/fleet/v1/state?unitName=st1.service");
        AssertPage(first, "states", ["st1.service"], null);
        var all = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await api.GetAsync("/fleet/v1/state" + (token is null ? string.Empty : "?nextPageToken=" + Uri.EscapeDataString(token)));
            Assert.Equal(200, page.Status);
            var names = page.Body == "{}" ? [] : Names(page, "states");
            Assert.True(names.Count <= 2, page.Body);
            all.AddRange(names);
            token = Token(page);
            pages++;
        }
        while (token is not null);

        Assert.Equal(["st1.service", "st2.service", "st3.service"], all.Where(n => n.StartsWith("st", StringComparison.Ordinal)));
        Assert.Equal((all.Count / 2) + 1, pages);
    }

    [Theory]
    [InlineData("units", "ZAACAA==", "token limit must be 2")]
    [InlineData("state", "ZAACAA==", "token limit must be 2")]
    [InlineData("machines", "ZAACAA==", "token limit must be 2")]
    [InlineData("units", "AgAAAA==", "token page must be greater than zero")]
    [InlineData("units", "!!!!", "illegal base64 data at input byte 0")]
    [InlineData("units", "AgA=", "unexpected EOF")]
    [InlineData("units", "", "EOF")]
    public async Task Collections_BadToken_400WithFleetsMessage(string collection, string token, string message)
    {
        using var api = new ApiHttp(fleetd.Endpoint);

        var answer = await api.GetAsync($"/fleet/v1/{collection}?nextPageToken={Uri.EscapeDataString(token)}");

        answer.ShouldBeError(400, message);
    }

    [Fact]
    public async Task Units_TwoTokens_400TooManyValues()
    {
        using var api = new ApiHttp(fleetd.Endpoint);

        (await api.GetAsync($"/fleet/v1/units?nextPageToken={Page2}&nextPageToken={Page3}")).ShouldBeError(400, "too many values for page token");
    }

    private static void AssertPage(ApiAnswer page, string property, string[] names, string? token)
    {
        Assert.Equal(names, Names(page, property));
        Assert.Equal(token, Token(page));
    }

    private static List<string> Names(ApiAnswer page, string property)
    {
        Assert.True(page.Status == 200, page.ToString());
        return [.. page.Json.GetProperty(property).EnumerateArray().Select(u => u.GetProperty("name").GetString()!)];
    }

    private static string? Token(ApiAnswer page) =>
        page.Json.TryGetProperty("nextPageToken", out var token) ? token.GetString() : null;
}
