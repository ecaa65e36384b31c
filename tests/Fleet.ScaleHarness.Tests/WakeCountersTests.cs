namespace Fleet.ScaleHarness.Tests;

[Trait("Category", "Unit")]
public sealed class WakeCountersTests
{
    [Fact]
    public void Woken_CountsWakeUpsAndTheChangesTheyDelivered()
    {
        var wakes = new WakeCounters();
        Assert.Equal((0L, 0L), (wakes.WakeUps, wakes.Changes));

        wakes.Woken(1);
        wakes.Woken(3);
        wakes.Woken(0);

        Assert.Equal((3L, 4L), (wakes.WakeUps, wakes.Changes));
    }

    [Fact]
    public async Task Woken_FromManyThreads_LosesNothing()
    {
        var wakes = new WakeCounters();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(
            () =>
            {
                for (var i = 0; i < 10_000; i++)
                {
                    wakes.Woken(t);
                }
            },
            TestContext.Current.CancellationToken)));

        Assert.Equal(80_000L, wakes.WakeUps);
        Assert.Equal(10_000L * (0 + 1 + 2 + 3 + 4 + 5 + 6 + 7), wakes.Changes);
    }
}
