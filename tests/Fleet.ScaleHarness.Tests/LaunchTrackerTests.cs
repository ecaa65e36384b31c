using Fleet.Core.Machines;
using Fleet.Core.Units;

namespace Fleet.ScaleHarness.Tests;

[Trait("Category", "Unit")]
public sealed class LaunchTrackerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static UnitName Unit(int i) => UnitName.Parse($"scale-{i}.service");

    private static MachineId Machine(int i) => MachineId.Parse($"{i:x32}");

    [Fact]
    public void Report_EveryUnitLaunchedOnce_AllRunning()
    {
        var tracker = new LaunchTracker();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(i, tracker.RunningUnits);
            tracker.Report(Unit(i), Machine(i % 3), running: true);
        }

        Assert.Equal(10, tracker.RunningUnits);
        Assert.Equal(0, tracker.CountNotRunning(Enumerable.Range(0, 10).Select(Unit)));
        Assert.Equal(1, tracker.RunningOn(Unit(4)));
    }

    [Fact]
    public void Report_SameUnitAndMachineAgain_CountsOnce()
    {
        var tracker = new LaunchTracker();

        tracker.Report(Unit(1), Machine(1), running: true);
        tracker.Report(Unit(1), Machine(1), running: true);
        tracker.Report(Unit(1), Machine(1), running: true);

        Assert.Equal((1, 1), (tracker.RunningUnits, tracker.RunningOn(Unit(1))));
    }

    [Fact]
    public void Report_OneUnitOnSeveralMachines_OneRunningUnitOnEach()
    {
        var tracker = new LaunchTracker();

        for (var m = 0; m < 4; m++)
        {
            tracker.Report(Unit(0), Machine(m), running: true);
        }

        Assert.Equal((1, 4), (tracker.RunningUnits, tracker.RunningOn(Unit(0))));
    }

    [Fact]
    public void Report_RunningThenStopped_NoLongerRunning()
    {
        var tracker = new LaunchTracker();
        tracker.Report(Unit(1), Machine(1), running: true);
        tracker.Report(Unit(2), Machine(1), running: true);

        tracker.Report(Unit(1), Machine(1), running: false);

        Assert.Equal((1, 0), (tracker.RunningUnits, tracker.RunningOn(Unit(1))));
        Assert.Equal(1, tracker.CountNotRunning([Unit(1), Unit(2)]));
    }

    [Fact]
    public void Report_StoppedTwiceOrOnAMachineItNeverRanOn_ChangesNothing()
    {
        var tracker = new LaunchTracker();
        tracker.Report(Unit(1), Machine(1), running: true);

        tracker.Report(Unit(1), Machine(2), running: false);
        tracker.Report(Unit(3), Machine(2), running: false);

        Assert.Equal((1, 1, 0), (tracker.RunningUnits, tracker.RunningOn(Unit(1)), tracker.RunningOn(Unit(3))));
        tracker.Report(Unit(1), Machine(1), running: false);
        tracker.Report(Unit(1), Machine(1), running: false);
        Assert.Equal(0, tracker.RunningUnits);
    }

    [Fact]
    public void Report_MovedToAnotherMachine_StaysOneRunningUnit()
    {
        var tracker = new LaunchTracker();
        tracker.Report(Unit(1), Machine(1), running: true);

        tracker.Report(Unit(1), Machine(2), running: true);
        tracker.Report(Unit(1), Machine(1), running: false);

        Assert.Equal((1, 1), (tracker.RunningUnits, tracker.RunningOn(Unit(1))));
    }

    [Fact]
    public void Report_StoppedThenStartedAgain_CountsAgain()
    {
        var tracker = new LaunchTracker();
        tracker.Report(Unit(1), Machine(1), running: true);
        tracker.Report(Unit(1), Machine(1), running: false);

        tracker.Report(Unit(1), Machine(1), running: true);

        Assert.Equal(1, tracker.RunningUnits);
    }

    [Fact]
    public void CountNotRunning_UnitsNeverReported_CountAsNotRunning()
    {
        var tracker = new LaunchTracker();
        tracker.Report(Unit(1), Machine(1), running: true);

        Assert.Equal(2, tracker.CountNotRunning([Unit(1), Unit(2), Unit(3)]));
    }

    [Fact]
    public void MarkLost_UnitsOnlyOnLostMachines_AreReturnedAndNoLongerRunning()
    {
        var tracker = new LaunchTracker();
        tracker.Report(Unit(1), Machine(1), running: true);
        tracker.Report(Unit(2), Machine(2), running: true);
        tracker.Report(Unit(3), Machine(1), running: true);
        tracker.Report(Unit(3), Machine(2), running: true);

        var affected = tracker.MarkLost([Machine(1)]);

        Assert.Equal([Unit(1)], affected);
        Assert.Equal((2, 0, 1), (tracker.RunningUnits, tracker.RunningOn(Unit(1)), tracker.RunningOn(Unit(3))));
    }

    [Fact]
    public void MarkLost_LaterReportsFromLostMachines_AreIgnored()
    {
        var tracker = new LaunchTracker();
        tracker.Report(Unit(1), Machine(1), running: true);
        tracker.MarkLost([Machine(1)]);

        tracker.Report(Unit(2), Machine(1), running: true);
        tracker.Report(Unit(1), Machine(1), running: true);

        Assert.Equal(0, tracker.RunningUnits);
        tracker.Report(Unit(1), Machine(2), running: true);
        Assert.Equal(1, tracker.RunningUnits);
    }

    [Fact]
    public void MarkLost_UnitsStoppedThereOrMachinesRunningNothing_AreNotReturned()
    {
        var tracker = new LaunchTracker();
        tracker.Report(Unit(1), Machine(1), running: true);
        tracker.Report(Unit(2), Machine(1), running: true);
        tracker.Report(Unit(2), Machine(1), running: false);

        Assert.Equal([Unit(1)], tracker.MarkLost([Machine(1)]));
        Assert.Empty(tracker.MarkLost([Machine(7)]));
    }

    [Fact]
    public async Task WhenAsync_ConditionAlreadyTrue_CompletesAtOnce()
    {
        var tracker = new LaunchTracker();
        tracker.Report(Unit(1), Machine(1), running: true);

        Assert.True(tracker.WhenAsync(Unit(1), count => count >= 1).IsCompletedSuccessfully);
        Assert.True(tracker.WhenAsync(Unit(2), count => count == 0).IsCompletedSuccessfully);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task WhenAsync_CompletesWhenTheCountReachesTheCondition_WithTheTimeOfThatReport()
    {
        var tracker = new LaunchTracker();
        var onTwo = tracker.WhenAsync(Unit(1), count => count >= 2);
        var before = System.Diagnostics.Stopwatch.GetTimestamp();

        tracker.Report(Unit(1), Machine(1), running: true);
        Assert.False(onTwo.IsCompleted);
        tracker.Report(Unit(1), Machine(2), running: true);
        var after = System.Diagnostics.Stopwatch.GetTimestamp();

        var at = await onTwo.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        Assert.InRange(at, before, after);
    }

    [Fact]
    public async Task WhenAsync_StoppedUnit_CompletesOnceNoMachineRunsIt()
    {
        var tracker = new LaunchTracker();
        tracker.Report(Unit(1), Machine(1), running: true);
        tracker.Report(Unit(1), Machine(2), running: true);
        var stopped = tracker.WhenAsync(Unit(1), count => count == 0);

        tracker.Report(Unit(1), Machine(1), running: false);
        Assert.False(stopped.IsCompleted);
        tracker.Report(Unit(1), Machine(2), running: false);

        await stopped.WaitAsync(Deadline, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task WhenAsync_ReportsOfOtherUnits_DoNotComplete()
    {
        var tracker = new LaunchTracker();
        var waiting = tracker.WhenAsync(Unit(1), count => count >= 1);

        tracker.Report(Unit(2), Machine(1), running: true);
        tracker.Report(Unit(11), Machine(1), running: true);

        Assert.False(waiting.IsCompleted);
        tracker.Report(Unit(1), Machine(3), running: true);
        await waiting.WaitAsync(Deadline, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task WhenAsync_MachineOfTheUnitLost_CompletesAWaiterForZero()
    {
        var tracker = new LaunchTracker();
        tracker.Report(Unit(1), Machine(1), running: true);
        var gone = tracker.WhenAsync(Unit(1), count => count == 0);

        tracker.MarkLost([Machine(1)]);

        await gone.WaitAsync(Deadline, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task WhenAsync_SeveralWaitersOnOneUnit_EachCompletesOnItsOwnCondition()
    {
        var tracker = new LaunchTracker();
        var one = tracker.WhenAsync(Unit(1), count => count >= 1);
        var three = tracker.WhenAsync(Unit(1), count => count >= 3);

        tracker.Report(Unit(1), Machine(1), running: true);
        await one.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        Assert.False(three.IsCompleted);

        tracker.Report(Unit(1), Machine(2), running: true);
        tracker.Report(Unit(1), Machine(3), running: true);
        await three.WaitAsync(Deadline, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Report_FromManyThreadsWithDuplicates_CountsEveryUnitExactlyOnce()
    {
        const int units = 2000;
        const int threads = 8;
        var tracker = new LaunchTracker();
        var waiters = Enumerable.Range(0, units).Select(i => tracker.WhenAsync(Unit(i), count => count >= 1)).ToArray();
        using var start = new Barrier(threads);

        // Every thread reports every unit (on machine i % 5): each report after the first is a duplicate;
        // half the threads also report a second machine and take it away again.
        await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(
            () =>
            {
                start.SignalAndWait(TestContext.Current.CancellationToken);
                for (var k = 0; k < units; k++)
                {
                    var i = (k + (t * 997)) % units;
                    tracker.Report(Unit(i), Machine(i % 5), running: true);
                    if (t % 2 == 0)
                    {
                        tracker.Report(Unit(i), Machine(5 + t), running: true);
                        tracker.Report(Unit(i), Machine(5 + t), running: false);
                    }
                }
            },
            TestContext.Current.CancellationToken)));

        Assert.Equal(units, tracker.RunningUnits);
        Assert.All(Enumerable.Range(0, units), i => Assert.Equal(1, tracker.RunningOn(Unit(i))));
        await Task.WhenAll(waiters).WaitAsync(Deadline, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Report_ConcurrentStartsAndStops_EndCountMatchesTheLastReportOfEachUnit()
    {
        const int units = 1000;
        var tracker = new LaunchTracker();

        // Each unit is owned by one thread (reports of one machine arrive in order), threads interleave freely.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(
            () =>
            {
                for (var i = t; i < units; i += 4)
                {
                    tracker.Report(Unit(i), Machine(t), running: true);
                    tracker.Report(Unit(i), Machine(t), running: i % 3 != 0);
                }
            },
            TestContext.Current.CancellationToken)));

        var expected = Enumerable.Range(0, units).Count(i => i % 3 != 0);
        Assert.Equal(expected, tracker.RunningUnits);
        Assert.Equal(units - expected, tracker.CountNotRunning(Enumerable.Range(0, units).Select(Unit)));
    }
}
