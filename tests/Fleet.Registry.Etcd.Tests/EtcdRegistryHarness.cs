using Etcdserverpb;
using Fleet.Testing.Etcd;
using Fleet.Testing.Registry;
using Grpc.Net.Client;

namespace Fleet.Registry.Etcd.Tests;

/// <summary>Runs the registry contract suites on etcd: a fresh key prefix per test on a shared etcd.
/// Expiry revokes the lease behind the holder's back (what etcd does when a lease runs out).</summary>
internal sealed class EtcdRegistryHarness(EtcdFixture etcd) : IRegistryHarness
{
    private readonly EtcdRegistry _registry = TestRegistry.Connect(etcd);
    private readonly GrpcChannel _admin = GrpcChannel.ForAddress(etcd.ClientUrl);

    public IUnitStore Units => _registry.Units;

    public IScheduleStore Schedule => _registry.Schedules;

    public IMachineStore Machines => _registry.Machines;

    public IUnitStateStore UnitStates => _registry.UnitStates;

    public ILeaderElection Leaders => _registry.Leadership;

    public TimeSpan LeaseTtl => TimeSpan.FromSeconds(30);

    public async ValueTask ExpireAsync(IMachineSession session, CancellationToken cancellationToken) =>
        await RevokeAsync(((EtcdMachineSession)session).Lease.Id, cancellationToken);

    public async ValueTask ExpireAsync(ILeadership leadership, CancellationToken cancellationToken) =>
        await RevokeAsync(((EtcdLeadership)leadership).Lease.Id, cancellationToken);

    public async ValueTask CompactAsync(CancellationToken cancellationToken)
    {
        var kv = new KV.KVClient(_admin);
        var latest = await kv.RangeAsync(new RangeRequest { Key = Google.Protobuf.ByteString.CopyFromUtf8("/"), CountOnly = true }, cancellationToken: cancellationToken);
        await kv.CompactAsync(new CompactionRequest { Revision = latest.Header.Revision, Physical = true }, cancellationToken: cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _registry.DisposeAsync();
        _admin.Dispose();
    }

    private async Task RevokeAsync(long lease, CancellationToken cancellationToken) =>
        await new Lease.LeaseClient(_admin).LeaseRevokeAsync(new LeaseRevokeRequest { ID = lease }, cancellationToken: cancellationToken);
}
