using System.Runtime.CompilerServices;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Mvccpb;

namespace Fleet.Registry.Etcd.Internal;

/// <summary>KV helpers: paged prefix reads, transactions.</summary>
internal sealed partial class EtcdConnection
{
    /// <summary>Keys per page of a list; with fleet's small values (≈ 250 bytes a key-value) a page stays far below
    /// gRPC's message limit.</summary>
    /// <remarks>etcd 3.4 answers a range with a limit by first collecting every key of the remaining range, so a
    /// list costs it O(keys² / page size): 100,000 keys took 1.7 s in pages of 500 and 0.3 s in pages of 5,000
    /// (loopback, etcd 3.4.23). A new leader lists every unit and every schedule entry.</remarks>
    public const int DefaultPageSize = 5000;

    /// <summary>Keys per page of a list (tests lower it to exercise paging with few keys).</summary>
    public int PageSize { get; set; } = DefaultPageSize;

    /// <summary>Reads every key under <paramref name="prefix"/>, page by page, all at one revision.</summary>
    /// <param name="prefix">The key prefix.</param>
    /// <param name="what">What is being read, for messages (e.g. "listing units").</param>
    /// <param name="revision">The revision to read at, or 0 for the latest.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The key-values in key order and the revision they were read at.</returns>
    /// <exception cref="RpcException">With <see cref="StatusCode.OutOfRange"/> when <paramref name="revision"/> was compacted.</exception>
    public async ValueTask<(List<KeyValue> Items, long Revision)> ListPrefixAsync(
        string prefix, string what, long revision, CancellationToken cancellationToken)
    {
        var rangeEnd = EtcdKeys.PrefixEnd(prefix);
        var key = EtcdKeys.Bytes(prefix);
        var items = new List<KeyValue>();
        var latest = revision == 0;
        while (true)
        {
            var request = new RangeRequest { Key = key, RangeEnd = rangeEnd, Limit = PageSize, Revision = revision };
            RangeResponse response;
            try
            {
                response = await CallAsync(what, EtcdRequestKind.Range, readOnly: true,
                    (invoker, options) => new KV.KVClient(invoker).RangeAsync(request, options), cancellationToken);
            }
            catch (RpcException ex) when (IsCompacted(ex) && latest && items.Count > 0)
            {
                // Compacted between two pages of a latest read: start over at the new latest revision.
                (items, revision, key) = ([], 0, EtcdKeys.Bytes(prefix));
                continue;
            }

            if (revision == 0)
            {
                revision = response.Header.Revision;
            }

            items.AddRange(response.Kvs);
            if (!response.More || response.Kvs.Count == 0)
            {
                return (items, revision);
            }

            key = EtcdKeys.After(response.Kvs[^1].Key);
        }
    }

    /// <summary>Reads every key under <paramref name="prefix"/> at the latest revision, handing over each page as it
    /// arrives: the next page is requested before the current one is handed over, so the caller decodes one page
    /// while etcd reads the next. Every page after the first is read at the first one's revision.</summary>
    /// <param name="prefix">The key prefix.</param>
    /// <param name="what">What is being read, for messages (e.g. "listing units").</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The pages in key order, each with the revision of the whole read.</returns>
    /// <exception cref="RegistryUnavailableException">etcd did not answer, or compacted the read's revision before
    /// its last page (the caller has pages of a read that cannot be completed, and must read again).</exception>
    public async IAsyncEnumerable<(IReadOnlyList<KeyValue> Items, long Revision)> ListPrefixPagesAsync(
        string prefix, string what, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rangeEnd = EtcdKeys.PrefixEnd(prefix);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = RangePageAsync(EtcdKeys.Bytes(prefix), rangeEnd, 0, what, reading.Token);
        long revision = 0;
        try
        {
            while (true)
            {
                RangeResponse response;
                try
                {
                    response = await pending;
                }
                catch (RpcException ex) when (IsCompacted(ex))
                {
                    throw Unavailable($"{what} (revision {revision} was compacted before the last page)", ex);
                }

                if (revision == 0)
                {
                    revision = response.Header.Revision;
                }

                var more = response.More && response.Kvs.Count > 0;
                if (more)
                {
                    pending = RangePageAsync(EtcdKeys.After(response.Kvs[^1].Key), rangeEnd, revision, what, reading.Token);
                }

                yield return (response.Kvs, revision);
                if (!more)
                {
                    yield break;
                }
            }
        }
        finally
        {
            if (!pending.IsCompleted)
            {
                // The caller stopped early: drop the page read ahead.
                await reading.CancelAsync();
            }

            await ((Task)pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Reads one key (latest revision).</summary>
    public async ValueTask<RangeResponse> GetAsync(string key, string what, CancellationToken cancellationToken)
    {
        var request = new RangeRequest { Key = EtcdKeys.Bytes(key) };
        return await CallAsync(what, EtcdRequestKind.Range, readOnly: true,
            (invoker, options) => new KV.KVClient(invoker).RangeAsync(request, options), cancellationToken);
    }

    private Task<RangeResponse> RangePageAsync(ByteString key, ByteString rangeEnd, long revision, string what, CancellationToken cancellationToken)
    {
        var request = new RangeRequest { Key = key, RangeEnd = rangeEnd, Limit = PageSize, Revision = revision };
        return CallAsync(what, EtcdRequestKind.Range, readOnly: true,
            (invoker, options) => new KV.KVClient(invoker).RangeAsync(request, options), cancellationToken).AsTask();
    }

    /// <summary>Sends a transaction.</summary>
    public ValueTask<TxnResponse> TxnAsync(TxnRequest request, string what, CancellationToken cancellationToken) =>
        CallAsync(what, EtcdRequestKind.Txn, readOnly: false,
            (invoker, options) => new KV.KVClient(invoker).TxnAsync(request, options), cancellationToken);

    /// <summary>True when etcd refused a read or watch because the revision was compacted.</summary>
    public static bool IsCompacted(RpcException ex) =>
        ex.StatusCode == StatusCode.OutOfRange && ex.Status.Detail.Contains("compacted", StringComparison.Ordinal);

    public static RequestOp PutOp(string key, ByteString value, long lease = 0) =>
        new() { RequestPut = new PutRequest { Key = EtcdKeys.Bytes(key), Value = value, Lease = lease } };

    public static RequestOp DeleteOp(string key) =>
        new() { RequestDeleteRange = new DeleteRangeRequest { Key = EtcdKeys.Bytes(key) } };

    public static RequestOp RangeOp(string key, ByteString? rangeEnd = null, bool countOnly = false) =>
        new() { RequestRange = new RangeRequest { Key = EtcdKeys.Bytes(key), RangeEnd = rangeEnd ?? ByteString.Empty, CountOnly = countOnly } };

    public static Compare CreateRevisionIs(string key, long revision) => new()
    {
        Key = EtcdKeys.Bytes(key),
        Target = Compare.Types.CompareTarget.Create,
        Result = Compare.Types.CompareResult.Equal,
        CreateRevision = revision,
    };

    public static Compare ModRevisionIs(string key, long revision) => new()
    {
        Key = EtcdKeys.Bytes(key),
        Target = Compare.Types.CompareTarget.Mod,
        Result = Compare.Types.CompareResult.Equal,
        ModRevision = revision,
    };
}
