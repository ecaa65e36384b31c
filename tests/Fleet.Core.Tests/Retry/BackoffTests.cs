using Fleet.Core.Retry;

namespace Fleet.Core.Tests.Retry;

[Trait("Category", "Unit")]
public sealed class BackoffTests
{
    private static readonly TimeSpan Min = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(5);

    [Fact]
    public void Next_Repeated_DoublesTheCeilingUpToTheCapWithJitterInTheUpperHalf()
    {
        var backoff = new Backoff(Min, Max, new Random(42));
        var ceilings = new[] { 100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000 };

        foreach (var ceiling in ceilings)
        {
            var delay = backoff.Next().TotalMilliseconds;
            Assert.InRange(delay, ceiling / 2.0, ceiling);
        }
    }

    [Fact]
    public void Reset_AfterGrowth_StartsAgainFromTheMinimum()
    {
        var backoff = new Backoff(Min, Max, new Random(7));
        for (var i = 0; i < 10; i++)
        {
            backoff.Next();
        }

        backoff.Reset();

        Assert.InRange(backoff.Next().TotalMilliseconds, 50, 100);
    }

    [Fact]
    public void Next_ManyAttempts_NeverOverflowsOrExceedsTheCap()
    {
        var backoff = new Backoff(Min, Max, new Random(1));
        for (var i = 0; i < 1000; i++)
        {
            Assert.InRange(backoff.Next(), TimeSpan.FromMilliseconds(50), Max);
        }
    }
}
