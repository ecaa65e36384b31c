using Fleet.Core.Units;
using Fleet.Registry;
using Xunit;
using static Fleet.Testing.Registry.RegistryTestData;

namespace Fleet.Testing.Registry;

/// <summary>The watch contract (shown on <see cref="IUnitStore.WatchAsync"/>; every store's watch follows
/// it): resume from a revision without loss or duplicates, reset after compaction, end by cancellation.</summary>
public abstract class WatchContractTests : RegistryContractTests
{
    /// <summary>How many writes the slow-reader test makes before reading (enough to overflow a watcher's buffer).</summary>
    protected virtual int SlowReaderWriteCount => 2_000;

    private IUnitStore Units => Harness.Units;

    [Fact]
    public async Task WatchAsync_FromListRevision_YieldsEachLaterChangeOnceInOrder()
    {
        var start = (await Units.ListAsync(Token)).Revision;
        await using var watch = WatchProbe.Start(ct => Units.WatchAsync(start, ct), Token);
        var (record, file) = Unit("hello.service", targetState: TargetState.Loaded);

        var put = await Units.PutAsync(record, file, Token);
        await Units.TrySetTargetStateAsync(record.Name, TargetState.Launched, Token);
        await Units.TryDeleteAsync(record.Name, Token);

        var created = await watch.NextChangeAsync("the put of hello.service");
        Assert.Equal((ChangeKind.Put, record.Name, record, put), (created.Kind, created.Key, created.Value, created.Revision));
        var changed = await watch.NextChangeAsync("the target state change of hello.service");
        Assert.Equal((ChangeKind.Put, record with { TargetState = TargetState.Launched }), (changed.Kind, changed.Value));
        var deleted = await watch.NextChangeAsync("the delete of hello.service");
        Assert.Equal((ChangeKind.Delete, record.Name, (UnitRecord?)null), (deleted.Kind, deleted.Key, deleted.Value));
        Assert.True(created.Revision < changed.Revision && changed.Revision < deleted.Revision, "revisions must increase");
    }

    [Fact]
    public async Task WatchAsync_ResumedFromEarlierRevision_YieldsExactlyTheLaterChanges()
    {
        var revisions = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var (record, file) = Unit($"u{i}.service", $"u{i}");
            revisions.Add(await Units.PutAsync(record, file, Token));
        }

        await using var watch = WatchProbe.Start(ct => Units.WatchAsync(revisions[1], ct), Token);

        foreach (var i in new[] { 2, 3, 4 })
        {
            var change = await watch.NextChangeAsync($"the put of u{i}.service (revision {revisions[i]})");
            Assert.Equal(($"u{i}.service", revisions[i]), (change.Key.Value, change.Revision));
        }

        var (late, lateFile) = Unit("late.service", "late");
        var lateRevision = await Units.PutAsync(late, lateFile, Token);
        var next = await watch.NextChangeAsync("the put of late.service, written after the watch caught up");
        Assert.Equal(("late.service", lateRevision), (next.Key.Value, next.Revision));
    }

    [Fact]
    public async Task WatchAsync_FromRevisionCompactedAway_YieldsResetThenLaterChanges()
    {
        var start = (await Units.ListAsync(Token)).Revision;
        var (a, fileA) = Unit("a.service", "a");
        var (b, fileB) = Unit("b.service", "b");
        var (gone, fileGone) = Unit("gone.service", "gone");
        await Units.PutAsync(a, fileA, Token);
        await Units.PutAsync(gone, fileGone, Token);
        var lastBefore = await Units.PutAsync(b, fileB, Token);
        await Units.TryDeleteAsync(gone.Name, Token);
        await Harness.CompactAsync(Token);

        await using var watch = WatchProbe.Start(ct => Units.WatchAsync(start, ct), Token);
        var first = await watch.NextEventAsync("a reset, the history since the start having been compacted");

        var reset = Assert.IsType<WatchReset<UnitName, UnitRecord>>(first);
        Assert.Equal([a, b], reset.Items.OrderBy(u => u.Name));
        Assert.True(reset.Revision > lastBefore, $"reset revision {reset.Revision} must include the delete after {lastBefore}");
        var (c, fileC) = Unit("c.service", "c");
        var afterReset = await Units.PutAsync(c, fileC, Token);
        var next = await watch.NextChangeAsync("the put of c.service after the reset");
        Assert.Equal(("c.service", afterReset), (next.Key.Value, next.Revision));
        Assert.True(next.Revision > reset.Revision);
    }

    [Fact]
    public async Task WatchAsync_Cancelled_EndsWithOperationCanceled()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var start = (await Units.ListAsync(Token)).Revision;
        var enumerator = Units.WatchAsync(start, cancel.Token).GetAsyncEnumerator(cancel.Token);
        var moving = enumerator.MoveNextAsync().AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => WithinDeadlineAsync(moving, "the cancelled watch to end"));
        try
        {
            await enumerator.DisposeAsync();
        }
        catch (OperationCanceledException)
        {
            // Ending by cancellation is the contract.
        }
    }

    [Fact]
    public async Task WatchAsync_SlowReader_ReconstructsExactStateWithoutDuplicates()
    {
        var start = (await Units.ListAsync(Token)).Revision;
        await using var watch = WatchProbe.Start(ct => Units.WatchAsync(start, ct), Token);
        var file = File("slow reader");
        for (var i = 0; i < SlowReaderWriteCount; i++)
        {
            var name = UnitName.Parse($"u{i % 97}.service");
            if (i % 5 == 4)
            {
                await Units.TryDeleteAsync(name, Token);
            }
            else
            {
                await Units.PutAsync(new UnitRecord(name, file.Hash, (TargetState)(i % 3), UnitRequirements.None), file, Token);
            }
        }

        // The last write, so that the test knows when the watch has caught up.
        var last = await Units.PutAsync(new UnitRecord(UnitName.Parse("zz-end.service"), file.Hash, TargetState.Launched, UnitRequirements.None), file, Token);

        var expected = (await Units.ListAsync(Token)).Items;
        var state = new Dictionary<UnitName, UnitRecord>();
        long seen = start;
        while (seen < last)
        {
            var next = await watch.NextEventAsync($"events up to revision {last} (seen up to {seen})");
            switch (next)
            {
                case WatchReset<UnitName, UnitRecord> reset:
                    Assert.True(reset.Revision >= seen, $"a reset at {reset.Revision} went back before {seen}");
                    state = reset.Items.ToDictionary(u => u.Name);
                    seen = reset.Revision;
                    break;
                case WatchChanges<UnitName, UnitRecord> changes:
                    foreach (var change in changes.Changes)
                    {
                        Assert.True(change.Revision > seen, $"change at {change.Revision} delivered after {seen}: a duplicate or out of order");
                        seen = change.Revision;
                        if (change.Kind == ChangeKind.Put)
                        {
                            state[change.Key] = change.Value!;
                        }
                        else
                        {
                            state.Remove(change.Key);
                        }
                    }

                    break;
            }
        }

        Assert.True(seen >= last, $"the watch stopped at {seen} before the last write at {last}");
        Assert.Equal(expected, state.Values.OrderBy(u => u.Name));
    }
}
