using Fleet.Daemon.Configuration;

namespace Fleet.Daemon.Tests.Configuration;

[Trait("Category", "Unit")]
public sealed class GoDurationTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("2", 2_000)]
    [InlineData("0.5", 500)]
    [InlineData("1m30s", 90_000)]
    [InlineData("300ms", 300)]
    [InlineData("1.5h", 5_400_000)]
    public void TryParse_FleetForms_GiveTheDuration(string text, int milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("10 parsecs")]
    [InlineData("5d")]
    [InlineData("-3")]
    public void TryParse_Garbage_IsRejected(string text) => Assert.False(GoDuration.TryParse(text, out _));
}
