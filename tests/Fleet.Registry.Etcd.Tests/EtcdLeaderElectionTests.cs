using Etcdserverpb;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Testing.Etcd;
using Google.Protobuf;
using Grpc.Net.Client;
using static Fleet.Registry.Etcd.Tests.TestRegistry;

namespace Fleet.Registry.Etcd.Tests;

[Trait("Category", "Integration")]
public sealed class EtcdLeaderElectionTests(EtcdFixture etcd)
{
    private static readonly UnitHash Hash = File("l").Hash;

    [Fact]
    public async Task CampaignAsync_NoLeader_ElectedAndReadable()
    {
        await using var registry = Connect(etcd);

        await using var leadership = await registry.Leadership.CampaignAsync(MachineId.Parse("a"), TimeSpan.FromSeconds(10), Timeout());

        Assert.Equal("a", leadership.Fence.Leader.Value);
        Assert.Equal(MachineId.Parse("a"), await registry.Leadership.GetLeaderAsync(Timeout()));
        Assert.False(leadership.Lost.IsCancellationRequested);
    }

    [Fact]
    public async Task CampaignAsync_TwoContenders_SecondElectedWhenFirstResignsAndFirstFencedOff()
    {
        var prefix = $"/fleet-test-{Guid.NewGuid():N}/";
        await using var a = Connect(etcd, prefix);
        await using var b = Connect(etcd, prefix);
        var first = await a.Leadership.CampaignAsync(MachineId.Parse("a"), TimeSpan.FromSeconds(10), Timeout());
        var second = b.Leadership.CampaignAsync(MachineId.Parse("b"), TimeSpan.FromSeconds(10), Timeout()).AsTask();
        var stale = first.Fence;
        Assert.True(await a.Schedules.TryApplyAsync(stale, [ScheduleWrite.Put(Entry("x.service", "m1", Hash))], Timeout()));
        Assert.False(second.IsCompleted);

        await first.DisposeAsync();
        await using var leadership = await second;

        Assert.Equal("b", leadership.Fence.Leader.Value);
        Assert.NotEqual(stale.Revision, leadership.Fence.Revision);
        Assert.False(await a.Schedules.TryApplyAsync(stale, [ScheduleWrite.Put(Entry("y.service", "m1", Hash))], Timeout()));
        Assert.True(await b.Schedules.TryApplyAsync(leadership.Fence, [ScheduleWrite.Put(Entry("z.service", "m1", Hash))], Timeout()));
        Assert.Equal(["x.service", "z.service"], (await b.Schedules.ListAsync(Timeout())).Items.Select(e => e.Unit.Value));
    }

    [Fact]
    public async Task Lost_LeaseRevokedBehindTheLeadersBack_CancelledAndWritesFenced()
    {
        await using var registry = Connect(etcd);
        var leadership = await registry.Leadership.CampaignAsync(MachineId.Parse("a"), TimeSpan.FromSeconds(10), Timeout());

        // Another actor removes the key (as an expired lease would): the leader must notice and be fenced off.
        using var channel = GrpcChannel.ForAddress(etcd.ClientUrl);
        await new KV.KVClient(channel).DeleteRangeAsync(
            new DeleteRangeRequest { Key = ByteString.CopyFromUtf8(leadership.Fence.Key) }, cancellationToken: Timeout());

        await EventuallyAsync(() => Task.FromResult(leadership.Lost.IsCancellationRequested), "leadership lost");
        Assert.False(await registry.Schedules.TryApplyAsync(leadership.Fence, [ScheduleWrite.Put(Entry("x.service", "m1", Hash))], Timeout()));
        Assert.Empty((await registry.Schedules.ListAsync(Timeout())).Items);
        await leadership.DisposeAsync();
    }

    [Fact]
    public async Task CampaignAsync_WaitingCandidatesLeaseRevoked_CampaignsAgainOnANewLeaseInsteadOfThrowing()
    {
        // A dedicated etcd, so that every lease in it belongs to this test.
        await using var own = EtcdFixture.Create();
        await own.InitializeAsync();
        var prefix = $"/fleet-test-{Guid.NewGuid():N}/";
        await using var a = Connect(own, prefix);
        await using var b = Connect(own, prefix);
        using var channel = GrpcChannel.ForAddress(own.ClientUrl);
        var leases = new Lease.LeaseClient(channel);
        var first = await a.Leadership.CampaignAsync(MachineId.Parse("a"), TimeSpan.FromSeconds(30), Timeout());
        var leadersLease = Assert.Single((await leases.LeaseLeasesAsync(new LeaseLeasesRequest(), cancellationToken: Timeout())).Leases).ID;

        // b waits on a 30 s lease (its keeper renews it every 10 s, so it will not notice the revocation first).
        var second = b.Leadership.CampaignAsync(MachineId.Parse("b"), TimeSpan.FromSeconds(30), Timeout()).AsTask();
        long waitingLease = 0;
        await EventuallyAsync(async () =>
        {
            var ids = (await leases.LeaseLeasesAsync(new LeaseLeasesRequest(), cancellationToken: Timeout())).Leases.Select(l => l.ID);
            waitingLease = ids.FirstOrDefault(id => id != leadersLease);
            return waitingLease != 0;
        }, "the waiting candidate's lease granted");
        await leases.LeaseRevokeAsync(new LeaseRevokeRequest { ID = waitingLease }, cancellationToken: Timeout());
        Assert.False(second.IsCompleted);

        await first.DisposeAsync();
        await using var leadership = await second;

        Assert.Equal("b", leadership.Fence.Leader.Value);
        Assert.DoesNotContain(waitingLease, (await leases.LeaseLeasesAsync(new LeaseLeasesRequest(), cancellationToken: Timeout())).Leases.Select(l => l.ID));
        Assert.True(await b.Schedules.TryApplyAsync(leadership.Fence, [ScheduleWrite.Put(Entry("z.service", "m1", Hash))], Timeout()));
    }
}
