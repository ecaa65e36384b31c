using System.Runtime.CompilerServices;
using Etcdserverpb;
using Fleet.Core.Units;
using Fleet.Registry.Etcd.Internal;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Mvccpb;

namespace Fleet.Registry.Etcd;

/// <summary><see cref="IUnitStore"/> on etcd: records under <c>units/</c>, bodies under <c>unitfiles/&lt;hash&gt;</c>,
/// references under <c>unitrefs/&lt;hash&gt;/&lt;unit&gt;</c> (see README.md for the transactions).</summary>
internal sealed partial class EtcdUnitStore(EtcdConnection connection, EtcdWatcher watcher) : IUnitStore
{
    /// <summary>Largest stored body: etcd refuses requests over 1.5 MiB, and the record rides in the same request.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private readonly EtcdKeys _keys = connection.Keys;
    private readonly ILogger _logger = connection.LoggerFactory.CreateLogger<EtcdUnitStore>();

    public async ValueTask<Snapshot<UnitRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var (items, revision) = await connection.ListPrefixAsync(_keys.Units, "listing units", 0, cancellationToken);
        return new(WatchMapping.DecodeAll<UnitName, UnitRecord>(items, ParseKey, Decode, _logger), revision);
    }

    public async IAsyncEnumerable<Snapshot<UnitRecord>> ListPagesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (items, revision) in connection.ListPrefixPagesAsync(_keys.Units, "listing units", cancellationToken))
        {
            yield return new(WatchMapping.DecodeAll<UnitName, UnitRecord>(items, ParseKey, Decode, _logger), revision);
        }
    }

    public async ValueTask<UnitRecord?> GetAsync(UnitName name, CancellationToken cancellationToken)
    {
        var response = await connection.GetAsync(_keys.Unit(name), $"reading unit {name}", cancellationToken);
        return response.Kvs.Count == 0 ? null : EtcdCodec.DecodeUnit(name, response.Kvs[0].Value);
    }

    public async ValueTask<UnitFile?> GetFileAsync(UnitHash hash, CancellationToken cancellationToken)
    {
        var response = await connection.GetAsync(_keys.UnitFile(hash), $"reading unit file {hash}", cancellationToken);
        return response.Kvs.Count == 0 ? null : EtcdCodec.DecodeFile(response.Kvs[0].Value);
    }

    public async ValueTask<long> PutAsync(UnitRecord record, UnitFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(file);
        if (record.Hash != file.Hash)
        {
            throw new ArgumentException(
                $"unit {record.Name}: record hash {record.Hash} is not the file's hash {file.Hash}.", nameof(record));
        }

        var body = EtcdCodec.EncodeFile(file);
        if (body.Length > MaxBodyBytes)
        {
            throw new ArgumentException($"unit {record.Name}: unit file is {body.Length} bytes, more than the {MaxBodyBytes} etcd can store.", nameof(file));
        }

        var key = _keys.Unit(record.Name);
        var value = EtcdCodec.EncodeUnit(record);
        var what = $"writing unit {record.Name}";

        // Optimistic create (one request); on an existing unit, the failure branch returns it.
        (long ModRevision, UnitHash? Hash) expected = (0, null);
        while (true)
        {
            var (written, current) = await TryWriteAsync(record, key, value, body, expected, what, cancellationToken);
            if (written is { } revision)
            {
                if (expected.Hash is { } old && old != record.Hash)
                {
                    await CollectAsync(old, cancellationToken);
                }

                return revision;
            }

            expected = current;
        }
    }

    public async ValueTask<bool> TrySetTargetStateAsync(UnitName name, TargetState state, CancellationToken cancellationToken)
    {
        var key = _keys.Unit(name);
        var what = $"setting the target state of unit {name}";
        var kv = await GetKvAsync(key, what, cancellationToken);
        while (kv is not null)
        {
            var record = EtcdCodec.DecodeUnit(name, kv.Value)
                ?? throw new InvalidOperationException($"unit {name}: stored record at revision {kv.ModRevision} cannot be decoded.");
            if (record.TargetState == state)
            {
                return true;
            }

            var txn = new TxnRequest
            {
                Compare = { EtcdConnection.ModRevisionIs(key, kv.ModRevision) },
                Success = { EtcdConnection.PutOp(key, EtcdCodec.EncodeUnit(record with { TargetState = state })) },
                Failure = { EtcdConnection.RangeOp(key) },
            };
            var response = await connection.TxnAsync(txn, what, cancellationToken);
            if (response.Succeeded)
            {
                return true;
            }

            kv = FirstKv(response);
        }

        return false;
    }

    public async ValueTask<bool> TryDeleteAsync(UnitName name, CancellationToken cancellationToken)
    {
        var key = _keys.Unit(name);
        var what = $"deleting unit {name}";
        var kv = await GetKvAsync(key, what, cancellationToken);
        while (kv is not null)
        {
            var hash = EtcdCodec.DecodeUnit(name, kv.Value)?.Hash;
            var txn = new TxnRequest
            {
                Compare = { EtcdConnection.ModRevisionIs(key, kv.ModRevision) },
                Success = { EtcdConnection.DeleteOp(key) },
                Failure = { EtcdConnection.RangeOp(key) },
            };
            if (hash is { } h)
            {
                txn.Success.Add(EtcdConnection.DeleteOp(_keys.UnitRef(h, name)));
            }

            var response = await connection.TxnAsync(txn, what, cancellationToken);
            if (response.Succeeded)
            {
                if (hash is { } collected)
                {
                    await CollectAsync(collected, cancellationToken);
                }

                return true;
            }

            kv = FirstKv(response);
        }

        return false;
    }

    public IAsyncEnumerable<WatchEvent<UnitName, UnitRecord>> WatchAsync(long afterRevision, CancellationToken cancellationToken) =>
        WatchMapping.MapAsync<UnitName, UnitRecord>(
            watcher.WatchPrefixAsync(_keys.Units, "units", afterRevision, cancellationToken), ParseKey, Decode, _logger);

    private bool ParseKey(KeyValue kv, out UnitName name) => KeyParsing.TryUnit(kv, _keys.Units, out name);

    private static UnitRecord? Decode(UnitName name, KeyValue kv) => EtcdCodec.DecodeUnit(name, kv.Value);

    /// <summary>One attempt: writes record, body and reference if the record is still at
    /// <paramref name="expected"/> mod revision (0: absent), dropping the old reference on a hash change.</summary>
    /// <returns>The revision written, or null and the record's current mod revision and hash.</returns>
    private async ValueTask<(long? Written, (long ModRevision, UnitHash? Hash) Current)> TryWriteAsync(
        UnitRecord record, string key, ByteString value, ByteString body, (long ModRevision, UnitHash? Hash) expected,
        string what, CancellationToken cancellationToken)
    {
        var txn = new TxnRequest
        {
            Compare = { EtcdConnection.ModRevisionIs(key, expected.ModRevision) },
            Success =
            {
                EtcdConnection.PutOp(key, value),

                // Re-putting the body moves its mod_revision, which fences off a concurrent GC of the same hash.
                EtcdConnection.PutOp(_keys.UnitFile(record.Hash), body),
                EtcdConnection.PutOp(_keys.UnitRef(record.Hash, record.Name), ByteString.Empty),
            },
            Failure = { EtcdConnection.RangeOp(key) },
        };
        if (expected.Hash is { } oldHash && oldHash != record.Hash)
        {
            txn.Success.Add(EtcdConnection.DeleteOp(_keys.UnitRef(oldHash, record.Name)));
        }

        var response = await connection.TxnAsync(txn, what, cancellationToken);
        if (response.Succeeded)
        {
            return (response.Header.Revision, default);
        }

        var current = FirstKv(response);
        return (null, (current?.ModRevision ?? 0, current is null ? null : EtcdCodec.DecodeUnit(record.Name, current.Value)?.Hash));
    }

    private async ValueTask<KeyValue?> GetKvAsync(string key, string what, CancellationToken cancellationToken)
    {
        var response = await connection.GetAsync(key, what, cancellationToken);
        return response.Kvs.Count == 0 ? null : response.Kvs[0];
    }

    private static KeyValue? FirstKv(TxnResponse response) =>
        response.Responses.Count > 0 && response.Responses[0].ResponseRange is { Kvs.Count: > 0 } range ? range.Kvs[0] : null;
}
