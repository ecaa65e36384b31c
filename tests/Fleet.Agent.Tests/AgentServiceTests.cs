using Fleet.Agent.Reconciliation;
using Fleet.Agent.Tests.Support;
using Fleet.Core.Units;
using Fleet.Registry;
using Fleet.Testing.Agent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Agent.Tests;

[Trait("Category", "Unit")]
public sealed class AgentServiceTests
{
    private static readonly UnitName Hello = UnitName.Parse("hello.service");
    private static readonly UnitName Other = UnitName.Parse("other.service");

    [Fact]
    public async Task Execute_ScheduledLaunched_LoadsStartsAndPublishesTheStateOnce()
    {
        await using var h = new AgentHarness();
        await h.StartAgentAsync();

        var file = await h.ScheduleAsync("hello.service", TargetState.Launched);

        await h.WaitForStateAsync("hello.service", s => s.Reached == TargetState.Launched, "launched");
        Assert.True(h.Manager.IsRunning(Hello));
        Assert.Equal(
            [new(FakeUnitOperationKind.Load, Hello), new(FakeUnitOperationKind.Reload, null), new(FakeUnitOperationKind.Start, Hello)],
            h.Manager.Operations);
        var state = await h.PublishedStateAsync("hello.service");
        Assert.Equal(new UnitStateRecord(Hello, AgentHarness.Machine, file.Hash, FakeUnitManager.Running, TargetState.Launched), state);

        // A state notification that changes nothing, then an unrelated unit: once that one is published,
        // every earlier signal has been handled, and hello's state was still written only once.
        h.Manager.SetState(Hello, FakeUnitManager.Running);
        await h.ScheduleAsync("other.service", TargetState.Loaded);
        await h.WaitForStateAsync("other.service", s => s.Reached == TargetState.Loaded, "loaded");
        Assert.Single(h.States.Published, s => s.Unit == Hello);
        Assert.Contains(h.Logger.Entries, e => e.Level == LogLevel.Information
            && e.Message.Contains("type=StartUnit unit=hello.service", StringComparison.Ordinal)
            && e.Message.Contains(AgentTaskReasons.LoadedDesiredStateLaunched, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Execute_TargetStateBecomesLoaded_StopsTheUnit()
    {
        await using var h = new AgentHarness();
        await h.StartAgentAsync();
        await h.ScheduleAsync("hello.service", TargetState.Launched);
        await h.WaitForStateAsync("hello.service", s => s.Reached == TargetState.Launched, "launched");

        await h.ScheduleAsync("hello.service", TargetState.Loaded);

        await h.WaitForStateAsync("hello.service", s => s.Reached == TargetState.Loaded && s.State == FakeUnitManager.LoadedInactive, "stopped");
        Assert.False(h.Manager.IsRunning(Hello));
        Assert.Equal(FakeUnitOperationKind.Stop, h.Manager.Operations[^1].Kind);
    }

    [Fact]
    public async Task Execute_Unscheduled_UnloadsTheUnitAndRemovesItsState()
    {
        await using var h = new AgentHarness();
        await h.StartAgentAsync();
        await h.ScheduleAsync("hello.service", TargetState.Launched);
        await h.WaitForStateAsync("hello.service", s => s.Reached == TargetState.Launched, "launched");

        await h.UnscheduleAsync("hello.service");

        await Eventually.UntilAsync(async () => await h.PublishedStateAsync("hello.service") is null, "hello's state to be removed");
        Assert.Empty(h.Manager.Files);
        Assert.Equal([FakeUnitOperationKind.Unload, FakeUnitOperationKind.Reload], h.Manager.Operations.TakeLast(2).Select(o => o.Kind));
    }

    [Fact]
    public async Task Execute_NewHash_UnloadsAndLoadsTheNewFileAndRestarts()
    {
        await using var h = new AgentHarness();
        await h.StartAgentAsync();
        await h.ScheduleAsync("hello.service", TargetState.Launched);
        await h.WaitForStateAsync("hello.service", s => s.Reached == TargetState.Launched, "launched");

        var v2 = await h.ScheduleAsync("hello.service", TargetState.Launched, version: 2);

        await h.WaitForStateAsync("hello.service", s => s.Hash == v2.Hash && s.Reached == TargetState.Launched, "the new hash, launched");
        Assert.Equal(v2.Hash, h.Manager.Files[Hello].Hash);
        Assert.True(h.Manager.IsRunning(Hello));
    }

    [Fact]
    public async Task Execute_StoreUnavailable_LeavesUnitsUntouched_ThenReconcilesWhenItReturns()
    {
        await using var h = new AgentHarness();
        await h.StartAgentAsync();
        await h.ScheduleAsync("hello.service", TargetState.Launched);
        await h.WaitForStateAsync("hello.service", s => s.Reached == TargetState.Launched, "launched");
        var operationsBefore = h.Manager.Operations.Count;
        var from = h.Logger.Entries.Count;

        h.Outage.Begin();
        await h.UnscheduleAsync("hello.service"); // the agent's watch breaks on this event
        await Eventually.UntilAsync(() => h.Outage.Refused >= 3, "the agent to retry against the unavailable store");

        Assert.True(h.Manager.IsRunning(Hello));
        Assert.Equal(operationsBefore, h.Manager.Operations.Count);
        Assert.Contains(h.Logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Store unavailable", StringComparison.Ordinal));

        h.Outage.End();
        await h.Manager.WaitUntilAsync(m => m.Files.Count == 0, Eventually.DefaultTimeout, "hello to be unloaded once the store is back", AgentHarness.Ct);
        Assert.Contains((1, "all"), h.Passes(from)); // the re-read schedule is reconciled in full
    }

    [Fact]
    public async Task Execute_AgentRestarted_ReadoptsRunningUnitsWithoutReloadOrRestart()
    {
        await using var h = new AgentHarness();
        var first = await h.StartAgentAsync();
        await h.ScheduleAsync("hello.service", TargetState.Launched);
        await h.ScheduleAsync("other.service", TargetState.Loaded);
        await h.WaitForStateAsync("hello.service", s => s.Reached == TargetState.Launched, "launched");
        await h.WaitForStateAsync("other.service", s => s.Reached == TargetState.Loaded, "loaded");
        await first.DetachAsync(AgentHarness.Ct);
        Assert.True(h.Manager.IsRunning(Hello));
        var operationsBefore = h.Manager.Operations.Count;

        await h.StartAgentAsync();

        await h.WaitForStateAsync("hello.service", s => s.Reached == TargetState.Launched, "launched again, published by the new agent");
        await h.WaitForStateAsync("other.service", s => s.Reached == TargetState.Loaded, "loaded again");
        Assert.Equal(operationsBefore, h.Manager.Operations.Count);
        Assert.True(h.Manager.IsRunning(Hello));
    }

    [Fact]
    public async Task Execute_DuplicateMachineId_LogsAClearErrorAndRetriesUntilTheIdIsFree()
    {
        await using var h = new AgentHarness();
        var squatter = await h.Registry.Machines.TryRegisterAsync(new Fleet.Core.Machines.MachineState { Id = AgentHarness.Machine }, TimeSpan.FromMinutes(1), AgentHarness.Ct);
        Assert.NotNull(squatter);
        var agent = await h.StartAgentAsync();

        await Eventually.UntilAsync(() => h.Machines.Registrations >= 3, "the agent to retry its registration");
        Assert.False(agent.IsRegistered);
        var error = h.Logger.Entries.First(e => e.Level == LogLevel.Error && e.EventId.Id == 2044);
        Assert.Contains("machine-1", error.Message, StringComparison.Ordinal);
        Assert.Contains("same machine ID", error.Message, StringComparison.Ordinal);

        await squatter.DisposeAsync();
        await Eventually.UntilAsync(() => agent.IsRegistered, "the agent to register once the ID is free");
    }

    [Fact]
    public async Task PurgeAsync_StopsAndUnloadsUnits_RemovesStatesAndPresence()
    {
        await using var h = new AgentHarness();
        var agent = await h.StartAgentAsync();
        await h.ScheduleAsync("hello.service", TargetState.Launched);
        await h.WaitForStateAsync("hello.service", s => s.Reached == TargetState.Launched, "launched");

        await agent.PurgeAsync(AgentHarness.Ct);

        Assert.Empty(h.Manager.Files);
        Assert.Null(await h.PublishedStateAsync("hello.service"));
        Assert.False(await h.IsPresentAsync());
    }

    [Fact]
    public async Task StopAsync_PurgeOnStopFalse_DetachesLeavingUnitsRunning()
    {
        await using var h = new AgentHarness();
        var agent = await h.StartAgentAsync(o => o.PurgeOnStop = false);
        await h.ScheduleAsync("hello.service", TargetState.Launched);
        await h.WaitForStateAsync("hello.service", s => s.Reached == TargetState.Launched, "launched");

        await agent.StopAsync(AgentHarness.Ct);

        Assert.True(h.Manager.IsRunning(Hello));
        Assert.False(await h.IsPresentAsync());
    }

    [Fact]
    public async Task Execute_TaskFails_RetriesWithBackoffUntilItSucceeds()
    {
        await using var h = new AgentHarness();
        h.Manager.FailWhen(op => op.Kind == FakeUnitOperationKind.Start);
        await h.StartAgentAsync();
        await h.ScheduleAsync("hello.service", TargetState.Launched);
        await h.Manager.WaitUntilAsync(m => m.Operations.Count(o => o.Kind == FakeUnitOperationKind.Start) >= 2, Eventually.DefaultTimeout, "two start attempts", AgentHarness.Ct);

        h.Manager.FailWhen(null);

        await h.WaitForStateAsync("hello.service", s => s.Reached == TargetState.Launched, "launched after the retry");
        Assert.Contains(h.Logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("type=StartUnit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Execute_TwoUnitsSameBody_ReadTheBodyOnce()
    {
        await using var h = new AgentHarness();
        await h.StartAgentAsync();
        var shared = AgentHarness.File("shared");

        await h.ScheduleAsync("hello.service", TargetState.Loaded, shared);
        await h.ScheduleAsync("other.service", TargetState.Loaded, shared);

        await h.WaitForStateAsync("hello.service", s => s.Reached == TargetState.Loaded, "loaded");
        await h.WaitForStateAsync("other.service", s => s.Reached == TargetState.Loaded, "loaded");
        Assert.Equal(shared.Hash, h.Manager.Files[Other].Hash);
        Assert.Equal(1, h.Units.FileReads);
    }

    [Fact]
    public async Task Execute_DisableWatches_PollsTheScheduleOnItsInterval()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var h = new AgentHarness(time);
        var agent = await h.StartAgentAsync(o => { o.DisableWatches = true; o.PollInterval = TimeSpan.FromSeconds(5); });
        await Eventually.UntilAsync(() => agent.IsRegistered && h.Schedule.MachineLists == 1, "the first schedule read");

        await h.ScheduleAsync("hello.service", TargetState.Launched);

        // Nothing but the clock can wake a polling agent: advance it until the unit has been started.
        await Eventually.UntilAsync(
            async () =>
            {
                time.Advance(TimeSpan.FromSeconds(1));
                return await h.PublishedStateAsync("hello.service") is { Reached: TargetState.Launched };
            },
            "the polled schedule to launch hello");
        Assert.True(h.Manager.IsRunning(Hello));
        Assert.Equal(0, h.Schedule.Watches);
        Assert.True(h.Schedule.MachineLists >= 2);
    }

    [Fact]
    public async Task Execute_PresenceExpires_RegistersAgainAndRepublishesWithoutTouchingUnits()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var h = new AgentHarness(time);
        var agent = await h.StartAgentAsync();
        await h.ScheduleAsync("hello.service", TargetState.Launched);
        await h.WaitForStateAsync("hello.service", s => s.Reached == TargetState.Launched, "launched");
        var operationsBefore = h.Manager.Operations.Count;
        var first = h.Machines.LastSession!;

        // Stop the keep-alives as a hung machine would, then let the lease run out on the registry's clock.
        first.GetType().GetMethod("StopKeepAlive", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.Invoke(first, null);
        time.Advance(new Fleet.Agent.Configuration.AgentOptions().AgentTtl + TimeSpan.FromSeconds(1));
        Assert.True(first.Lost.IsCancellationRequested);

        await Eventually.UntilAsync(() => h.Machines.LastSession != first && agent.IsRegistered, "the agent to register a new session");
        await h.WaitForStateAsync("hello.service", s => s.Reached == TargetState.Launched, "republished under the new session");
        Assert.Equal(operationsBefore, h.Manager.Operations.Count);
        Assert.True(h.Manager.IsRunning(Hello));
        Assert.Contains(h.Logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Presence of machine machine-1 was lost", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnnounceAsync_LocalStateChanged_StoreShowsTheNewIpAndMetadataUnderTheSameSession()
    {
        await using var h = new AgentHarness();
        var agent = await h.StartAgentAsync();
        await Eventually.UntilAsync(() => agent.IsRegistered, "the agent to register");
        var registrations = h.Machines.Registrations;

        h.Local.Current = h.Local.Current with
        {
            PublicIp = "127.0.0.9",
            Metadata = System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("role", "web")]),
        };
        Assert.True(await agent.AnnounceAsync(AgentHarness.Ct));

        var machine = Assert.Single((await h.Registry.Machines.ListAsync(AgentHarness.Ct)).Items);
        Assert.Equal("127.0.0.9", machine.PublicIp);
        Assert.Equal("web", machine.Metadata["role"]);
        Assert.Equal(registrations, h.Machines.Registrations);
        Assert.True(agent.IsRegistered);
        Assert.Contains(h.Logger.Entries, e => e.EventId.Id == 2058 && e.Message.Contains("127.0.0.9", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnnounceAsync_NotRegistered_ReturnsFalse()
    {
        await using var h = new AgentHarness();
        var agent = h.CreateAgent();

        Assert.False(await agent.AnnounceAsync(AgentHarness.Ct));
    }

    [Fact]
    public async Task Execute_DuplicateMachineIdThenFree_ObserverSeesUnavailableWithTheReasonThenAvailable()
    {
        await using var h = new AgentHarness();
        var squatter = await h.Registry.Machines.TryRegisterAsync(new Fleet.Core.Machines.MachineState { Id = AgentHarness.Machine }, TimeSpan.FromMinutes(1), AgentHarness.Ct);
        Assert.NotNull(squatter);
        var agent = await h.StartAgentAsync();
        await Eventually.UntilAsync(() => h.Machines.Registrations >= 3, "the agent to retry its registration");

        Assert.Equal(["unavailable: machine ID machine-1 is already present in the cluster (another fleetd uses it)"], h.Presence.Events);

        await squatter.DisposeAsync();
        await Eventually.UntilAsync(() => h.Presence.Events.Count == 2, "the agent to become available");
        Assert.Equal("available", h.Presence.Events[1]);
        Assert.True(agent.IsRegistered);
    }

    [Fact]
    public async Task Execute_StoreOutage_ObserverSeesUnavailableThenAvailableAgain()
    {
        await using var h = new AgentHarness();
        await h.StartAgentAsync();
        await h.ScheduleAsync("hello.service", TargetState.Launched);
        await h.WaitForStateAsync("hello.service", s => s.Reached == TargetState.Launched, "launched");
        Assert.Equal(["available"], h.Presence.Events);

        h.Outage.Begin();
        await h.UnscheduleAsync("hello.service"); // the agent's watch breaks on this event
        await Eventually.UntilAsync(() => h.Presence.Events.Count == 2, "the agent to report the outage");
        Assert.StartsWith("unavailable: the store is unavailable: test outage", h.Presence.Events[1], StringComparison.Ordinal);

        h.Outage.End();
        await Eventually.UntilAsync(() => h.Presence.Events.Count == 3, "the agent to report the store back");
        Assert.Equal("available", h.Presence.Events[2]);
    }

    [Fact]
    public async Task Execute_OneScheduleChangeAmongMany_ReconcilesOnlyThatUnit()
    {
        await using var h = new AgentHarness();
        await h.StartAgentAsync(manager: new ControlledUnitManager(h.Manager, forwardStateChanges: false));
        await ScheduleManyAsync(h, 40, TargetState.Launched);
        var (from, operations) = (h.Logger.Entries.Count, h.Manager.Operations.Count);

        await h.ScheduleAsync("new.service", TargetState.Launched);

        await h.WaitForStateAsync("new.service", s => s.Reached == TargetState.Launched, "launched");
        var newUnit = UnitName.Parse("new.service");
        Assert.Equal(
            [new(FakeUnitOperationKind.Load, newUnit), new(FakeUnitOperationKind.Reload, null), new(FakeUnitOperationKind.Start, newUnit)],
            h.Manager.Operations.Skip(operations));

        // A pass over the whole schedule would look at 41 units; each pass since looked at one at most.
        var passes = h.Passes(from);
        Assert.Contains((1, "changed"), passes);
        Assert.All(passes, p => Assert.True(p.Units <= 1 && p.Scope == "changed", $"a pass looked at {p.Units} unit(s) ({p.Scope})"));
    }

    [Fact]
    public async Task Execute_UnitRemovedAmongMany_UnloadsOnlyThatUnit()
    {
        await using var h = new AgentHarness();
        await h.StartAgentAsync(manager: new ControlledUnitManager(h.Manager, forwardStateChanges: false));
        await ScheduleManyAsync(h, 20, TargetState.Launched);
        var (from, operations) = (h.Logger.Entries.Count, h.Manager.Operations.Count);

        await h.UnscheduleAsync("unit-7.service");

        await Eventually.UntilAsync(async () => await h.PublishedStateAsync("unit-7.service") is null, "unit-7's state to be removed");
        var removed = UnitName.Parse("unit-7.service");
        Assert.Equal([new(FakeUnitOperationKind.Unload, removed), new(FakeUnitOperationKind.Reload, null)], h.Manager.Operations.Skip(operations));
        Assert.Equal(19, h.Manager.Files.Count);
        Assert.All(h.Passes(from), p => Assert.True(p.Units <= 1 && p.Scope == "changed", $"a pass looked at {p.Units} unit(s) ({p.Scope})"));
    }

    [Fact]
    public async Task Execute_OneUnitsStateChangesAmongMany_LooksOnlyAtThatUnitAndPublishesItsState()
    {
        await using var h = new AgentHarness();
        var manager = new ControlledUnitManager(h.Manager, forwardStateChanges: false);
        await h.StartAgentAsync(manager: manager);
        await ScheduleManyAsync(h, 30, TargetState.Launched);
        var (from, operations) = (h.Logger.Entries.Count, h.Manager.Operations.Count);
        var crashed = UnitName.Parse("unit-3.service");
        var failed = new UnitState("loaded", "failed", "failed");

        h.Manager.SetState(crashed, failed);
        manager.ReportStateChange(crashed);

        await h.WaitForStateAsync("unit-3.service", s => s.State == failed, "failed");
        Assert.Equal(operations, h.Manager.Operations.Count);
        Assert.Equal([(1, "changed")], h.Passes(from));
    }

    [Fact]
    public async Task Execute_StartUp_FullPassConvergesEveryLocalAndScheduledUnit()
    {
        await using var h = new AgentHarness();
        var stray = UnitName.Parse("stray.service");
        var kept = UnitName.Parse("kept.service");
        var added = UnitName.Parse("added.service");
        h.Manager.Preload(stray, AgentHarness.File("stray"), running: true);
        h.Manager.Preload(kept, AgentHarness.File("kept.service"), running: false);
        await h.ScheduleAsync("kept.service", TargetState.Launched);
        await h.ScheduleAsync("added.service", TargetState.Loaded);

        await h.StartAgentAsync();

        await h.WaitForStateAsync("kept.service", s => s.Reached == TargetState.Launched, "launched");
        await h.WaitForStateAsync("added.service", s => s.Reached == TargetState.Loaded, "loaded");
        await h.Manager.WaitUntilAsync(m => !m.Files.ContainsKey(stray), Eventually.DefaultTimeout, "the stray unit to be unloaded", AgentHarness.Ct);
        Assert.Equal(
            [new(FakeUnitOperationKind.Unload, stray), new(FakeUnitOperationKind.Load, added), new(FakeUnitOperationKind.Reload, null), new(FakeUnitOperationKind.Start, kept)],
            h.Manager.Operations);
        Assert.Equal((3, "all"), h.Passes()[0]);
    }

    [Fact]
    public async Task Execute_ScheduleChangeArrivesDuringAPass_IsReconciledByTheNextPass()
    {
        await using var h = new AgentHarness();
        var gated = new ControlledUnitManager(h.Manager);
        gated.HoldStartOf(Hello);
        await h.StartAgentAsync(manager: gated);
        await h.ScheduleAsync("hello.service", TargetState.Launched);
        await gated.Entered.WaitAsync(Eventually.DefaultTimeout, AgentHarness.Ct);

        // The pass is held inside hello's start: the agent takes other's change in before it ends.
        var consumed = h.Schedule.EventsConsumed;
        await h.ScheduleAsync("other.service", TargetState.Loaded);
        await Eventually.UntilAsync(() => h.Schedule.EventsConsumed > consumed, "the agent to take in other's schedule change");
        Assert.False(h.Manager.Files.ContainsKey(Other));
        gated.Release();

        await h.WaitForStateAsync("hello.service", s => s.Reached == TargetState.Launched, "launched");
        await h.WaitForStateAsync("other.service", s => s.Reached == TargetState.Loaded, "loaded by the next pass");
        Assert.Equal(AgentHarness.File("other.service").Hash, h.Manager.Files[Other].Hash);
    }

    private static async Task ScheduleManyAsync(AgentHarness h, int count, TargetState state)
    {
        for (var i = 0; i < count; i++)
        {
            await h.ScheduleAsync($"unit-{i}.service", state);
        }

        for (var i = 0; i < count; i++)
        {
            await h.WaitForStateAsync($"unit-{i}.service", s => s.Reached == state, state.ToString());
        }
    }
}
