using System.Net;
using System.Net.Sockets;
using Fleet.Client.Contracts;
using Fleet.Client.Tests.TestServer;

namespace Fleet.Client.Tests;

[Trait("Category", "Integration")]
public sealed class FleetClientTests
{
    private static FleetClient ClientFor(string endpoint) =>
        new(new FleetClientOptions { Endpoint = FleetEndpoint.Parse(endpoint), RequestTimeout = TimeSpan.FromSeconds(10) });

    [Fact]
    public async Task ListUnitsAsync_SeveralPages_FollowsNextPageTokenWithAltJson()
    {
        await using var api = await FakeFleetApi.StartAsync();
        api.TokenLimit = 2;
        using var client = ClientFor(api.Endpoint);

        var units = await client.ListUnitsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(6, units.Count);
        Assert.Equal("conflict.0.service", units[0].Name);
        Assert.Equal(
            [
                "GET /fleet/v1/units?alt=json",
                $"GET /fleet/v1/units?nextPageToken={Uri.EscapeDataString(FakeFleetApi.Token(2, 2))}&alt=json",
                $"GET /fleet/v1/units?nextPageToken={Uri.EscapeDataString(FakeFleetApi.Token(2, 3))}&alt=json",
                $"GET /fleet/v1/units?nextPageToken={Uri.EscapeDataString(FakeFleetApi.Token(2, 4))}&alt=json",
            ],
            api.Requests);
    }

    [Fact]
    public async Task ListUnitsAsync_FixtureUnit_MapsEveryField()
    {
        await using var api = await FakeFleetApi.StartAsync();
        using var client = ClientFor(api.Endpoint);

        var hello = (await client.ListUnitsAsync(TestContext.Current.CancellationToken)).Single(u => u.Name == "hello.service");

        Assert.Equal("launched", hello.CurrentState);
        Assert.Equal("launched", hello.DesiredState);
        Assert.Equal("113f16a7b2ee4c9cb9b1c1a3d0f9e001", hello.MachineId);
        Assert.Equal(new UnitOption { Section = "Unit", Name = "Description", Value = "Hello World" }, hello.Options![0]);
    }

    [Fact]
    public async Task ListUnitStatesAsync_Filters_SendsQuery()
    {
        await using var api = await FakeFleetApi.StartAsync();
        using var client = ClientFor(api.Endpoint);

        var states = await client.ListUnitStatesAsync("global.service", "2b8e6c3d9a4f4e1b8c7d6e5f4a3b2c1d", TestContext.Current.CancellationToken);

        var state = Assert.Single(states);
        Assert.Equal("active", state.SystemdActiveState);
        Assert.Equal("GET /fleet/v1/state?unitName=global.service&machineID=2b8e6c3d9a4f4e1b8c7d6e5f4a3b2c1d&alt=json", Assert.Single(api.Requests));
    }

    [Fact]
    public async Task ListMachinesAsync_UnixSocket_Works()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"fleet-{Guid.NewGuid():N}.sock");
        await using var api = await FakeFleetApi.StartAsync(unixSocketPath: socket);
        using var client = ClientFor("unix://" + socket);

        var machines = await client.ListMachinesAsync(TestContext.Current.CancellationToken);

        Assert.Equal(3, machines.Count);
        Assert.Equal("172.17.8.103", machines[0].PrimaryIp);
        Assert.Equal("us-west-1b", machines[0].Metadata!["az"]);
        Assert.Null(machines[2].PrimaryIp);
    }

    [Fact]
    public async Task GetUnitAsync_Missing_ReturnsNull()
    {
        await using var api = await FakeFleetApi.StartAsync();
        using var client = ClientFor(api.Endpoint);

        Assert.Null(await client.GetUnitAsync("nope.service", TestContext.Current.CancellationToken));
        Assert.NotNull(await client.GetUnitAsync("hello@1.service", TestContext.Current.CancellationToken));
        Assert.Contains("GET /fleet/v1/units/hello@1.service?alt=json", api.Requests);
    }

    [Fact]
    public async Task CreateUnitAsync_ThenSetTargetState_UnitFollows()
    {
        await using var api = await FakeFleetApi.StartAsync();
        using var client = ClientFor(api.Endpoint);
        var ct = TestContext.Current.CancellationToken;

        await client.CreateUnitAsync("new.service", [new UnitOption { Section = "Service", Name = "ExecStart", Value = "/bin/true" }], ct);
        var created = await client.GetUnitAsync("new.service", ct);
        await client.SetUnitTargetStateAsync("new.service", "launched", ct);
        var launched = await client.GetUnitAsync("new.service", ct);

        Assert.Equal("inactive", created!.DesiredState);
        Assert.Equal("launched", launched!.DesiredState);
        Assert.Equal("/bin/true", Assert.Single(launched.Options!).Value);
    }

    [Fact]
    public async Task SetUnitTargetStateAsync_Template_ThrowsWithServerMessage()
    {
        await using var api = await FakeFleetApi.StartAsync();
        using var client = ClientFor(api.Endpoint);

        var ex = await Assert.ThrowsAsync<FleetApiException>(() =>
            client.SetUnitTargetStateAsync("hello@.service", "launched", TestContext.Current.CancellationToken));

        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("cannot activate template \"hello@.service\"", ex.ServerMessage);
    }

    [Fact]
    public async Task DestroyUnitAsync_ExistingThenMissing_TrueThenFalse()
    {
        await using var api = await FakeFleetApi.StartAsync();
        using var client = ClientFor(api.Endpoint);
        var ct = TestContext.Current.CancellationToken;

        Assert.True(await client.DestroyUnitAsync("hello.service", ct));
        Assert.False(await client.DestroyUnitAsync("hello.service", ct));
    }

    [Fact]
    public async Task AnyCall_ServerUnavailable_ThrowsApiExceptionWith503()
    {
        await using var api = await FakeFleetApi.StartAsync();
        api.Unavailable = true;
        using var client = ClientFor(api.Endpoint);

        var ex = await Assert.ThrowsAsync<FleetApiException>(() => client.ListMachinesAsync(TestContext.Current.CancellationToken));

        Assert.Equal(503, ex.StatusCode);
        Assert.Equal("fleet server unable to communicate with etcd", ex.ServerMessage);
    }

    [Fact]
    public async Task AnyCall_NothingListening_ThrowsUnreachableNamingEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = ClientFor($"http://127.0.0.1:{port}");

        var ex = await Assert.ThrowsAsync<FleetEndpointUnreachableException>(() => client.ListUnitsAsync(TestContext.Current.CancellationToken));

        Assert.StartsWith($"cannot reach the fleet API at http://127.0.0.1:{port}: ", ex.Message);
    }

    [Fact]
    public async Task AnyCall_MissingUnixSocket_SaysNoSuchSocket()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}.sock");
        using var client = ClientFor("unix://" + socket);

        var ex = await Assert.ThrowsAsync<FleetEndpointUnreachableException>(() => client.ListUnitsAsync(TestContext.Current.CancellationToken));

        Assert.Equal($"cannot reach the fleet API at unix://{socket}: no such socket ({socket})", ex.Message);
    }

    [Fact]
    public async Task GetUnitStatusAsync_ReturnsText()
    {
        await using var api = await FakeFleetApi.StartAsync();
        using var client = ClientFor(api.Endpoint);

        var status = await client.GetUnitStatusAsync("hello.service", TestContext.Current.CancellationToken);

        Assert.StartsWith("● hello.service", status);
    }

    [Fact]
    public async Task StreamJournalAsync_Lines_WritesServerTextAndSendsQuery()
    {
        await using var api = await FakeFleetApi.StartAsync();
        using var client = ClientFor(api.Endpoint);
        using var output = new StringWriter();

        await client.StreamJournalAsync("hello.service", new JournalRequest(2, Follow: true, "short"), output, TestContext.Current.CancellationToken);

        Assert.Equal("Hello, world\nHello, world\n", output.ToString());
        Assert.Equal("GET /fleet/v1/units/hello.service/journal?lines=2&follow=true", Assert.Single(api.Requests));
    }
}
