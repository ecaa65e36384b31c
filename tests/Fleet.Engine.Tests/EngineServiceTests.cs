using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Engine.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Fleet.Engine.Tests;

[Trait("Category", "Unit")]
public sealed class EngineServiceTests
{
    private static readonly MachineId M1 = MachineId.Parse("m1");
    private static readonly MachineId M3 = MachineId.Parse("m3");

    [Fact]
    public async Task Execute_SixUnitsThreeMachines_SpreadsThemLeastLoaded()
    {
        await using var h = new EngineHarness();
        await h.JoinAsync("m1");
        await h.JoinAsync("m2");
        await h.JoinAsync("m3");
        var engine = await h.StartEngineAsync("m1");

        var files = new Dictionary<string, UnitFile>();
        for (var i = 1; i <= 6; i++)
        {
            files[$"u{i}.service"] = await h.SubmitAsync($"u{i}.service", TargetState.Launched);
        }

        var entries = await h.WaitForScheduleAsync(e => e.Count == 6, "6 placements");
        Assert.All(entries.GroupBy(e => e.Machine), g => Assert.Equal(2, g.Count()));
        Assert.Equal(3, entries.Select(e => e.Machine).Distinct().Count());
        Assert.All(entries, e => Assert.Equal((files[e.Unit.Value].Hash, TargetState.Launched), (e.Hash, e.TargetState)));
        Assert.NotNull(engine.CurrentTerm);
        Assert.Equal(M1, await h.Registry.Leaders.GetLeaderAsync(EngineHarness.Ct));
        Assert.Contains(h.Logger.Entries, e => e.Level == LogLevel.Information && e.EventId.Id == 1002);
        Assert.Contains(h.Logger.Entries, e => e.Level == LogLevel.Information && e.Message.StartsWith("Scheduled unit u1.service to machine", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Execute_UnitsSubmittedBeforeElection_ArePlacedByTheFirstPlan()
    {
        await using var h = new EngineHarness();
        await h.JoinAsync("m1");
        await h.JoinAsync("m2");
        await h.SubmitAsync("a.service", TargetState.Launched);
        await h.SubmitAsync("b.service", TargetState.Loaded);

        await h.StartEngineAsync("m1");

        var entries = await h.WaitForScheduleAsync(e => e.Count == 2, "both units placed");
        Assert.NotEqual(entries[0].Machine, entries[1].Machine);
        Assert.Single(h.Schedule.Calls); // one batched transaction for the whole initial plan
    }

    [Fact]
    public async Task Execute_MachineSessionExpires_MovesItsUnitsToTheOthers()
    {
        await using var h = new EngineHarness();
        await h.JoinAsync("m1");
        await h.JoinAsync("m2");
        await h.JoinAsync("m3");
        await h.StartEngineAsync("m1");
        for (var i = 1; i <= 6; i++)
        {
            await h.SubmitAsync($"u{i}.service", TargetState.Launched);
        }

        var before = await h.WaitForScheduleAsync(e => e.Count == 6, "6 placements");
        var moved = before.Where(e => e.Machine == M3).Select(e => e.Unit).ToHashSet();
        Assert.Equal(2, moved.Count);

        h.Expire("m3");

        var after = await h.WaitForScheduleAsync(e => e.Count == 6 && e.All(x => x.Machine != M3), "m3's units moved");
        Assert.All(after.GroupBy(e => e.Machine), g => Assert.Equal(3, g.Count()));
        Assert.Equal(
            before.Where(e => e.Machine != M3).OrderBy(e => e.Unit).ToList(),
            after.Where(e => !moved.Contains(e.Unit)).OrderBy(e => e.Unit).ToList());
        Assert.Contains(h.Logger.Entries, e => e.Message == "Machine m3 left the cluster");
        Assert.Contains(h.Logger.Entries, e => e.Message.Contains("target Machine(m3) went away", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Execute_TargetStateAndHashChange_RewriteTheEntryOnTheSameMachine()
    {
        await using var h = new EngineHarness();
        await h.JoinAsync("m1");
        await h.JoinAsync("m2");
        await h.StartEngineAsync("m1");
        await h.SubmitAsync("web.service", TargetState.Launched);
        var placed = Assert.Single(await h.WaitForScheduleAsync(e => e.Count == 1, "web placed"));

        Assert.True(await h.Registry.Units.TrySetTargetStateAsync(placed.Unit, TargetState.Loaded, EngineHarness.Ct));
        await h.WaitForScheduleAsync(e => e.Count == 1 && e[0] == placed with { TargetState = TargetState.Loaded }, "web loaded on the same machine");

        var v2 = await h.SubmitAsync("web.service", TargetState.Launched, version: 2);
        await h.WaitForScheduleAsync(e => e.Count == 1 && e[0] == placed with { Hash = v2.Hash }, "web launched at the new hash on the same machine");
    }

    [Fact]
    public async Task Execute_UnitDestroyed_UnschedulesIt()
    {
        await using var h = new EngineHarness();
        await h.JoinAsync("m1");
        await h.StartEngineAsync("m1");
        await h.SubmitAsync("web.service", TargetState.Launched);
        await h.WaitForScheduleAsync(e => e.Count == 1, "web placed");

        Assert.True(await h.Registry.Units.TryDeleteAsync(UnitName.Parse("web.service"), EngineHarness.Ct));

        await h.WaitForScheduleAsync(e => e.Count == 0, "web unscheduled");
    }

    [Fact]
    public async Task Execute_WriteRefused_StopsWritingWithTheOldFenceAndCampaignsAgain()
    {
        await using var h = new EngineHarness();
        await h.JoinAsync("m1");
        var election = new DeposableElection(h.Registry.Leaders);
        var engine = await h.StartEngineAsync("m1", election);
        await h.SubmitAsync("a.service", TargetState.Launched);
        await h.WaitForScheduleAsync(e => e.Count == 1, "a placed");
        var oldFence = Assert.Single(h.Schedule.Calls).Fence;

        await election.DeposeSilentlyAsync();
        await h.SubmitAsync("b.service", TargetState.Launched);

        await h.WaitForScheduleAsync(e => e.Count == 2, "b placed in a new term");
        var calls = h.Schedule.Calls;
        var refused = Assert.Single(calls, c => !c.Applied);
        Assert.Equal(oldFence, refused.Fence);
        Assert.All(calls.SkipWhile(c => c != refused).Skip(1), c => Assert.NotEqual(oldFence, c.Fence));
        Assert.Equal(2, election.Campaigns);
        Assert.Contains(h.Logger.Entries, e => e.EventId.Id == 1025 && e.Level == LogLevel.Warning);
        Assert.Contains(h.Logger.Entries, e => e.EventId.Id == 1003);
        Assert.NotEqual(oldFence, engine.CurrentTerm);
    }

    [Fact]
    public async Task Execute_LeaderStops_SecondEngineTakesOverAndKeepsScheduling()
    {
        await using var h = new EngineHarness();
        await h.JoinAsync("m1");
        await h.JoinAsync("m2");
        var first = await h.StartEngineAsync("m1");
        await Eventually.UntilAsync(() => first.CurrentTerm is not null, "m1 to lead");
        var second = await h.StartEngineAsync("m2");
        await h.SubmitAsync("a.service", TargetState.Launched);
        await h.WaitForScheduleAsync(e => e.Count == 1, "a placed by m1");
        Assert.Null(second.CurrentTerm);

        await first.StopAsync(EngineHarness.Ct);

        await Eventually.UntilAsync(() => second.CurrentTerm is not null, "m2 to take over");
        Assert.Equal(MachineId.Parse("m2"), await h.Registry.Leaders.GetLeaderAsync(EngineHarness.Ct));
        var callsBefore = h.Schedule.Calls.Count;
        await h.SubmitAsync("b.service", TargetState.Launched);
        var entries = await h.WaitForScheduleAsync(e => e.Count == 2, "b placed by m2");
        Assert.NotEqual(entries[0].Machine, entries[1].Machine);
        Assert.All(h.Schedule.Calls.Skip(callsBefore), c => Assert.Equal(second.CurrentTerm, c.Fence));
    }

    [Fact]
    public async Task Execute_NewLeaderFindsScheduleUpToDate_WritesNothingOnElection()
    {
        await using var h = new EngineHarness();
        await h.JoinAsync("m1");
        var first = await h.StartEngineAsync("m1");
        await h.SubmitAsync("a.service", TargetState.Launched);
        await h.WaitForScheduleAsync(e => e.Count == 1, "a placed");
        await first.StopAsync(EngineHarness.Ct);
        var callsBefore = h.Schedule.Calls.Count;

        var second = await h.StartEngineAsync("m1");
        await Eventually.UntilAsync(() => h.Logger.Entries.Count(e => e.EventId.Id == 1020) == 2, "the second term to load the cluster");

        Assert.NotNull(second.CurrentTerm);
        Assert.Equal(callsBefore, h.Schedule.Calls.Count);
    }

    [Fact]
    public async Task Execute_DisableEngine_NeverCampaigns()
    {
        await using var h = new EngineHarness();
        var election = new DeposableElection(h.Registry.Leaders);
        var engine = await h.StartEngineAsync("m1", election, o => o.DisableEngine = true);

        await engine.ExecuteTask!;

        Assert.Equal(0, election.Campaigns);
        Assert.Null(await h.Registry.Leaders.GetLeaderAsync(EngineHarness.Ct));
        Assert.Contains(h.Logger.Entries, e => e.Message == "Not starting engine; disable-engine is set");
    }

    [Fact]
    public async Task Execute_StoreFailsWhileLeading_ResignsBacksOffAndLeadsAgain()
    {
        await using var h = new EngineHarness();
        await h.JoinAsync("m1");
        await h.SubmitAsync("a.service", TargetState.Launched);
        var units = new FailingUnitStore(h.Registry.Units, failures: 2);
        var engine = h.CreateEngine("m1", units: units);
        await engine.StartAsync(EngineHarness.Ct);

        // The retries wait on the (fake) clock: move it until the third term has read the units.
        await Eventually.UntilAsync(
            () =>
            {
                h.Time.Advance(TimeSpan.FromMilliseconds(50));
                return units.Lists >= 3;
            },
            "a third term after two store failures");

        await h.WaitForScheduleAsync(e => e.Count == 1, "a placed once the store answers");
        Assert.Equal(2, h.Logger.Entries.Count(e => e.EventId.Id == 1005 && e.Level == LogLevel.Warning));
        Assert.NotNull(engine.CurrentTerm);
    }

    [Fact]
    public async Task Execute_DisableWatches_NeverWatchesAndPicksChangesUpOnTheReconcileInterval()
    {
        await using var h = new EngineHarness();
        await h.JoinAsync("m1");
        var units = new FailingUnitStore(h.Registry.Units, failures: 0);
        var interval = TimeSpan.FromSeconds(2);
        var engine = h.CreateEngine("m1", units: units, configure: o =>
        {
            o.DisableWatches = true;
            o.ReconcileInterval = interval;
        });
        await engine.StartAsync(EngineHarness.Ct);
        await Eventually.UntilAsync(() => h.Logger.Entries.Any(e => e.EventId.Id == 1020), "the term to load the cluster");

        await h.SubmitAsync("late.service", TargetState.Launched);
        await h.JoinAsync("m2");
        var listsBefore = units.Lists;
        Assert.Empty(await h.EntriesAsync());

        // Only the (fake) clock moves the poller: the unit is placed once an interval has passed.
        await Eventually.UntilAsync(
            async () =>
            {
                h.Time.Advance(interval);
                return (await h.EntriesAsync()).Count == 1;
            },
            "late.service placed by a poll");

        Assert.Equal(0, units.Watches);
        Assert.True(units.Lists > listsBefore, $"the units were re-read ({units.Lists} lists, {listsBefore} before)");
        Assert.Contains(h.Logger.Entries, e => e.EventId.Id == 1007 && e.Message.Contains("polling units and machines every 00:00:02", StringComparison.Ordinal));
        Assert.Contains(h.Logger.Entries, e => e.Message == "Machine m2 joined the cluster");
        Assert.NotNull(engine.CurrentTerm);
    }

    [Fact]
    public async Task Execute_DisableWatches_UnchangedPollsWriteNothing()
    {
        await using var h = new EngineHarness();
        await h.JoinAsync("m1");
        await h.SubmitAsync("a.service", TargetState.Launched);
        var units = new FailingUnitStore(h.Registry.Units, failures: 0);
        var interval = TimeSpan.FromSeconds(2);
        var engine = h.CreateEngine("m1", units: units, configure: o =>
        {
            o.DisableWatches = true;
            o.ReconcileInterval = interval;
        });
        await engine.StartAsync(EngineHarness.Ct);
        await h.WaitForScheduleAsync(e => e.Count == 1, "a placed by the first plan");
        var calls = h.Schedule.Calls.Count;

        var lists = units.Lists;
        await Eventually.UntilAsync(
            () =>
            {
                h.Time.Advance(interval);
                return units.Lists >= lists + 3;
            },
            "three more polls");

        Assert.Equal(calls, h.Schedule.Calls.Count);
    }

    [Fact]
    public async Task Execute_GateClosed_DoesNotCampaignUntilItOpens()
    {
        await using var h = new EngineHarness();
        await h.JoinAsync("m1");
        var election = new DeposableElection(h.Registry.Leaders);
        var gate = new ManualGate();
        var engine = h.CreateEngine("m1", election, gate: gate);
        await engine.StartAsync(EngineHarness.Ct);
        await Eventually.UntilAsync(() => gate.Waits == 1, "the engine to wait at the gate");
        await h.SubmitAsync("a.service", TargetState.Launched);

        Assert.Equal(0, election.Campaigns);
        Assert.Null(engine.CurrentTerm);
        Assert.Empty(await h.EntriesAsync());

        gate.Open();

        await h.WaitForScheduleAsync(e => e.Count == 1, "a placed once the gate opened");
        Assert.Equal(1, election.Campaigns);
    }
}
