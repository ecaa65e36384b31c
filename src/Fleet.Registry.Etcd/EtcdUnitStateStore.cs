using Etcdserverpb;
using Fleet.Core.Units;
using Fleet.Registry.Etcd.Internal;
using Microsoft.Extensions.Logging;
using Mvccpb;

namespace Fleet.Registry.Etcd;

/// <summary><see cref="IUnitStateStore"/> on etcd: <c>states/&lt;unit&gt;/&lt;machine&gt;</c>, bound to the
/// reporting machine's lease so that the states vanish with the machine.</summary>
internal sealed class EtcdUnitStateStore(EtcdConnection connection) : IUnitStateStore
{
    private readonly EtcdKeys _keys = connection.Keys;
    private readonly ILogger _logger = connection.LoggerFactory.CreateLogger<EtcdUnitStateStore>();

    public ValueTask<bool> TryPublishAsync(IMachineSession session, UnitStateRecord state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var own = Own(session);
        if (state.Machine != own.Machine)
        {
            throw new ArgumentException($"session of machine {own.Machine} cannot publish a state of machine {state.Machine}.", nameof(state));
        }

        return own.TryPutBoundAsync(
            _keys.State(state.Unit, state.Machine), EtcdCodec.EncodeState(state),
            $"publishing the state of unit {state.Unit} on machine {state.Machine}", cancellationToken);
    }

    public async ValueTask RemoveAsync(IMachineSession session, UnitName unit, CancellationToken cancellationToken)
    {
        var own = Own(session);
        await connection.TxnAsync(
            new TxnRequest { Success = { EtcdConnection.DeleteOp(_keys.State(unit, own.Machine)) } },
            $"removing the state of unit {unit} on machine {own.Machine}", cancellationToken);
    }

    public async ValueTask<Snapshot<UnitStateRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var (items, revision) = await connection.ListPrefixAsync(_keys.States, "listing unit states", 0, cancellationToken);
        return new(WatchMapping.DecodeAll<(UnitName Unit, Fleet.Core.Machines.MachineId Machine), UnitStateRecord>(
            items, (KeyValue kv, out (UnitName, Fleet.Core.Machines.MachineId) key) => KeyParsing.TryUnitMachine(kv, _keys.States, out key),
            (key, kv) => EtcdCodec.DecodeState(key.Unit, key.Machine, kv.Value), _logger)
            .OrderBy(s => s.Unit).ThenBy(s => s.Machine).ToList(), revision); // key order puts "a-b.service/" before "a.service/"

    }

    public async ValueTask<IReadOnlyList<UnitStateRecord>> ListUnitAsync(UnitName unit, CancellationToken cancellationToken)
    {
        var prefix = _keys.StatesOf(unit);
        var (items, _) = await connection.ListPrefixAsync(prefix, $"listing the states of unit {unit}", 0, cancellationToken);
        return WatchMapping.DecodeAll<Fleet.Core.Machines.MachineId, UnitStateRecord>(
            items, (KeyValue kv, out Fleet.Core.Machines.MachineId key) => KeyParsing.TryMachine(kv, prefix, out key),
            (machine, kv) => EtcdCodec.DecodeState(unit, machine, kv.Value), _logger);
    }

    private EtcdMachineSession Own(IMachineSession session) =>
        session is EtcdMachineSession own && ReferenceEquals(own.Connection, connection)
            ? own
            : throw new ArgumentException("the session was not registered through this etcd registry's machine store.", nameof(session));
}
