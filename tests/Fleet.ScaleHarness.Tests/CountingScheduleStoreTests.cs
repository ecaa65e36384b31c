using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Registry;
using Fleet.Registry.InMemory;

namespace Fleet.ScaleHarness.Tests;

/// <summary>Over the real in-memory store: one wake-up per batch the watch hands over, its entries as changes.</summary>
[Trait("Category", "Unit")]
public sealed class CountingScheduleStoreTests : IDisposable
{
    private static readonly MachineId Machine = MachineId.Parse($"{1:x32}");
    private static readonly MachineId Other = MachineId.Parse($"{2:x32}");
    private static readonly UnitHash Hash = UnitHash.Of("[Service]\nExecStart=/bin/true\n");
    private readonly InMemoryRegistry _registry = InMemoryRegistry.Create(TimeProvider.System);
    private readonly WakeCounters _wakes = new();

    public void Dispose() => _registry.Dispose();

    private static ScheduleWrite Place(int unit, MachineId machine) =>
        ScheduleWrite.Put(new ScheduleEntry(UnitName.Parse($"scale-{unit}.service"), machine, Hash, TargetState.Launched));

    [Fact]
    public async Task WatchMachineAsync_OneBatchOfTwoThenOneOfOne_TwoWakeUpsThreeChanges()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var leadership = await _registry.Leaders.CampaignAsync(Machine, TimeSpan.FromSeconds(30), ct);
        var store = new CountingScheduleStore(_registry.Schedule, _wakes);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watch = store.WatchMachineAsync(Machine, _registry.Revision, stop.Token).GetAsyncEnumerator(stop.Token);

        Assert.True(await _registry.Schedule.TryApplyAsync(leadership.Fence, [Place(1, Machine), Place(2, Machine)], ct));
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal((1L, 2L), (_wakes.WakeUps, _wakes.Changes));

        // Another machine's placement does not reach this watch; the next own one is one more wake-up.
        Assert.True(await _registry.Schedule.TryApplyAsync(leadership.Fence, [Place(3, Other)], ct));
        Assert.True(await _registry.Schedule.TryApplyAsync(leadership.Fence, [Place(4, Machine)], ct));
        Assert.True(await watch.MoveNextAsync());
        var batch = Assert.IsType<WatchChanges<UnitName, ScheduleEntry>>(watch.Current);
        Assert.Equal("scale-4.service", Assert.Single(batch.Changes).Key.Value);
        Assert.Equal((2L, 3L), (_wakes.WakeUps, _wakes.Changes));

        await stop.CancelAsync();
        await watch.DisposeAsync();
    }
}
