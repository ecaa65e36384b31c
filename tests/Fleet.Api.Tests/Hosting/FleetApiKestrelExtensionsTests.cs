using System.Net;
using System.Net.Sockets;
using Fleet.Api.Hosting;
using Fleet.Api.Tests.Support;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Fleet.Api.Tests.Hosting;

[Trait("Category", "Integration")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FleetApiKestrelExtensionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-api-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task UnixSocket_ServesApiWithMode0660()
    {
        var path = Path.Combine(_dir, "fleet.sock");
        await using var server = await ApiServer.StartAsync(apiListen: "unix://" + path);
        using var client = ApiServer.CreateUnixClient(path);

        var response = await client.GetAsync("fleet/v1/machines?alt=json", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(UnixSocketListener.SocketMode, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task UnixSocket_StaleFile_Replaced()
    {
        var path = Path.Combine(_dir, "stale.sock");
        var bound = Path.Combine(_dir, "bound.sock");
        using (var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            // Bound, never listening, then closed: a stale file. Moved away first, because .NET unlinks the
            // file a socket bound when that socket is disposed (a crashed server leaves it behind).
            dead.Bind(new UnixDomainSocketEndPoint(bound));
            File.Move(bound, path);
        }

        Assert.True(File.Exists(path));
        await using var server = await ApiServer.StartAsync(apiListen: "unix://" + path);
        using var client = ApiServer.CreateUnixClient(path);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("fleet/v1/units", Ct)).StatusCode);
    }

    [Fact]
    public async Task UnixSocket_LiveListener_Refused()
    {
        var path = Path.Combine(_dir, "live.sock");
        using var live = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        live.Bind(new UnixDomainSocketEndPoint(path));
        live.Listen(1);

        var error = await Assert.ThrowsAsync<IOException>(() => ApiServer.StartAsync(apiListen: "unix://" + path));

        Assert.Equal($"api_listen unix://{path}: another process is already listening on this socket.", error.Message);
    }

    [Fact]
    public async Task SeveralAddresses_AllServe()
    {
        var path = Path.Combine(_dir, "both.sock");
        await using var server = await ApiServer.StartAsync(apiListen: $"unix://{path},http://127.0.0.1:0");
        using var unixClient = ApiServer.CreateUnixClient(path);
        using var tcpClient = server.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await unixClient.GetAsync("fleet/v1/discovery", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tcpClient.GetAsync("fleet/v1/discovery", Ct)).StatusCode);
        Assert.Equal(2, server.Addresses.Count);
    }

    [Fact]
    public void ListenFleetApi_SystemdWithoutSockets_Refused()
    {
        var kestrel = new KestrelServerOptions();

        var error = Assert.Throws<InvalidOperationException>(() => kestrel.ListenFleetApi(ApiListenAddress.ParseList("systemd:"), []));

        Assert.Contains("no socket was passed by systemd", error.Message, StringComparison.Ordinal);
    }
}
