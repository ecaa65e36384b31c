using Fleet.Agent.Process.Definitions;

namespace Fleet.Agent.Process.Tests;

[Trait("Category", "Unit")]
public sealed class SystemdTimeSpanTests
{
    [Theory]
    [InlineData("90", 90_000)]
    [InlineData("5s", 5_000)]
    [InlineData("100ms", 100)]
    [InlineData("1min 30s", 90_000)]
    [InlineData("2h30min", 9_000_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("500 msec", 500)]
    public void TryParse_SystemdSpans_Parse(string text, int milliseconds)
    {
        Assert.True(SystemdTimeSpan.TryParse(text, out var span, out var error), error);

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), span);
    }

    [Fact]
    public void TryParse_Infinity_IsInfinite()
    {
        Assert.True(SystemdTimeSpan.TryParse("infinity", out var span, out _));

        Assert.Equal(Timeout.InfiniteTimeSpan, span);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("5 fortnights", "unknown time unit 'fortnights'")]
    [InlineData("soon", "is not a time span")]
    public void TryParse_Garbage_SaysWhy(string text, string expected)
    {
        Assert.False(SystemdTimeSpan.TryParse(text, out _, out var error));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100, "100ms")]
    [InlineData(90_000, "1min 30s")]
    [InlineData(3_600_000, "1h")]
    public void Format_Spans_ReadLikeSystemd(int milliseconds, string expected) =>
        Assert.Equal(expected, SystemdTimeSpan.Format(TimeSpan.FromMilliseconds(milliseconds)));
}
