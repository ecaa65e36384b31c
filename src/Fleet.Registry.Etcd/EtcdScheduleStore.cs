using System.Runtime.CompilerServices;
using Etcdserverpb;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Registry.Etcd.Internal;
using Microsoft.Extensions.Logging;
using Mvccpb;

namespace Fleet.Registry.Etcd;

/// <summary><see cref="IScheduleStore"/> on etcd: <c>schedule/&lt;machine&gt;/&lt;unit&gt;</c> (what agents
/// watch) and <c>placement/&lt;unit&gt;/&lt;machine&gt;</c> (the index by unit), written together in fenced transactions.</summary>
internal sealed class EtcdScheduleStore(EtcdConnection connection, EtcdWatcher watcher) : IScheduleStore
{
    /// <summary>etcd's default <c>--max-txn-ops</c>.</summary>
    public const int MaxOpsPerTxn = 128;

    private readonly EtcdKeys _keys = connection.Keys;
    private readonly ILogger _logger = connection.LoggerFactory.CreateLogger<EtcdScheduleStore>();

    public async ValueTask<Snapshot<ScheduleEntry>> ListAsync(CancellationToken cancellationToken)
    {
        var (items, revision) = await connection.ListPrefixAsync(_keys.Schedule, "listing schedules", 0, cancellationToken);
        return new(DecodeEntries(items).OrderBy(e => e.Machine).ThenBy(e => e.Unit).ToList(), revision); // key order puts "m-1/" before "m/"
    }

    public async IAsyncEnumerable<Snapshot<ScheduleEntry>> ListPagesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (items, revision) in connection.ListPrefixPagesAsync(_keys.Schedule, "listing schedules", cancellationToken))
        {
            yield return new(DecodeEntries(items), revision);
        }
    }

    public async ValueTask<Snapshot<ScheduleEntry>> ListMachineAsync(MachineId machine, CancellationToken cancellationToken)
    {
        var prefix = _keys.ScheduleOf(machine);
        var (items, revision) = await connection.ListPrefixAsync(prefix, $"listing the schedule of machine {machine}", 0, cancellationToken);
        return new(DecodeMachineEntries(machine, prefix, items), revision);
    }

    public async ValueTask<IReadOnlyList<ScheduleEntry>> ListUnitAsync(UnitName unit, CancellationToken cancellationToken)
    {
        var prefix = _keys.PlacementOf(unit);
        var (items, _) = await connection.ListPrefixAsync(prefix, $"listing the placement of unit {unit}", 0, cancellationToken);
        return WatchMapping.DecodeAll<MachineId, ScheduleEntry>(
            items, (KeyValue kv, out MachineId key) => KeyParsing.TryMachine(kv, prefix, out key),
            (machine, kv) => EtcdCodec.DecodeSchedule(unit, machine, kv.Value), _logger);
    }

    public IAsyncEnumerable<WatchEvent<UnitName, ScheduleEntry>> WatchMachineAsync(
        MachineId machine, long afterRevision, CancellationToken cancellationToken)
    {
        var prefix = _keys.ScheduleOf(machine);
        return WatchMapping.MapAsync<UnitName, ScheduleEntry>(
            watcher.WatchPrefixAsync(prefix, $"the schedule of machine {machine}", afterRevision, cancellationToken),
            (KeyValue kv, out UnitName key) => KeyParsing.TryUnit(kv, prefix, out key),
            (unit, kv) => EtcdCodec.DecodeSchedule(unit, machine, kv.Value), _logger);
    }

    public async ValueTask<bool> TryApplyAsync(LeaderFence fence, IReadOnlyList<ScheduleWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fence);
        ArgumentNullException.ThrowIfNull(writes);
        foreach (var write in writes)
        {
            if (write.Kind == ChangeKind.Put && write.Entry.TargetState == TargetState.Inactive)
            {
                throw new ArgumentException(
                    $"schedule entry {write.Entry.Unit} on {write.Entry.Machine}: target state inactive is not scheduled (delete it instead).", nameof(writes));
            }
        }

        foreach (var txn in Batch(fence, writes))
        {
            var response = await connection.TxnAsync(txn, $"writing {txn.Success.Count / 2} schedule entries", cancellationToken);
            if (!response.Succeeded)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Splits the writes into fenced transactions of at most <see cref="MaxOpsPerTxn"/> operations
    /// (two per write), also splitting where a key repeats (etcd refuses a key twice in one transaction).
    /// An empty batch still yields one transaction, so that the answer tells whether the fence holds.</summary>
    internal IEnumerable<TxnRequest> Batch(LeaderFence fence, IReadOnlyList<ScheduleWrite> writes)
    {
        var current = NewTxn(fence);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var write in writes)
        {
            var entry = write.Entry;
            var scheduleKey = _keys.ScheduleEntry(entry.Machine, entry.Unit);
            if (current.Success.Count + 2 > MaxOpsPerTxn || keys.Contains(scheduleKey))
            {
                yield return current;
                current = NewTxn(fence);
                keys.Clear();
            }

            keys.Add(scheduleKey);
            var placementKey = _keys.PlacementEntry(entry.Unit, entry.Machine);
            if (write.Kind == ChangeKind.Put)
            {
                var value = EtcdCodec.EncodeSchedule(entry);
                current.Success.Add(EtcdConnection.PutOp(scheduleKey, value));
                current.Success.Add(EtcdConnection.PutOp(placementKey, value));
            }
            else
            {
                current.Success.Add(EtcdConnection.DeleteOp(scheduleKey));
                current.Success.Add(EtcdConnection.DeleteOp(placementKey));
            }
        }

        yield return current;
    }

    private static TxnRequest NewTxn(LeaderFence fence) => new()
    {
        Compare = { EtcdConnection.CreateRevisionIs(fence.Key, fence.Revision) },
    };

    private List<ScheduleEntry> DecodeEntries(IEnumerable<KeyValue> items) =>
        WatchMapping.DecodeAll<(MachineId Machine, UnitName Unit), ScheduleEntry>(
            items, (KeyValue kv, out (MachineId, UnitName) key) => KeyParsing.TryMachineUnit(kv, _keys.Schedule, out key),
            (key, kv) => EtcdCodec.DecodeSchedule(key.Unit, key.Machine, kv.Value), _logger);

    private List<ScheduleEntry> DecodeMachineEntries(MachineId machine, string prefix, IEnumerable<KeyValue> items) =>
        WatchMapping.DecodeAll<UnitName, ScheduleEntry>(
            items, (KeyValue kv, out UnitName key) => KeyParsing.TryUnit(kv, prefix, out key),
            (unit, kv) => EtcdCodec.DecodeSchedule(unit, machine, kv.Value), _logger);
}
