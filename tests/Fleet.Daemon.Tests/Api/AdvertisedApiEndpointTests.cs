using Fleet.Daemon.Api;

namespace Fleet.Daemon.Tests.Api;

[Trait("Category", "Unit")]
public sealed class AdvertisedApiEndpointTests
{
    [Theory]
    [InlineData("unix:///var/run/fleet.sock", "10.0.0.1", "")]
    [InlineData("systemd:", "10.0.0.1", "")]
    [InlineData("unix:///run/fleet.sock,http://127.0.0.1:49153", "10.0.0.1", "http://127.0.0.1:49153")]
    [InlineData("http://10.0.0.5:49153,http://127.0.0.1:1", "10.0.0.1", "http://10.0.0.5:49153")]
    [InlineData("http://0.0.0.0:49153", "10.0.0.1", "http://10.0.0.1:49153")]
    [InlineData("http://0.0.0.0:49153", "", "http://127.0.0.1:49153")]
    [InlineData("http://[::]:49153", "fd00::1", "http://[fd00::1]:49153")]
    [InlineData("http://localhost:49153", "10.0.0.1", "http://127.0.0.1:49153")]
    [InlineData("http://127.0.0.1:0", "10.0.0.1", "")]
    public void From_ApiListen_ReachableHttpEndpointOrEmpty(string apiListen, string publicIp, string expected)
    {
        Assert.Equal(expected, AdvertisedApiEndpoint.From(apiListen.Split(','), publicIp));
    }
}
