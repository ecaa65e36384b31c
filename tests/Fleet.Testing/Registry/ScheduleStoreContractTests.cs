using Fleet.Core.Units;
using Fleet.Registry;
using Xunit;
using static Fleet.Testing.Registry.RegistryTestData;

namespace Fleet.Testing.Registry;

/// <summary>The <see cref="IScheduleStore"/> contract: fenced batches, per-machine reads and watches.</summary>
public abstract class ScheduleStoreContractTests : RegistryContractTests
{
    private static readonly UnitHash Hash = File("scheduled").Hash;

    /// <summary>How many writes the large-batch test applies in one call (more than one store transaction).</summary>
    protected virtual int LargeBatchSize => 300;

    private IScheduleStore Schedule => Harness.Schedule;

    [Fact]
    public async Task TryApplyAsync_CurrentFence_PlacesEntries()
    {
        await using var leader = await Harness.Leaders.CampaignAsync(MachineId("engine"), Harness.LeaseTtl, Token);
        var onA = Entry("web.service", "machine-a", Hash);
        var onB = Entry("db.service", "machine-b", Hash, TargetState.Loaded);

        Assert.True(await Schedule.TryApplyAsync(leader.Fence, [ScheduleWrite.Put(onA), ScheduleWrite.Put(onB)], Token));

        Assert.Equal([onA], (await Schedule.ListMachineAsync(onA.Machine, Token)).Items);
        Assert.Equal([onB], (await Schedule.ListMachineAsync(onB.Machine, Token)).Items);
        Assert.Equal([onA, onB], (await Schedule.ListAsync(Token)).Items);
        Assert.Equal([onA], await Schedule.ListUnitAsync(onA.Unit, Token));
        Assert.Empty(await Schedule.ListUnitAsync(UnitName.Parse("other.service"), Token));
    }

    [Fact]
    public async Task TryApplyAsync_Delete_RemovesOnlyThatEntry()
    {
        await using var leader = await Harness.Leaders.CampaignAsync(MachineId("engine"), Harness.LeaseTtl, Token);
        var web = Entry("web.service", "machine-a", Hash);
        var db = Entry("db.service", "machine-a", Hash);
        await Schedule.TryApplyAsync(leader.Fence, [ScheduleWrite.Put(web), ScheduleWrite.Put(db)], Token);

        Assert.True(await Schedule.TryApplyAsync(leader.Fence, [ScheduleWrite.Delete(web)], Token));

        Assert.Equal([db], (await Schedule.ListMachineAsync(web.Machine, Token)).Items);
    }

    [Fact]
    public async Task ListUnitAsync_GlobalUnitOnSeveralMachines_OneEntryPerMachineInMachineOrder()
    {
        await using var leader = await Harness.Leaders.CampaignAsync(MachineId("engine"), Harness.LeaseTtl, Token);
        var entries = new[] { "machine-c", "machine-a", "machine-b" }.Select(m => Entry("global.service", m, Hash)).ToList();
        await Schedule.TryApplyAsync(leader.Fence, [.. entries.Select(ScheduleWrite.Put)], Token);

        var placed = await Schedule.ListUnitAsync(UnitName.Parse("global.service"), Token);

        Assert.Equal(["machine-a", "machine-b", "machine-c"], placed.Select(e => e.Machine.Value));
    }

    [Fact]
    public async Task ListAsync_SeveralMachines_OrderedByMachineThenUnit()
    {
        await using var leader = await Harness.Leaders.CampaignAsync(MachineId("engine"), Harness.LeaseTtl, Token);
        var entries = new[]
        {
            Entry("b.service", "m-2", Hash), Entry("a.service", "m-2", Hash), Entry("z.service", "m", Hash), Entry("c.service", "m-1", Hash),
        };
        await Schedule.TryApplyAsync(leader.Fence, [.. entries.Select(ScheduleWrite.Put)], Token);

        var listed = (await Schedule.ListAsync(Token)).Items.Select(e => $"{e.Machine}/{e.Unit}");

        Assert.Equal(["m/z.service", "m-1/c.service", "m-2/a.service", "m-2/b.service"], listed);
    }

    [Fact]
    public async Task ListPagesAsync_SeveralMachines_EveryEntryOnceAtOneRevisionAsListAsync()
    {
        await using var leader = await Harness.Leaders.CampaignAsync(MachineId("engine"), Harness.LeaseTtl, Token);
        var entries = Enumerable.Range(0, 40).Select(i => Entry($"u{i:D2}.service", $"m-{i % 3}", Hash, i % 2 == 0 ? TargetState.Launched : TargetState.Loaded)).ToList();
        await Schedule.TryApplyAsync(leader.Fence, [.. entries.Select(ScheduleWrite.Put)], Token);

        var pages = await Schedule.ListPagesAsync(Token).ToListAsync(Token);
        var list = await Schedule.ListAsync(Token);

        Assert.NotEmpty(pages);
        Assert.Single(pages.Select(p => p.Revision).Distinct());
        Assert.InRange(pages[0].Revision, 1, list.Revision);
        Assert.Equal(list.Items.OrderBy(e => e.Unit), pages.SelectMany(p => p.Items).OrderBy(e => e.Unit));
        Assert.Equal(entries.OrderBy(e => e.Unit), list.Items.OrderBy(e => e.Unit));
    }

    [Fact]
    public async Task TryApplyAsync_FenceOfResignedLeader_ReturnsFalseAndChangesNothing()
    {
        var first = await Harness.Leaders.CampaignAsync(MachineId("engine-1"), Harness.LeaseTtl, Token);
        var oldFence = first.Fence;
        var kept = Entry("kept.service", "machine-a", Hash);
        Assert.True(await Schedule.TryApplyAsync(oldFence, [ScheduleWrite.Put(kept)], Token));
        await first.DisposeAsync();
        await using var second = await Harness.Leaders.CampaignAsync(MachineId("engine-2"), Harness.LeaseTtl, Token);

        var applied = await Schedule.TryApplyAsync(
            oldFence, [ScheduleWrite.Put(Entry("stale.service", "machine-a", Hash)), ScheduleWrite.Delete(kept)], Token);

        Assert.False(applied);
        Assert.Equal([kept], (await Schedule.ListAsync(Token)).Items);
        Assert.True(await Schedule.TryApplyAsync(second.Fence, [ScheduleWrite.Delete(kept)], Token));
        Assert.Empty((await Schedule.ListAsync(Token)).Items);
    }

    [Fact]
    public async Task TryApplyAsync_FenceOfExpiredLeadership_ReturnsFalse()
    {
        var leader = await Harness.Leaders.CampaignAsync(MachineId("engine-1"), Harness.LeaseTtl, Token);

        await Harness.ExpireAsync(leader, Token);

        Assert.False(await Schedule.TryApplyAsync(leader.Fence, [ScheduleWrite.Put(Entry("x.service", "machine-a", Hash))], Token));
        Assert.Empty((await Schedule.ListAsync(Token)).Items);
        await leader.DisposeAsync();
    }

    [Fact]
    public async Task TryApplyAsync_SameMachineReelected_OldTermFenceStillRejected()
    {
        var first = await Harness.Leaders.CampaignAsync(MachineId("engine-1"), Harness.LeaseTtl, Token);
        var oldFence = first.Fence;
        await first.DisposeAsync();
        await using var again = await Harness.Leaders.CampaignAsync(MachineId("engine-1"), Harness.LeaseTtl, Token);

        Assert.False(await Schedule.TryApplyAsync(oldFence, [ScheduleWrite.Put(Entry("x.service", "machine-a", Hash))], Token));
        Assert.True(await Schedule.TryApplyAsync(again.Fence, [ScheduleWrite.Put(Entry("x.service", "machine-a", Hash))], Token));
    }

    [Fact]
    public async Task TryApplyAsync_BatchLargerThanOneTransaction_AppliesEveryWrite()
    {
        await using var leader = await Harness.Leaders.CampaignAsync(MachineId("engine"), Harness.LeaseTtl, Token);
        var entries = Enumerable.Range(0, LargeBatchSize).Select(i => Entry($"u-{i:D4}.service", $"machine-{i % 7}", Hash)).ToList();

        Assert.True(await Schedule.TryApplyAsync(leader.Fence, [.. entries.Select(ScheduleWrite.Put)], Token));

        Assert.Equal(LargeBatchSize, (await Schedule.ListAsync(Token)).Items.Count);
        Assert.True(await Schedule.TryApplyAsync(leader.Fence, [.. entries.Select(ScheduleWrite.Delete)], Token));
        Assert.Empty((await Schedule.ListAsync(Token)).Items);
    }

    [Fact]
    public async Task WatchMachineAsync_PlacementOnA_OneEventForAAndNoneForB()
    {
        await using var leader = await Harness.Leaders.CampaignAsync(MachineId("engine"), Harness.LeaseTtl, Token);
        var start = (await Schedule.ListAsync(Token)).Revision;
        await using var watchA = WatchProbe.Start(ct => Schedule.WatchMachineAsync(MachineId("machine-a"), start, ct), Token);
        await using var watchB = WatchProbe.Start(ct => Schedule.WatchMachineAsync(MachineId("machine-b"), start, ct), Token);
        var onA = Entry("web.service", "machine-a", Hash);
        var onB = Entry("marker.service", "machine-b", Hash);

        await Schedule.TryApplyAsync(leader.Fence, [ScheduleWrite.Put(onA)], Token);
        await Schedule.TryApplyAsync(leader.Fence, [ScheduleWrite.Put(onB)], Token);
        await Schedule.TryApplyAsync(leader.Fence, [ScheduleWrite.Delete(onA)], Token);

        var seenByA = await watchA.NextChangeAsync("the placement of web.service on machine-a");
        Assert.Equal((ChangeKind.Put, onA.Unit, onA), (seenByA.Kind, seenByA.Key, seenByA.Value));
        // B's first change must be its own marker, written after A's placement: A's placement never reached B.
        var seenByB = await watchB.NextChangeAsync("the marker placed on machine-b");
        Assert.Equal((ChangeKind.Put, onB.Unit, onB), (seenByB.Kind, seenByB.Key, seenByB.Value));
        // A's next change is its own unscheduling, not B's marker.
        var removedFromA = await watchA.NextChangeAsync("the unscheduling of web.service from machine-a");
        Assert.Equal((ChangeKind.Delete, onA.Unit, (ScheduleEntry?)null), (removedFromA.Kind, removedFromA.Key, removedFromA.Value));
        Assert.True(removedFromA.Revision > seenByB.Revision && seenByB.Revision > seenByA.Revision);
    }
}
