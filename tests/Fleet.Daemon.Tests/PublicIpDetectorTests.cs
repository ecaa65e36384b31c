using System.Net;

namespace Fleet.Daemon.Tests;

[Trait("Category", "Unit")]
public sealed class PublicIpDetectorTests
{
    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("172.17.8.103", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("169.254.1.1", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::1", false)]
    public void IsGlobalUnicastV4_ClassifiesAddresses(string address, bool expected) =>
        Assert.Equal(expected, PublicIpDetector.IsGlobalUnicastV4(IPAddress.Parse(address)));

    [Fact]
    public void Detect_OnThisMachine_GivesEmptyOrAGlobalUnicastAddress()
    {
        var detected = PublicIpDetector.Detect();

        Assert.True(detected.Length == 0 || PublicIpDetector.IsGlobalUnicastV4(IPAddress.Parse(detected)), detected);
    }
}
