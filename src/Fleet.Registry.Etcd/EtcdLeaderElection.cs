using Etcdserverpb;
using Fleet.Core.Machines;
using Fleet.Registry.Etcd.Internal;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Mvccpb;

namespace Fleet.Registry.Etcd;

/// <summary><see cref="ILeaderElection"/> on etcd: the <c>leader</c> key, created only when absent and bound
/// to the winner's lease. Its create_revision is the fencing token every schedule write compares.</summary>
internal sealed partial class EtcdLeaderElection(EtcdConnection connection, EtcdWatcher watcher, LeaseKeeper keeper) : ILeaderElection
{
    private readonly EtcdKeys _keys = connection.Keys;
    private readonly ILogger _logger = connection.LoggerFactory.CreateLogger<EtcdLeaderElection>();

    public async ValueTask<ILeadership> CampaignAsync(MachineId candidate, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var what = $"campaigning for leadership as {candidate}";
        KeptLease? lease = null;
        try
        {
            while (true)
            {
                if (lease is null || lease.IsLost)
                {
                    lease = await keeper.GrantAsync(ttl, what, cancellationToken);
                }

                TxnResponse response;
                try
                {
                    response = await connection.TxnAsync(new TxnRequest
                    {
                        Compare = { EtcdConnection.CreateRevisionIs(_keys.Leader, 0) },
                        Success = { EtcdConnection.PutOp(_keys.Leader, ByteString.CopyFromUtf8(candidate.Value), lease.Id) },
                        Failure = { EtcdConnection.RangeOp(_keys.Leader) },
                    }, what, cancellationToken);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
                {
                    // "etcdserver: requested lease not found": the campaign's lease expired or was revoked while
                    // it waited for the holder to go (before its keeper noticed). Campaign again on a new lease.
                    Log.CampaignLeaseLost(_logger, candidate, lease.Id);
                    lease.MarkLost();
                    continue;
                }

                if (response.Succeeded)
                {
                    var fence = new LeaderFence(_keys.Leader, response.Header.Revision, candidate);
                    Log.Elected(_logger, candidate, fence.Revision);
                    var leadership = new EtcdLeadership(connection, watcher, keeper, lease, fence);
                    lease = null;
                    return leadership;
                }

                var holder = response.Responses[0].ResponseRange.Kvs;
                if (holder.Count > 0)
                {
                    await WaitForDeletionAsync(holder[0], cancellationToken);
                }
            }
        }
        finally
        {
            if (lease is not null)
            {
                keeper.Abandon(lease);
                await RevokeQuietlyAsync(lease);
            }
        }
    }

    public async ValueTask<MachineId?> GetLeaderAsync(CancellationToken cancellationToken)
    {
        var response = await connection.GetAsync(_keys.Leader, "reading the engine leader", cancellationToken);
        return response.Kvs.Count > 0 && MachineId.TryParse(response.Kvs[0].Value.ToStringUtf8(), out var leader) ? leader : null;
    }

    private async Task WaitForDeletionAsync(KeyValue holder, CancellationToken cancellationToken)
    {
        await foreach (var batch in watcher.WatchPrefixAsync(_keys.Leader, "the leader key", holder.ModRevision, cancellationToken))
        {
            var gone = batch switch
            {
                RawWatchEvents events => events.Events.Any(e => e.Type == Event.Types.EventType.Delete),
                RawWatchReset reset => reset.Items.All(kv => kv.CreateRevision != holder.CreateRevision),
                _ => false,
            };
            if (gone)
            {
                return;
            }
        }
    }

    private async Task RevokeQuietlyAsync(KeptLease lease)
    {
        try
        {
            using var timeout = new CancellationTokenSource(connection.RequestTimeout, connection.Time);
            await keeper.RevokeAsync(lease, "releasing a campaign's lease", timeout.Token);
        }
        catch (Exception ex) when (ex is RegistryUnavailableException or OperationCanceledException)
        {
            // It expires by itself.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3161, Level = LogLevel.Information, Message = "Machine {MachineId} elected engine leader (fence revision {Revision})")]
        public static partial void Elected(ILogger logger, MachineId machineId, long revision);

        [LoggerMessage(EventId = 3162, Level = LogLevel.Warning, Message = "Machine {MachineId}: the campaign's lease {LeaseId} expired while waiting for the leader; campaigning again on a new lease")]
        public static partial void CampaignLeaseLost(ILogger logger, MachineId machineId, long leaseId);
    }
}
