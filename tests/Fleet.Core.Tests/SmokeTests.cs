namespace Fleet.Core.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Runner_Works() => Assert.Equal(2, 1 + 1);
}
