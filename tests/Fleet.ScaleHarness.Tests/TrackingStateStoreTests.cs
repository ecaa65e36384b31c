using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Registry;
using Fleet.Registry.InMemory;

namespace Fleet.ScaleHarness.Tests;

/// <summary>Over the real in-memory store: what reaches the <see cref="LaunchTracker"/> is what the store accepted.</summary>
[Trait("Category", "Unit")]
public sealed class TrackingStateStoreTests : IDisposable
{
    private static readonly UnitName Unit = UnitName.Parse("scale-1.service");
    private static readonly MachineId Machine = MachineId.Parse($"{1:x32}");
    private static readonly UnitHash Hash = UnitHash.Of("[Service]\nExecStart=/bin/true\n");
    private readonly InMemoryRegistry _registry = InMemoryRegistry.Create(TimeProvider.System);
    private readonly LaunchTracker _tracker = new();
    private readonly TrackingStateStore _store;

    public TrackingStateStoreTests() => _store = new TrackingStateStore(_registry.UnitStates, _tracker);

    public void Dispose() => _registry.Dispose();

    private async Task<IMachineSession> RegisterAsync() =>
        await _registry.Machines.TryRegisterAsync(new MachineState { Id = Machine }, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken)
        ?? throw new InvalidOperationException("machine already registered");

    private static UnitStateRecord State(string active, TargetState reached) =>
        new(Unit, Machine, Hash, new UnitState("loaded", active, active == "active" ? "running" : "dead"), reached);

    [Fact]
    public async Task TryPublishAsync_LaunchedAndActive_StoredAndReportedRunning()
    {
        await using var session = await RegisterAsync();

        Assert.True(await _store.TryPublishAsync(session, State("active", TargetState.Launched), TestContext.Current.CancellationToken));

        Assert.Equal(1, _tracker.RunningOn(Unit));
        Assert.Single(await _registry.UnitStates.ListUnitAsync(Unit, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("inactive", TargetState.Launched)]
    [InlineData("activating", TargetState.Launched)]
    [InlineData("active", TargetState.Loaded)]
    [InlineData("inactive", TargetState.Inactive)]
    public async Task TryPublishAsync_NotLaunchedAndActive_ReportedNotRunning(string active, TargetState reached)
    {
        await using var session = await RegisterAsync();
        await _store.TryPublishAsync(session, State("active", TargetState.Launched), TestContext.Current.CancellationToken);

        Assert.True(await _store.TryPublishAsync(session, State(active, reached), TestContext.Current.CancellationToken));

        Assert.Equal((0, 0), (_tracker.RunningOn(Unit), _tracker.RunningUnits));
    }

    [Fact]
    public async Task TryPublishAsync_SessionGone_RefusedAndNotReported()
    {
        var session = await RegisterAsync();
        await session.DisposeAsync();

        Assert.False(await _store.TryPublishAsync(session, State("active", TargetState.Launched), TestContext.Current.CancellationToken));

        Assert.Equal(0, _tracker.RunningUnits);
    }

    [Fact]
    public async Task RemoveAsync_RunningUnit_RemovedAndReportedNotRunning()
    {
        await using var session = await RegisterAsync();
        await _store.TryPublishAsync(session, State("active", TargetState.Launched), TestContext.Current.CancellationToken);

        await _store.RemoveAsync(session, Unit, TestContext.Current.CancellationToken);

        Assert.Equal(0, _tracker.RunningOn(Unit));
        Assert.Empty(await _registry.UnitStates.ListUnitAsync(Unit, TestContext.Current.CancellationToken));
    }
}
