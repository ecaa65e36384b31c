using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Testing.Etcd;
using static Fleet.Registry.Etcd.Tests.TestRegistry;

namespace Fleet.Registry.Etcd.Tests;

[Trait("Category", "Integration")]
public sealed class EtcdScheduleStoreTests(EtcdFixture etcd)
{
    private static readonly UnitHash Hash = File("s").Hash;

    [Fact]
    public async Task TryApplyAsync_Puts_ReadableByMachineByUnitAndAll()
    {
        await using var registry = Connect(etcd);
        await using var leadership = await registry.Leadership.CampaignAsync(MachineId.Parse("engine"), TimeSpan.FromSeconds(10), Timeout());

        Assert.True(await registry.Schedules.TryApplyAsync(leadership.Fence,
        [
            ScheduleWrite.Put(Entry("a.service", "m1", Hash)),
            ScheduleWrite.Put(Entry("b.service", "m1", Hash, TargetState.Loaded)),
            ScheduleWrite.Put(Entry("g.service", "m1", Hash)),
            ScheduleWrite.Put(Entry("g.service", "m2", Hash)),
        ], Timeout()));

        var m1 = await registry.Schedules.ListMachineAsync(MachineId.Parse("m1"), Timeout());
        Assert.Equal(["a.service", "b.service", "g.service"], m1.Items.Select(e => e.Unit.Value));
        Assert.Equal(TargetState.Loaded, m1.Items[1].TargetState);
        var g = await registry.Schedules.ListUnitAsync(UnitName.Parse("g.service"), Timeout());
        Assert.Equal(["m1", "m2"], g.Select(e => e.Machine.Value));
        Assert.Equal(4, (await registry.Schedules.ListAsync(Timeout())).Items.Count);
    }

    [Fact]
    public async Task ListPagesAsync_SeveralPages_EveryEntryOnceAtOneRevision()
    {
        await using var registry = Connect(etcd);
        await using var leadership = await registry.Leadership.CampaignAsync(MachineId.Parse("engine"), TimeSpan.FromSeconds(10), Timeout());
        var writes = Enumerable.Range(0, 300).Select(i => ScheduleWrite.Put(Entry($"u{i:D3}.service", i % 7 == 0 ? "m-1" : $"m{i % 7}", Hash))).ToList();
        Assert.True(await registry.Schedules.TryApplyAsync(leadership.Fence, writes, Timeout()));
        registry.ListPageSize = 64;

        var pages = await registry.Schedules.ListPagesAsync(Timeout()).ToListAsync(Timeout());

        Assert.Equal(5, pages.Count); // 300 entries in pages of 64
        Assert.All(pages, p => Assert.True(p.Items.Count <= 64));
        var list = await registry.Schedules.ListAsync(Timeout());
        Assert.Equal(
            list.Items.OrderBy(e => e.Unit).ToList(),
            pages.SelectMany(p => p.Items).OrderBy(e => e.Unit).ToList());
        Assert.Equal(300, list.Items.Count);
        Assert.Single(pages.Select(p => p.Revision).Distinct());
        Assert.InRange(pages[0].Revision, 1, list.Revision);
    }

    [Fact]
    public async Task TryApplyAsync_Delete_RemovesEntryAndPlacement()
    {
        await using var registry = Connect(etcd);
        await using var leadership = await registry.Leadership.CampaignAsync(MachineId.Parse("engine"), TimeSpan.FromSeconds(10), Timeout());
        var entry = Entry("a.service", "m1", Hash);
        await registry.Schedules.TryApplyAsync(leadership.Fence, [ScheduleWrite.Put(entry)], Timeout());

        Assert.True(await registry.Schedules.TryApplyAsync(leadership.Fence, [ScheduleWrite.Delete(entry)], Timeout()));

        Assert.Empty((await registry.Schedules.ListMachineAsync(entry.Machine, Timeout())).Items);
        Assert.Empty(await registry.Schedules.ListUnitAsync(entry.Unit, Timeout()));
    }

    [Fact]
    public async Task TryApplyAsync_MoreThan128Ops_SplitIntoTransactionsAllLand()
    {
        await using var registry = Connect(etcd);
        await using var leadership = await registry.Leadership.CampaignAsync(MachineId.Parse("engine"), TimeSpan.FromSeconds(10), Timeout());
        var writes = Enumerable.Range(0, 300).Select(i => ScheduleWrite.Put(Entry($"u{i:D3}.service", $"m{i % 7}", Hash))).ToList();
        var before = registry.RequestCounts;

        Assert.True(await registry.Schedules.TryApplyAsync(leadership.Fence, writes, Timeout()));

        Assert.Equal(5, registry.RequestCounts.Since(before).Txn); // 300 writes x 2 ops / 128 per txn
        Assert.Equal(300, (await registry.Schedules.ListAsync(Timeout())).Items.Count);
    }

    [Fact]
    public async Task TryApplyAsync_SameEntryTwice_AppliedInOrder()
    {
        await using var registry = Connect(etcd);
        await using var leadership = await registry.Leadership.CampaignAsync(MachineId.Parse("engine"), TimeSpan.FromSeconds(10), Timeout());
        var entry = Entry("a.service", "m1", Hash);

        Assert.True(await registry.Schedules.TryApplyAsync(leadership.Fence,
            [ScheduleWrite.Put(entry), ScheduleWrite.Delete(entry), ScheduleWrite.Put(entry with { TargetState = TargetState.Loaded })], Timeout()));

        var only = Assert.Single((await registry.Schedules.ListMachineAsync(entry.Machine, Timeout())).Items);
        Assert.Equal(TargetState.Loaded, only.TargetState);
    }

    [Fact]
    public async Task TryApplyAsync_InactiveTarget_Throws()
    {
        await using var registry = Connect(etcd);
        var fence = new LeaderFence("k", 1, MachineId.Parse("engine"));

        await Assert.ThrowsAsync<ArgumentException>(async () => await registry.Schedules.TryApplyAsync(
            fence, [ScheduleWrite.Put(Entry("a.service", "m1", Hash, TargetState.Inactive))], Timeout()));
    }

    [Fact]
    public async Task WatchMachineAsync_PlacementOnOtherMachine_NotDelivered()
    {
        await using var registry = Connect(etcd);
        await using var leadership = await registry.Leadership.CampaignAsync(MachineId.Parse("engine"), TimeSpan.FromSeconds(10), Timeout());
        var start = (await registry.Schedules.ListMachineAsync(MachineId.Parse("m2"), Timeout())).Revision;
        await using var m2 = registry.Schedules.WatchMachineAsync(MachineId.Parse("m2"), start, Timeout()).GetAsyncEnumerator(TestContext.Current.CancellationToken);

        await registry.Schedules.TryApplyAsync(leadership.Fence, [ScheduleWrite.Put(Entry("a.service", "m1", Hash))], Timeout());
        await registry.Schedules.TryApplyAsync(leadership.Fence, [ScheduleWrite.Put(Entry("b.service", "m2", Hash))], Timeout());

        // The first thing m2 hears about is its own placement: m1's never reached it.
        var first = Assert.IsType<WatchChanges<UnitName, ScheduleEntry>>(await NextAsync(m2));
        var change = Assert.Single(first.Changes);
        Assert.Equal(Entry("b.service", "m2", Hash), change.Value);
    }
}
