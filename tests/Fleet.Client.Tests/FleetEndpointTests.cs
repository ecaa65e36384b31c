namespace Fleet.Client.Tests;

[Trait("Category", "Unit")]
public sealed class FleetEndpointTests
{
    [Fact]
    public void Parse_DefaultUnixSocket_UsesDomainSockBase()
    {
        var endpoint = FleetEndpoint.Parse("unix:///var/run/fleet.sock");

        Assert.Equal(FleetEndpointKind.Unix, endpoint.Kind);
        Assert.Equal("/var/run/fleet.sock", endpoint.Path);
        Assert.Equal(new Uri("http://domain-sock/fleet/v1/"), endpoint.ApiBaseAddress);
    }

    [Fact]
    public void Parse_FileScheme_IsUnixSocket()
    {
        Assert.Equal(FleetEndpointKind.Unix, FleetEndpoint.Parse("file:///run/fleet.sock").Kind);
    }

    [Theory]
    [InlineData("http://127.0.0.1:54728", "http://127.0.0.1:54728/fleet/v1/")]
    [InlineData("http://10.0.0.1", "http://10.0.0.1/fleet/v1/")]
    [InlineData("https://fleet.example:443/prefix/", "https://fleet.example/prefix/fleet/v1/")]
    [InlineData("http://[::1]:8080", "http://[::1]:8080/fleet/v1/")]
    public void Parse_Tcp_BuildsApiBase(string text, string expected)
    {
        Assert.Equal(new Uri(expected), FleetEndpoint.Parse(text).ApiBaseAddress);
    }

    [Theory]
    [InlineData("127.0.0.1:4001", "URL scheme undefined")]
    [InlineData("unix://var/run/fleet.sock", "unable to connect to host \"var\" with scheme \"unix\"")]
    [InlineData("ftp://host", "unsupported URL scheme \"ftp\" in endpoint \"ftp://host\" (use unix, http or https)")]
    [InlineData("http://host:99999", "invalid port \"99999\" in endpoint \"http://host:99999\"")]
    [InlineData("unix://", "endpoint \"unix://\" names no socket path")]
    public void Parse_Invalid_ThrowsWithFleetMessage(string text, string message)
    {
        var ex = Assert.Throws<FormatException>(() => FleetEndpoint.Parse(text));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void ParseFirst_CommaList_UsesFirstAndCountsTheRest()
    {
        var endpoint = FleetEndpoint.ParseFirst("http://a:1,http://b:2,http://c:3", out var ignored);

        Assert.Equal("a", endpoint.Host);
        Assert.Equal(2, ignored);
    }
}
