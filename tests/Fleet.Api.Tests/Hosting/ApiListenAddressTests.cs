using System.Net;
using Fleet.Api.Hosting;

namespace Fleet.Api.Tests.Hosting;

[Trait("Category", "Unit")]
public sealed class ApiListenAddressTests
{
    [Fact]
    public void TryParse_UnixSocket_Path()
    {
        Assert.True(ApiListenAddress.TryParse("unix:///var/run/fleet.sock", out var address, out _));
        Assert.Equal(ApiListenKind.UnixSocket, address.Kind);
        Assert.Equal("/var/run/fleet.sock", address.UnixPath);
    }

    [Theory]
    [InlineData("http://127.0.0.1:49153", "127.0.0.1", 49153)]
    [InlineData("http://[::1]:8080", "::1", 8080)]
    [InlineData("http://localhost:1", "127.0.0.1", 1)]
    [InlineData("http://0.0.0.0:0/", "0.0.0.0", 0)]
    public void TryParse_Http_EndPoint(string text, string ip, int port)
    {
        Assert.True(ApiListenAddress.TryParse(text, out var address, out var error), error);
        Assert.Equal(ApiListenKind.Tcp, address.Kind);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(ip), port), address.TcpEndPoint);
    }

    [Fact]
    public void TryParse_Systemd_Activation()
    {
        Assert.True(ApiListenAddress.TryParse("systemd:", out var address, out _));
        Assert.Equal(ApiListenKind.SystemdActivation, address.Kind);
    }

    [Theory]
    [InlineData("unix://relative.sock", "api_listen entry \"unix://relative.sock\": the socket path must be absolute, e.g. unix:///var/run/fleet.sock")]
    [InlineData("http://example.com:80", "api_listen entry \"http://example.com:80\": expected http://IP:PORT (an IP address or localhost, a port 0-65535)")]
    [InlineData("http://127.0.0.1:70000", "api_listen entry \"http://127.0.0.1:70000\": expected http://IP:PORT (an IP address or localhost, a port 0-65535)")]
    [InlineData("http://::1:80", "api_listen entry \"http://::1:80\": expected http://IP:PORT (an IP address or localhost, a port 0-65535)")]
    [InlineData("tcp://127.0.0.1:80", "api_listen entry \"tcp://127.0.0.1:80\" must be unix:///absolute/path, http://IP:PORT or systemd:")]
    public void TryParse_Invalid_NamesEntry(string text, string expected)
    {
        Assert.False(ApiListenAddress.TryParse(text, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void ParseList_CommaSeparated_AllEntries()
    {
        var addresses = ApiListenAddress.ParseList("unix:///run/a.sock, http://127.0.0.1:1 ,systemd:");

        Assert.Equal([ApiListenKind.UnixSocket, ApiListenKind.Tcp, ApiListenKind.SystemdActivation], addresses.Select(a => a.Kind));
    }

    [Fact]
    public void ParseList_SeveralBad_ReportsEach()
    {
        var error = Assert.Throws<FormatException>(() => ApiListenAddress.ParseList("bad1,unix:///ok.sock,bad2"));

        Assert.Contains("\"bad1\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"bad2\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseList_Empty_Refused() =>
        Assert.Equal("api_listen must name at least one address", Assert.Throws<FormatException>(() => ApiListenAddress.ParseList(" , ")).Message);
}
