using System.Runtime.CompilerServices;
using Etcdserverpb;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Fleet.Registry.Etcd.Internal;

/// <summary>Follows one key prefix from a revision, for ever: re-creates the watch from the next
/// unseen revision after any failure (capped jittered backoff, next endpoint), and when that revision
/// was compacted re-lists the prefix and yields a <see cref="RawWatchReset"/> instead. Nothing is lost
/// and nothing is delivered twice. Ends only by cancellation.</summary>
internal sealed partial class EtcdWatcher(EtcdConnection connection, Backoff backoff)
{
    private readonly ILogger _logger = connection.LoggerFactory.CreateLogger<EtcdWatcher>();

    public async IAsyncEnumerable<RawWatchBatch> WatchPrefixAsync(
        string prefix, string what, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = afterRevision + 1;
        var failures = 0;
        AsyncDuplexStreamingCall<WatchRequest, WatchResponse>? call = null;
        var index = 0;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Exception? error;
                if (call is null)
                {
                    (call, index, error) = await TryOpenAsync(prefix, next, cancellationToken);
                    if (call is null)
                    {
                        await DelayAsync(++failures, what, error!, cancellationToken); // error is set when call is null
                        continue;
                    }
                }

                WatchResponse? response;
                (response, error) = await TryReadAsync(call, cancellationToken);
                if (response is null || response.Canceled)
                {
                    call.Dispose();
                    call = null;
                    if (response is { CompactRevision: > 0 })
                    {
                        var reset = await TryResetAsync(prefix, what, response.CompactRevision, cancellationToken);
                        if (reset is not null)
                        {
                            failures = 0;
                            yield return reset;
                            next = reset.Revision + 1;
                            continue;
                        }
                    }

                    error ??= new InvalidOperationException($"watch canceled by etcd: {response?.CancelReason}");
                    connection.StreamFailed(index, error);
                    await DelayAsync(++failures, what, error, cancellationToken);
                    continue;
                }

                if (response.Events.Count == 0)
                {
                    continue;
                }

                failures = 0;
                var last = response.Events[^1].Kv.ModRevision;
                yield return new RawWatchEvents(response.Events, last);
                next = last + 1;
            }
        }
        finally
        {
            call?.Dispose();
        }
    }

    private async ValueTask<(AsyncDuplexStreamingCall<WatchRequest, WatchResponse>?, int, Exception?)> TryOpenAsync(
        string prefix, long startRevision, CancellationToken cancellationToken)
    {
        try
        {
            var (call, index) = await connection.OpenStreamAsync(
                (invoker, options) => new Watch.WatchClient(invoker).Watch(options), cancellationToken);
            connection.Counter.Add(EtcdRequestKind.WatchCreate);
            await call.RequestStream.WriteAsync(new WatchRequest
            {
                CreateRequest = new WatchCreateRequest
                {
                    Key = EtcdKeys.Bytes(prefix),
                    RangeEnd = EtcdKeys.PrefixEnd(prefix),
                    StartRevision = startRevision,
                },
            }, cancellationToken);
            return (call, index, null);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && EtcdConnection.IsUnavailable(ex))
        {
            return (null, 0, ex);
        }
    }

    private static async ValueTask<(WatchResponse?, Exception?)> TryReadAsync(
        AsyncDuplexStreamingCall<WatchRequest, WatchResponse> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call.ResponseStream.MoveNext(cancellationToken)
                ? (call.ResponseStream.Current, null)
                : (null, new IOException("etcd closed the watch stream"));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && EtcdConnection.IsUnavailable(ex))
        {
            return (null, ex);
        }
    }

    private async ValueTask<RawWatchReset?> TryResetAsync(string prefix, string what, long compactRevision, CancellationToken cancellationToken)
    {
        try
        {
            var (items, revision) = await connection.ListPrefixAsync(prefix, what, 0, cancellationToken);
            Log.Compacted(_logger, prefix, compactRevision, revision);
            return new RawWatchReset(items, revision);
        }
        catch (RegistryUnavailableException ex)
        {
            Log.ResetFailed(_logger, prefix, ex.Message);
            return null;
        }
    }

    private async Task DelayAsync(int failures, string what, Exception error, CancellationToken cancellationToken)
    {
        var delay = backoff.Delay(failures, connection.Random);
        Log.WatchFailed(_logger, what, connection.Endpoints, delay, error.Message);
        await Task.Delay(delay, connection.Time, cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3111, Level = LogLevel.Warning,
            Message = "Watch {What} on etcd at {Endpoints} failed, retrying in {Delay}: {Reason}")]
        public static partial void WatchFailed(ILogger logger, string what, string endpoints, TimeSpan delay, string reason);

        [LoggerMessage(EventId = 3112, Level = LogLevel.Information,
            Message = "Watch of {Prefix} fell behind compaction (revision {CompactRevision}); re-listed at revision {Revision}")]
        public static partial void Compacted(ILogger logger, string prefix, long compactRevision, long revision);

        [LoggerMessage(EventId = 3113, Level = LogLevel.Warning, Message = "Re-listing {Prefix} after compaction failed: {Reason}")]
        public static partial void ResetFailed(ILogger logger, string prefix, string reason);
    }
}
