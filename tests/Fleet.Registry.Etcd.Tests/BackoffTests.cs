using Fleet.Registry.Etcd.Internal;

namespace Fleet.Registry.Etcd.Tests;

[Trait("Category", "Unit")]
public sealed class BackoffTests
{
    private static readonly Backoff Policy = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));

    [Theory]
    [InlineData(1, 50, 100)]
    [InlineData(2, 100, 200)]
    [InlineData(4, 400, 800)]
    [InlineData(7, 2500, 5000)]
    [InlineData(1000, 2500, 5000)]
    public void Delay_Failures_ExponentialCappedWithJitterInUpperHalf(int failures, double minMs, double maxMs)
    {
        var random = new LockedRandom(new Random(7));
        for (var i = 0; i < 100; i++)
        {
            var delay = Policy.Delay(failures, random).TotalMilliseconds;
            Assert.InRange(delay, minMs, maxMs);
        }
    }

    [Fact]
    public void Delay_SameFailureCount_Jittered()
    {
        var random = new LockedRandom(new Random(7));

        var delays = Enumerable.Range(0, 20).Select(_ => Policy.Delay(3, random)).Distinct().Count();

        Assert.True(delays > 10);
    }
}
