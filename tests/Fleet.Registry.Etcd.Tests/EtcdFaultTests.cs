using Etcdserverpb;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Testing.Etcd;
using Grpc.Net.Client;
using static Fleet.Registry.Etcd.Tests.TestRegistry;

namespace Fleet.Registry.Etcd.Tests;

/// <summary>Faults on an etcd of the test's own: killed and restarted, compacted, leases expiring.</summary>
[Trait("Category", "Integration")]
public sealed class EtcdFaultTests
{
    private static readonly UnitHash Hash = File("f").Hash;

    [Fact]
    public async Task WatchMachineAsync_EtcdKilledAndRestarted_NoChangeLostOrRepeated()
    {
        await using var etcd = EtcdFixture.Create();
        await etcd.StartAsync(Timeout());
        await using var registry = Connect(etcd);
        await using var leadership = await registry.Leadership.CampaignAsync(MachineId.Parse("engine"), TimeSpan.FromSeconds(30), Timeout());
        var machine = MachineId.Parse("m1");
        var start = (await registry.Schedules.ListMachineAsync(machine, Timeout())).Revision;
        await using var watch = registry.Schedules.WatchMachineAsync(machine, start, Timeout()).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        var seen = new List<string>();
        var reader = Task.Run(async () =>
        {
            while (seen.Count < 3)
            {
                var batch = Assert.IsType<WatchChanges<UnitName, ScheduleEntry>>(await NextAsync(watch));
                lock (seen)
                {
                    seen.AddRange(batch.Changes.Select(c => c.Key.Value));
                }
            }
        }, TestContext.Current.CancellationToken);

        await registry.Schedules.TryApplyAsync(leadership.Fence, [ScheduleWrite.Put(Entry("a.service", "m1", Hash))], Timeout());
        await etcd.StopAsync();
        await etcd.StartAsync(Timeout());
        await registry.Schedules.TryApplyAsync(leadership.Fence, [ScheduleWrite.Put(Entry("b.service", "m1", Hash))], Timeout());
        await registry.Schedules.TryApplyAsync(leadership.Fence, [ScheduleWrite.Put(Entry("c.service", "m1", Hash))], Timeout());
        await reader;

        Assert.Equal(["a.service", "b.service", "c.service"], seen);
    }

    [Fact]
    public async Task WatchAsync_FromCompactedRevision_ResetWithCurrentItemsThenChanges()
    {
        await using var etcd = EtcdFixture.Create();
        await etcd.StartAsync(Timeout());
        await using var registry = Connect(etcd);
        var old = (await registry.Units.ListAsync(Timeout())).Revision;
        var file = File("c");
        await registry.Units.PutAsync(Record("a.service", file), file, Timeout());
        await registry.Units.PutAsync(Record("b.service", file), file, Timeout());
        await registry.Units.TryDeleteAsync(UnitName.Parse("a.service"), Timeout());
        var latest = (await registry.Units.ListAsync(Timeout())).Revision;
        using var channel = GrpcChannel.ForAddress(etcd.ClientUrl);
        await new KV.KVClient(channel).CompactAsync(new CompactionRequest { Revision = latest, Physical = true }, cancellationToken: Timeout());

        await using var watch = registry.Units.WatchAsync(old, Timeout()).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        var reset = Assert.IsType<WatchReset<UnitName, UnitRecord>>(await NextAsync(watch));
        await registry.Units.PutAsync(Record("c.service", file), file, Timeout());
        var next = Assert.IsType<WatchChanges<UnitName, UnitRecord>>(await NextAsync(watch));

        Assert.Equal(["b.service"], reset.Items.Select(u => u.Name.Value));
        Assert.True(reset.Revision >= latest);
        Assert.Equal("c.service", Assert.Single(next.Changes).Key.Value);
        Assert.True(next.Revision > reset.Revision);
    }

    [Fact]
    public async Task ListPagesAsync_RevisionCompactedBeforeTheLastPage_ThrowsUnavailable()
    {
        await using var etcd = EtcdFixture.Create();
        await etcd.StartAsync(Timeout());
        await using var registry = Connect(etcd);
        var file = File("p");
        for (var i = 0; i < 6; i++)
        {
            await registry.Units.PutAsync(Record($"u{i}.service", file), file, Timeout());
        }

        registry.ListPageSize = 2;
        using var channel = GrpcChannel.ForAddress(etcd.ClientUrl);
        var pages = 0;

        var error = await Assert.ThrowsAsync<RegistryUnavailableException>(async () =>
        {
            await foreach (var page in registry.Units.ListPagesAsync(Timeout()))
            {
                if (pages++ == 0)
                {
                    // The read's revision is compacted away while the caller holds its first page.
                    await registry.Units.PutAsync(Record("later.service", file), file, Timeout());
                    var latest = (await registry.Units.ListAsync(Timeout())).Revision;
                    await new KV.KVClient(channel).CompactAsync(new CompactionRequest { Revision = latest, Physical = true }, cancellationToken: Timeout());
                }
            }
        });

        Assert.Contains("listing units", error.Message, StringComparison.Ordinal);
        Assert.Contains("compacted", error.Message, StringComparison.Ordinal);
        Assert.InRange(pages, 1, 2);
    }

    [Fact]
    public async Task WatchAsync_MachinesFromCompactedRevision_ResetWithEffectiveStates()
    {
        await using var etcd = EtcdFixture.Create();
        await etcd.StartAsync(Timeout());
        await using var registry = Connect(etcd);
        var old = (await registry.Machines.ListAsync(Timeout())).Revision;
        await using var session = await registry.Machines.TryRegisterAsync(Machine("m1", ("role", "web")), TimeSpan.FromSeconds(30), Timeout());
        await registry.Machines.SetMetadataAsync(MachineId.Parse("m1"), "role", "db", Timeout());
        var latest = (await registry.Machines.ListAsync(Timeout())).Revision;
        using var channel = GrpcChannel.ForAddress(etcd.ClientUrl);
        await new KV.KVClient(channel).CompactAsync(new CompactionRequest { Revision = latest, Physical = true }, cancellationToken: Timeout());

        await using var watch = registry.Machines.WatchAsync(old, Timeout()).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        var reset = Assert.IsType<WatchReset<MachineId, MachineState>>(await NextAsync(watch));

        Assert.Equal("db", Assert.Single(reset.Items).Metadata["role"]);
    }

    [Fact]
    public async Task LeaseExpiry_MachineStopsKeepingAlive_PresenceAndStatesVanishAndWatchersSeeDelete()
    {
        await using var etcd = EtcdFixture.Create();
        await etcd.StartAsync(Timeout());
        var prefix = $"/fleet-test-{Guid.NewGuid():N}/";
        await using var observer = Connect(etcd, prefix);
        var crashed = Connect(etcd, prefix);
        var session = await crashed.Machines.TryRegisterAsync(Machine("m1"), TimeSpan.FromSeconds(2), Timeout());
        Assert.True(await crashed.UnitStates.TryPublishAsync(session!, new UnitStateRecord(
            UnitName.Parse("a.service"), MachineId.Parse("m1"), Hash, new UnitState("loaded", "active", "running"), TargetState.Launched), Timeout()));
        var start = (await observer.Machines.ListAsync(Timeout())).Revision;
        await using var watch = observer.Machines.WatchAsync(start, Timeout()).GetAsyncEnumerator(TestContext.Current.CancellationToken);

        await crashed.DisposeAsync(); // closes the connection without revoking: the lease expires after its TTL

        var change = Assert.Single(Assert.IsType<WatchChanges<MachineId, MachineState>>(await NextAsync(watch)).Changes);
        Assert.Equal(ChangeKind.Delete, change.Kind);
        Assert.Empty((await observer.Machines.ListAsync(Timeout())).Items);
        Assert.Empty((await observer.UnitStates.ListAsync(Timeout())).Items);
    }

    [Fact]
    public async Task Lost_LeaseExpiredWhileEtcdWasDown_SessionReportsLost()
    {
        await using var etcd = EtcdFixture.Create();
        await etcd.StartAsync(Timeout());
        await using var registry = Connect(etcd);
        await using var session = await registry.Machines.TryRegisterAsync(Machine("m1"), TimeSpan.FromSeconds(2), Timeout());
        using var channel = GrpcChannel.ForAddress(etcd.ClientUrl);

        // Revoking behind the session's back is what an expiry looks like to the keeper: etcd answers TTL 0.
        await new Lease.LeaseClient(channel).LeaseRevokeAsync(
            new LeaseRevokeRequest { ID = ((EtcdMachineSession)session!).Lease.Id }, cancellationToken: Timeout());

        await EventuallyAsync(() => Task.FromResult(session.Lost.IsCancellationRequested), "session lost");
        Assert.False(await session.TryUpdateAsync(Machine("m1"), Timeout()));
    }
}
