using Fleet.Core.Machines;
using Fleet.Registry.Etcd.Internal;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Fleet.Registry.Etcd;

/// <summary>A machine's presence: its lease, kept alive by the connection's <see cref="LeaseKeeper"/>.</summary>
internal sealed partial class EtcdMachineSession(EtcdConnection connection, LeaseKeeper keeper, KeptLease lease, MachineId machine)
    : IMachineSession
{
    private readonly ILogger _logger = connection.LoggerFactory.CreateLogger<EtcdMachineSession>();
    private int _disposed;

    public MachineId Machine => machine;

    public CancellationToken Lost => lease.Lost;

    /// <summary>The lease every key of this machine is bound to.</summary>
    internal KeptLease Lease => lease;

    /// <summary>The connection this session belongs to (a session works only with its own registry's stores).</summary>
    internal EtcdConnection Connection => connection;

    public async ValueTask<bool> TryUpdateAsync(MachineState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Id != machine)
        {
            throw new ArgumentException($"session of machine {machine} cannot announce machine {state.Id}.", nameof(state));
        }

        return await TryPutBoundAsync(connection.Keys.PresenceOf(machine), EtcdCodec.EncodeMachine(state), $"updating machine {machine}", cancellationToken);
    }

    /// <summary>Puts a key bound to this session's lease.</summary>
    /// <returns>False when the lease is gone (and the session is then lost).</returns>
    internal async ValueTask<bool> TryPutBoundAsync(string key, Google.Protobuf.ByteString value, string what, CancellationToken cancellationToken)
    {
        if (lease.IsLost)
        {
            return false;
        }

        try
        {
            await connection.TxnAsync(
                new Etcdserverpb.TxnRequest { Success = { EtcdConnection.PutOp(key, value, lease.Id) } }, what, cancellationToken);
            return true;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            // "etcdserver: requested lease not found": the lease expired.
            lease.MarkLost();
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(connection.RequestTimeout, connection.Time);
            await keeper.RevokeAsync(lease, $"removing machine {machine}", timeout.Token);
        }
        catch (Exception ex) when (ex is RegistryUnavailableException or OperationCanceledException)
        {
            Log.RevokeFailed(_logger, machine, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3151, Level = LogLevel.Warning,
            Message = "Could not remove machine {MachineId} from etcd; it disappears when its lease expires: {Reason}")]
        public static partial void RevokeFailed(ILogger logger, MachineId machineId, string reason);
    }
}
