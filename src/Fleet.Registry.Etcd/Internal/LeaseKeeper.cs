using System.Collections.Concurrent;
using Etcdserverpb;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Fleet.Registry.Etcd.Internal;

/// <summary>Keeps every lease of one connection alive over a single keep-alive stream (keep-alives are
/// not writes and wake no watcher). A lease is declared lost only when etcd says so (TTL 0 in a
/// keep-alive answer) or when it is revoked: while etcd cannot be reached nothing is declared, and the
/// first answer after reconnecting tells whether the lease survived.</summary>
internal sealed partial class LeaseKeeper : IAsyncDisposable
{
    private readonly EtcdConnection _connection;
    private readonly Backoff _backoff;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<long, KeptLease> _leases = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;

    public LeaseKeeper(EtcdConnection connection, Backoff backoff)
    {
        _connection = connection;
        _backoff = backoff;
        _logger = connection.LoggerFactory.CreateLogger<LeaseKeeper>();
    }

    /// <summary>Grants a lease of <paramref name="ttl"/> (rounded up to whole seconds) and keeps it alive.</summary>
    public async ValueTask<KeptLease> GrantAsync(TimeSpan ttl, string what, CancellationToken cancellationToken)
    {
        var request = new LeaseGrantRequest { TTL = (long)Math.Ceiling(Math.Max(1, ttl.TotalSeconds)) };
        var response = await _connection.CallAsync(what, EtcdRequestKind.LeaseGrant, readOnly: false,
            (invoker, options) => new Lease.LeaseClient(invoker).LeaseGrantAsync(request, options), cancellationToken);
        var lease = new KeptLease(response.ID, TimeSpan.FromSeconds(response.TTL));
        lease.NextDueTicks = _connection.Time.GetUtcNow().UtcTicks + lease.Interval.Ticks;
        _leases[lease.Id] = lease;
        EnsureRunning();
        Wake();
        return lease;
    }

    /// <summary>Stops keeping <paramref name="lease"/> alive and revokes it (deleting every key bound to it).</summary>
    /// <exception cref="RegistryUnavailableException">etcd did not answer; the lease then expires by itself.</exception>
    public async ValueTask RevokeAsync(KeptLease lease, string what, CancellationToken cancellationToken)
    {
        _leases.TryRemove(lease.Id, out _);
        lease.MarkLost();
        var request = new LeaseRevokeRequest { ID = lease.Id };
        try
        {
            await _connection.CallAsync(what, EtcdRequestKind.LeaseRevoke, readOnly: false,
                (invoker, options) => new Lease.LeaseClient(invoker).LeaseRevokeAsync(request, options), cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            // Expired already: what it held is gone either way.
        }
    }

    /// <summary>Stops keeping <paramref name="lease"/> alive without revoking it (it expires after its TTL).</summary>
    public void Abandon(KeptLease lease) => _leases.TryRemove(lease.Id, out _);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }

        _stop.Dispose();
    }

    private void EnsureRunning()
    {
        lock (_gate)
        {
            _loop ??= Task.Run(() => RunAsync(_stop.Token));
        }
    }

    private void Wake() => Interlocked.Exchange(ref _wake, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var index = 0;
            try
            {
                (var call, index) = await _connection.OpenStreamAsync(
                    (invoker, options) => new Lease.LeaseClient(invoker).LeaseKeepAlive(options), cancellationToken);
                using (call)
                {
                    var receiver = ReceiveAsync(call, () => failures = 0, cancellationToken);
                    await SendAsync(call, receiver, cancellationToken);
                }
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is RpcException or OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (EtcdConnection.IsUnavailable(ex))
            {
                _connection.StreamFailed(index, ex);
                var delay = _backoff.Delay(++failures, _connection.Random);
                Log.KeepAliveFailed(_logger, _connection.Endpoints, delay, ex.Message);
                await Task.Delay(delay, _connection.Time, cancellationToken);
            }
        }
    }

    private async Task SendAsync(
        AsyncDuplexStreamingCall<LeaseKeepAliveRequest, LeaseKeepAliveResponse> call, Task<Exception?> receiver, CancellationToken cancellationToken)
    {
        // After (re)connecting, ask about every lease at once: the answers tell which survived.
        var now = _connection.Time.GetUtcNow().UtcTicks;
        foreach (var lease in _leases.Values)
        {
            lease.NextDueTicks = now;
        }

        while (true)
        {
            var wake = Volatile.Read(ref _wake);
            now = _connection.Time.GetUtcNow().UtcTicks;
            var nextDue = now + TimeSpan.TicksPerSecond;
            foreach (var lease in _leases.Values)
            {
                if (lease.NextDueTicks <= now)
                {
                    _connection.Counter.Add(EtcdRequestKind.LeaseKeepAlive);
                    await call.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = lease.Id }, cancellationToken);
                    lease.NextDueTicks = now + lease.Interval.Ticks;
                }

                nextDue = Math.Min(nextDue, lease.NextDueTicks);
            }

            using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(TimeSpan.FromTicks(Math.Max(0, nextDue - now)), _connection.Time, tick.Token);
            var done = await Task.WhenAny(delay, wake.Task, receiver);
            await tick.CancelAsync();
            if (done == receiver)
            {
                var failure = await receiver ?? new IOException("etcd closed the keep-alive stream");
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Reads answers until the stream ends; returns why it ended (null when etcd closed it).</summary>
    private async Task<Exception?> ReceiveAsync(
        AsyncDuplexStreamingCall<LeaseKeepAliveRequest, LeaseKeepAliveResponse> call, Action answered, CancellationToken cancellationToken)
    {
        try
        {
            while (await call.ResponseStream.MoveNext(cancellationToken))
            {
                answered();
                var response = call.ResponseStream.Current;
                if (response.TTL <= 0 && _leases.TryRemove(response.ID, out var lease))
                {
                    Log.LeaseLost(_logger, response.ID);
                    lease.MarkLost();
                }
            }

            return null;
        }
        catch (Exception ex) when (ex is RpcException or IOException or OperationCanceledException)
        {
            return ex;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3121, Level = LogLevel.Warning,
            Message = "Lease keep-alive stream to etcd at {Endpoints} failed, retrying in {Delay}: {Reason}")]
        public static partial void KeepAliveFailed(ILogger logger, string endpoints, TimeSpan delay, string reason);

        [LoggerMessage(EventId = 3122, Level = LogLevel.Warning, Message = "etcd lease {LeaseId:x} expired")]
        public static partial void LeaseLost(ILogger logger, long leaseId);
    }
}
