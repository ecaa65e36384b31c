using Fleet.Agent.UnitManagement;
using Fleet.Core.Units;
using Fleet.Testing.Agent;

namespace Fleet.Agent.Tests.Testing;

[Trait("Category", "Unit")]
public sealed class FakeUnitManagerTests
{
    private static readonly UnitName Hello = UnitName.Parse("hello.service");
    private static readonly UnitFile HelloFile = UnitFile.Parse("[Service]\nExecStart=/bin/true\n").File!;
    private static readonly UnitFile OtherFile = UnitFile.Parse("[Service]\nExecStart=/bin/false\n").File!;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task LoadAsync_NewUnit_IsLoadedInactiveAndListedWithItsHash()
    {
        var manager = new FakeUnitManager();

        await manager.LoadAsync(Hello, HelloFile, _ct);

        Assert.Equal(FakeUnitManager.LoadedInactive, manager.StateOf(Hello));
        Assert.Equal(HelloFile.Hash, (await manager.ListLoadedAsync(_ct))[Hello]);
        Assert.Equal([new FakeUnitOperation(FakeUnitOperationKind.Load, Hello)], manager.Operations);
    }

    [Fact]
    public async Task StartAsync_LoadedUnit_Runs_AndStopStopsIt()
    {
        var manager = new FakeUnitManager();
        await manager.LoadAsync(Hello, HelloFile, _ct);

        await manager.StartAsync(Hello, _ct);
        Assert.True(manager.IsRunning(Hello));

        await manager.StopAsync(Hello, _ct);
        Assert.Equal(FakeUnitManager.LoadedInactive, manager.StateOf(Hello));
    }

    [Fact]
    public async Task StartAsync_UnknownUnit_ThrowsUnitManagerExceptionNamingTheUnit()
    {
        var manager = new FakeUnitManager();

        var ex = await Assert.ThrowsAsync<UnitManagerException>(async () => await manager.StartAsync(Hello, _ct));

        Assert.Contains("hello.service", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnloadAsync_RunningUnit_StopsAndForgetsIt_AndIsIdempotent()
    {
        var manager = new FakeUnitManager();
        manager.Preload(Hello, HelloFile, running: true);

        await manager.UnloadAsync(Hello, _ct);
        await manager.UnloadAsync(Hello, _ct);

        Assert.Equal(FakeUnitManager.NotFound, manager.StateOf(Hello));
        Assert.Empty(await manager.ListLoadedAsync(_ct));
    }

    [Fact]
    public async Task LoadAsync_RunningUnitNewFile_KeepsRunningWithTheNewHash()
    {
        var manager = new FakeUnitManager();
        manager.Preload(Hello, HelloFile, running: true);

        await manager.LoadAsync(Hello, OtherFile, _ct);

        Assert.True(manager.IsRunning(Hello));
        Assert.Equal(OtherFile.Hash, (await manager.ListLoadedAsync(_ct))[Hello]);
    }

    [Fact]
    public async Task GetStatesAsync_UnknownUnit_ReportsNotFound()
    {
        var manager = new FakeUnitManager();
        manager.Preload(Hello, HelloFile, running: true);
        var ghost = UnitName.Parse("ghost.service");

        var states = await manager.GetStatesAsync([Hello, ghost], _ct);

        Assert.Equal(FakeUnitManager.Running, states[Hello]);
        Assert.Equal(FakeUnitManager.NotFound, states[ghost]);
    }

    [Fact]
    public async Task FailWhen_MatchingOperation_ThrowsAndRecordsIt_OthersSucceed()
    {
        var manager = new FakeUnitManager();
        manager.FailWhen(op => op.Kind == FakeUnitOperationKind.Start);
        await manager.LoadAsync(Hello, HelloFile, _ct);

        await Assert.ThrowsAsync<UnitManagerException>(async () => await manager.StartAsync(Hello, _ct));
        Assert.False(manager.IsRunning(Hello));
        manager.FailWhen(null);
        await manager.StartAsync(Hello, _ct);

        Assert.True(manager.IsRunning(Hello));
        Assert.Equal(3, manager.Operations.Count);
    }

    [Fact]
    public async Task WatchStateChangesAsync_StartAndSetState_YieldTheUnit()
    {
        var manager = new FakeUnitManager();
        manager.Preload(Hello, HelloFile, running: false);
        await using var changes = manager.WatchStateChangesAsync(_ct).GetAsyncEnumerator(_ct);
        var first = changes.MoveNextAsync();
        await manager.WaitUntilAsync(m => m.Subscribers == 1, TimeSpan.FromSeconds(10), "the watch to subscribe", _ct);

        await manager.StartAsync(Hello, _ct);
        Assert.True(await first);
        Assert.Equal([Hello], changes.Current);

        manager.SetState(Hello, new UnitState("loaded", "failed", "failed"));
        Assert.True(await changes.MoveNextAsync());
        Assert.Equal([Hello], changes.Current);
        Assert.Equal("failed", manager.StateOf(Hello).ActiveState);
    }

    [Fact]
    public async Task WaitUntilAsync_ConditionNeverHolds_TimesOutNamingTheCondition()
    {
        var manager = new FakeUnitManager();

        var ex = await Assert.ThrowsAsync<TimeoutException>(() =>
            manager.WaitUntilAsync(m => m.IsRunning(Hello), TimeSpan.FromMilliseconds(50), "hello to run", _ct));

        Assert.Contains("hello to run", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitUntilAsync_ConditionBecomesTrue_Completes()
    {
        var manager = new FakeUnitManager();
        var waiting = manager.WaitUntilAsync(m => m.IsRunning(Hello), TimeSpan.FromSeconds(10), "hello to run", _ct);

        manager.Preload(Hello, HelloFile, running: true);

        await waiting;
    }
}
