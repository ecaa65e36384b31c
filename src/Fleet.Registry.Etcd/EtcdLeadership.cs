using Fleet.Registry.Etcd.Internal;
using Microsoft.Extensions.Logging;
using Mvccpb;

namespace Fleet.Registry.Etcd;

/// <summary>A held term: lost when the lease is lost or the leader key is deleted or replaced.</summary>
internal sealed partial class EtcdLeadership : ILeadership
{
    private readonly EtcdConnection _connection;
    private readonly LeaseKeeper _keeper;
    private readonly KeptLease _lease;
    private readonly CancellationTokenSource _keyGone = new();
    private readonly CancellationTokenSource _lost;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _follow;
    private readonly ILogger _logger;
    private int _disposed;

    public EtcdLeadership(EtcdConnection connection, EtcdWatcher watcher, LeaseKeeper keeper, KeptLease lease, LeaderFence fence)
    {
        _connection = connection;
        _keeper = keeper;
        _lease = lease;
        Fence = fence;
        _logger = connection.LoggerFactory.CreateLogger<EtcdLeadership>();
        _lost = CancellationTokenSource.CreateLinkedTokenSource(lease.Lost, _keyGone.Token);
        Lost = _lost.Token;
        Lost.Register(() =>
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                Log.LeadershipLost(_logger, fence.Leader, fence.Revision);
            }
        });
        _follow = FollowAsync(watcher, _stop.Token);
    }

    public LeaderFence Fence { get; }

    /// <summary>The lease the leader key is bound to.</summary>
    internal KeptLease Lease => _lease;

    public CancellationToken Lost { get; }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _follow;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        try
        {
            using var timeout = new CancellationTokenSource(_connection.RequestTimeout, _connection.Time);
            await _keeper.RevokeAsync(_lease, "resigning leadership", timeout.Token);
        }
        catch (Exception ex) when (ex is RegistryUnavailableException or OperationCanceledException)
        {
            Log.ResignFailed(_logger, Fence.Leader, ex.Message);
        }

        _stop.Dispose();
    }

    /// <summary>Watches the leader key from the term's start; its deletion (or replacement) ends the term.</summary>
    private async Task FollowAsync(EtcdWatcher watcher, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Lost);
        try
        {
            await foreach (var batch in watcher.WatchPrefixAsync(Fence.Key, "the leader key", Fence.Revision, both.Token))
            {
                var gone = batch switch
                {
                    RawWatchEvents events => events.Events.Any(e =>
                        e.Type == Event.Types.EventType.Delete || e.Kv.CreateRevision != Fence.Revision),
                    RawWatchReset reset => reset.Items.All(kv => kv.CreateRevision != Fence.Revision),
                    _ => false,
                };
                if (gone)
                {
                    await _keyGone.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (both.IsCancellationRequested)
        {
            // Resigned, or lost through the lease.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3171, Level = LogLevel.Warning, Message = "Machine {MachineId} lost engine leadership (fence revision {Revision})")]
        public static partial void LeadershipLost(ILogger logger, Fleet.Core.Machines.MachineId machineId, long revision);

        [LoggerMessage(EventId = 3172, Level = LogLevel.Warning,
            Message = "Machine {MachineId} could not resign leadership; it ends when the lease expires: {Reason}")]
        public static partial void ResignFailed(ILogger logger, Fleet.Core.Machines.MachineId machineId, string reason);
    }
}
