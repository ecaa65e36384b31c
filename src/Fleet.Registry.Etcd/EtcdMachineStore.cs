using Etcdserverpb;
using Fleet.Core.Machines;
using Fleet.Registry.Etcd.Internal;
using Grpc.Core;
using Mvccpb;

namespace Fleet.Registry.Etcd;

/// <summary><see cref="IMachineStore"/> on etcd: presence under <c>machines/present/&lt;id&gt;</c> bound to the
/// machine's lease, dynamic metadata under <c>machines/metadata/&lt;id&gt;/&lt;key&gt;</c> without one.</summary>
internal sealed class EtcdMachineStore(EtcdConnection connection, EtcdWatcher watcher, LeaseKeeper keeper) : IMachineStore
{
    private readonly EtcdKeys _keys = connection.Keys;

    public async ValueTask<IMachineSession?> TryRegisterAsync(MachineState machine, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var what = $"registering machine {machine.Id}";
        var lease = await keeper.GrantAsync(ttl, what, cancellationToken);
        var key = _keys.PresenceOf(machine.Id);
        try
        {
            var response = await connection.TxnAsync(new TxnRequest
            {
                Compare = { EtcdConnection.CreateRevisionIs(key, 0) },
                Success = { EtcdConnection.PutOp(key, EtcdCodec.EncodeMachine(machine), lease.Id) },
            }, what, cancellationToken);
            if (response.Succeeded)
            {
                return new EtcdMachineSession(connection, keeper, lease, machine.Id);
            }
        }
        catch
        {
            keeper.Abandon(lease);
            throw;
        }

        await keeper.RevokeAsync(lease, $"releasing the lease of duplicate machine {machine.Id}", cancellationToken);
        return null;
    }

    public async ValueTask<Snapshot<MachineState>> ListAsync(CancellationToken cancellationToken)
    {
        var (items, revision) = await connection.ListPrefixAsync(_keys.Machines, "listing machines", 0, cancellationToken);
        return new(MachineView.From(_keys, items).All(), revision);
    }

    public async IAsyncEnumerable<WatchEvent<MachineId, MachineState>> WatchAsync(
        long afterRevision, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Effective states need the metadata as of afterRevision; when that was compacted, start with a reset.
        var view = new MachineView(_keys);
        if (afterRevision > 0)
        {
            var initial = await TryReadAtAsync(afterRevision, cancellationToken);
            if (initial is null)
            {
                var (items, revision) = await connection.ListPrefixAsync(_keys.Machines, "listing machines", 0, cancellationToken);
                view = MachineView.From(_keys, items);
                afterRevision = revision;
                yield return new WatchReset<MachineId, MachineState>(view.All(), revision);
            }
            else
            {
                view = initial;
            }
        }

        await foreach (var batch in watcher.WatchPrefixAsync(_keys.Machines, "machines", afterRevision, cancellationToken))
        {
            if (batch is RawWatchReset reset)
            {
                view = MachineView.From(_keys, reset.Items);
                yield return new WatchReset<MachineId, MachineState>(view.All(), reset.Revision);
                continue;
            }

            var changes = new List<Change<MachineId, MachineState>>();
            foreach (var e in ((RawWatchEvents)batch).Events)
            {
                if (view.Apply(e.Kv, e.Type == Event.Types.EventType.Delete) is not { } id)
                {
                    continue;
                }

                var state = view.Effective(id);
                var isPresence = e.Kv.Key.ToStringUtf8().StartsWith(_keys.Presence, StringComparison.Ordinal);
                if (state is not null)
                {
                    changes.Add(new(ChangeKind.Put, id, state, e.Kv.ModRevision));
                }
                else if (isPresence)
                {
                    changes.Add(new(ChangeKind.Delete, id, null, e.Kv.ModRevision));
                }
            }

            if (changes.Count > 0)
            {
                yield return new WatchChanges<MachineId, MachineState>(changes, batch.Revision);
            }
        }
    }

    public async ValueTask SetMetadataAsync(MachineId machine, string key, string? value, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(key) || key.Contains('/', StringComparison.Ordinal) || key.Any(char.IsControl))
        {
            throw new ArgumentException($"metadata key '{key}' of machine {machine} must be non-empty, without '/' or control characters.", nameof(key));
        }

        var entry = _keys.MetadataEntry(machine, key);
        var what = $"setting metadata {key} of machine {machine}";
        // An empty value is a tombstone, as in fleet: it hides the key, configured metadata included.
        var op = EtcdConnection.PutOp(entry, Google.Protobuf.ByteString.CopyFromUtf8(value ?? string.Empty));
        await connection.TxnAsync(new TxnRequest { Success = { op } }, what, cancellationToken);
    }

    private async ValueTask<MachineView?> TryReadAtAsync(long revision, CancellationToken cancellationToken)
    {
        try
        {
            var (items, _) = await connection.ListPrefixAsync(_keys.Machines, "listing machines", revision, cancellationToken);
            return MachineView.From(_keys, items);
        }
        catch (RpcException ex) when (EtcdConnection.IsCompacted(ex))
        {
            return null;
        }
    }
}
