using Fleet.Cli.Hosting;
using Fleet.Cli.Waiting;

namespace Fleet.Cli.Tests;

/// <summary>The attempt rhythm (polls every 250 ms, 8 per 2 s attempt) on a fake clock.</summary>
[Trait("Category", "Unit")]
public sealed class UnitWaiterTests
{
    [Fact]
    public async Task WaitAsync_OneAttemptNeverArrives_TimesOutAfterTwoSecondsOfPolls()
    {
        var clock = new SteppedClock();
        var probe = new ScriptedProbe(arriveAtPoll: int.MaxValue);
        var (context, _) = Context(clock);

        var errors = await clock.RunAsync(() => new UnitWaiter(context).WaitAsync(["a.service"], probe, 1, TestContext.Current.CancellationToken));

        Assert.Equal(["timed out waiting for unit a.service to report state launched"], errors);
        Assert.Equal(9, probe.Polls);
        Assert.Equal(TimeSpan.FromSeconds(2), clock.Elapsed);
    }

    [Fact]
    public async Task WaitAsync_TwoAttemptsArrivesInSecond_PrintsLine()
    {
        var clock = new SteppedClock();
        var probe = new ScriptedProbe(arriveAtPoll: 12);
        var (context, output) = Context(clock);

        var errors = await clock.RunAsync(() => new UnitWaiter(context).WaitAsync(["a.service"], probe, 2, TestContext.Current.CancellationToken));

        Assert.Empty(errors);
        Assert.Equal("Unit a.service launched\n", output.ToString());
        Assert.Equal(TimeSpan.FromMilliseconds(250 * 11), clock.Elapsed);
    }

    [Fact]
    public async Task WaitAsync_NoLimit_KeepsPollingPastManyAttempts()
    {
        var clock = new SteppedClock();
        var probe = new ScriptedProbe(arriveAtPoll: 100);
        var (context, _) = Context(clock);

        var errors = await clock.RunAsync(() => new UnitWaiter(context).WaitAsync(["a.service"], probe, 0, TestContext.Current.CancellationToken));

        Assert.Empty(errors);
        Assert.Equal(100, probe.Polls);
        Assert.Equal(TimeSpan.FromMilliseconds(250 * 99), clock.Elapsed);
    }

    [Fact]
    public async Task WaitAsync_AlreadyThere_DoesNotWait()
    {
        var clock = new SteppedClock();
        var (context, _) = Context(clock);

        var errors = await new UnitWaiter(context).WaitAsync(["a.service"], new ScriptedProbe(arriveAtPoll: 1), 1, TestContext.Current.CancellationToken);

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.Zero, clock.Elapsed);
    }

    [Theory]
    [InlineData(true, 3, true)]
    [InlineData(false, 3, false)]
    [InlineData(true, 2, false)]
    public async Task WaitAsync_ManyUnitsOnTerminal_ShowsProgressLineOnlyThen(bool terminal, int units, bool expected)
    {
        var clock = new SteppedClock();
        var (context, output) = Context(clock, terminal);
        var names = Enumerable.Range(0, units).Select(i => $"u{i}.service").ToList();

        await clock.RunAsync(() => new UnitWaiter(context).WaitAsync(names, new ScriptedProbe(arriveAtPoll: 3), 0, TestContext.Current.CancellationToken));

        Assert.Equal(expected, output.ToString().Contains("Waiting for units to be launched: 0/" + units + " done", StringComparison.Ordinal));
        Assert.EndsWith($"Unit u{units - 1}.service launched\n", output.ToString());
    }

    private static (CliContext Context, StringWriter Output) Context(SteppedClock clock, bool terminal = false)
    {
        var output = new StringWriter();
        var console = new CliConsole { Out = output, Error = new StringWriter(), Time = clock, IsOutputTerminal = terminal };
        return (new CliContext(console, new GlobalOptions()), output);
    }

    /// <summary>Arrives (every pending unit) at the given 1-based poll.</summary>
    private sealed class ScriptedProbe(int arriveAtPoll) : IUnitProbe
    {
        public int Polls { get; private set; }

        public string Goal => "launched";

        public string TimeoutMessage(string unit) => $"timed out waiting for unit {unit} to report state launched";

        public Task<IReadOnlyDictionary<string, string>> ProbeAsync(IReadOnlyList<string> pending, CancellationToken cancellationToken)
        {
            Polls++;
            IReadOnlyDictionary<string, string> arrived = Polls >= arriveAtPoll
                ? pending.ToDictionary(u => u, u => $"Unit {u} launched")
                : new Dictionary<string, string>();
            return Task.FromResult(arrived);
        }
    }
}
