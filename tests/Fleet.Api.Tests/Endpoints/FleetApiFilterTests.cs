using System.Net;
using Fleet.Api.Tests.Support;
using Fleet.Core.Units;

namespace Fleet.Api.Tests.Endpoints;

[Trait("Category", "Integration")]
public sealed class FleetApiFilterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("fleet/v1/units")]
    [InlineData("fleet/v1/units/x.service")]
    [InlineData("fleet/v1/state")]
    [InlineData("fleet/v1/machines")]
    [InlineData("fleet/v1/discovery")]
    [InlineData("nothing/here")]
    [InlineData("")]
    public async Task AnyResponse_CarriesServerHeader(string url)
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.CreateClient();

        var response = await client.GetAsync(url, Ct);

        Assert.Equal("fleetd/9.9.9-test", response.Headers.Server.ToString());
    }

    [Theory]
    [InlineData("/", HttpStatusCode.MethodNotAllowed)]
    [InlineData("/fleet/v1", HttpStatusCode.MethodNotAllowed)]
    [InlineData("/v1-alpha", HttpStatusCode.MethodNotAllowed)]
    [InlineData("/fleet/v1/", HttpStatusCode.NotFound)]
    [InlineData("/fleet/v1/units/", HttpStatusCode.NotFound)]
    [InlineData("/fleet/v1/units/a.service/", HttpStatusCode.NotFound)]
    [InlineData("/fleet/v1/units/a.service/extra", HttpStatusCode.NotFound)]
    [InlineData("/fleet/v1/machines/m1", HttpStatusCode.NotFound)]
    [InlineData("/fleet/v2/units", HttpStatusCode.NotFound)]
    [InlineData("/metrics.json", HttpStatusCode.NotFound)]
    [InlineData("/fleet/v1/units/..%2Fmachines", HttpStatusCode.NotFound)]
    public async Task OtherPaths_FleetStatusWithEmptyMessage(string path, HttpStatusCode status)
    {
        await using var server = await ApiServer.StartAsync();

        var response = await RawHttp.SendAsync(server.BaseAddress, "GET", path + "?alt=json", []);

        Assert.Equal((int)status, response.Status);
        Assert.Equal($$$"""{"error":{"code":{{{(int)status}}},"message":""}}""", response.Body);
        Assert.Equal("fleetd/9.9.9-test", response.Header("Server"));
    }

    [Fact]
    public async Task StoreUnreachable_503FleetMessage()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.CreateClient();
        server.Registry.Dispose();

        foreach (var url in new[] { "fleet/v1/units", "fleet/v1/units/a.service", "fleet/v1/state", "fleet/v1/state/a.service", "fleet/v1/machines" })
        {
            var response = await client.GetAsync(url + "?alt=json", Ct);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("""{"error":{"code":503,"message":"fleet server unable to communicate with etcd"}}""", await response.Content.ReadAsStringAsync(Ct));
        }
    }

    [Fact]
    public async Task StoreUnreachable_ConfiguredMessage()
    {
        await using var server = await ApiServer.StartAsync(o => o.RegistryUnavailableMessage = "fleet server unable to reach its embedded store");
        using var client = server.CreateClient();
        server.Registry.Dispose();

        var response = await client.PutAsync("fleet/v1/units/a.service", ApiServer.Json("""{"desiredState":"launched"}"""), Ct);

        await ApiServer.AssertErrorAsync(response, HttpStatusCode.ServiceUnavailable, "fleet server unable to reach its embedded store");
    }

    [Fact]
    public async Task NotReady_503UntilMarkedReady()
    {
        await using var server = await ApiServer.StartAsync();
        await server.PutUnitAsync("a.service");
        using var client = server.CreateClient();

        server.Readiness.MarkUnavailable();
        var before = await client.GetAsync("fleet/v1/units/a.service", Ct);
        server.Readiness.MarkReady();
        var after = await client.GetAsync("fleet/v1/units/a.service", Ct);

        await ApiServer.AssertErrorAsync(before, HttpStatusCode.ServiceUnavailable, "fleet server unable to communicate with etcd");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task KeepAlive_ManyRequestsOneConnection()
    {
        await using var server = await ApiServer.StartAsync();
        await server.PutUnitAsync("a.service", TargetState.Loaded);
        var connections = 0;
        using var client = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip,
            ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        })
        { BaseAddress = server.BaseAddress };

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("fleet/v1/units/a.service?alt=json", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync("fleet/v1/units/a.service?alt=json", ApiServer.Json("""{"desiredState":"launched"}"""), Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("fleet/v1/units/b.service?alt=json", Ct)).StatusCode);
        }

        Assert.Equal(1, connections);
    }
}
