using Etcdserverpb;
using Fleet.Core.Units;
using Fleet.Registry.Etcd.Internal;
using Microsoft.Extensions.Logging;

namespace Fleet.Registry.Etcd;

/// <summary>Garbage collection of unit file bodies.</summary>
internal sealed partial class EtcdUnitStore
{
    /// <summary>Deletes the body of <paramref name="hash"/> when no unit references it any more.</summary>
    /// <remarks>Reads the body's mod_revision and the reference count at one revision, then deletes with a
    /// compare on that mod_revision. A concurrent create of the same hash re-puts the body in the same
    /// transaction as its reference, which moves the mod_revision and so fences the delete off. A failed
    /// collection only leaves garbage behind (logged); it never fails the write that triggered it.</remarks>
    internal async ValueTask CollectAsync(UnitHash hash, CancellationToken cancellationToken)
    {
        var bodyKey = _keys.UnitFile(hash);
        var refs = _keys.UnitRefsOf(hash);
        try
        {
            var read = await connection.TxnAsync(new TxnRequest
            {
                Success =
                {
                    EtcdConnection.RangeOp(bodyKey),
                    EtcdConnection.RangeOp(refs, EtcdKeys.PrefixEnd(refs), countOnly: true),
                },
            }, $"checking references to unit file {hash}", cancellationToken);
            var body = read.Responses[0].ResponseRange.Kvs;
            if (body.Count == 0 || read.Responses[1].ResponseRange.Count > 0)
            {
                return;
            }

            var delete = await connection.TxnAsync(new TxnRequest
            {
                Compare = { EtcdConnection.ModRevisionIs(bodyKey, body[0].ModRevision) },
                Success = { EtcdConnection.DeleteOp(bodyKey) },
            }, $"deleting unreferenced unit file {hash}", cancellationToken);
            if (delete.Succeeded)
            {
                Log.BodyCollected(_logger, hash.Hex);
            }
        }
        catch (RegistryUnavailableException ex)
        {
            Log.CollectFailed(_logger, hash.Hex, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3141, Level = LogLevel.Debug, Message = "Deleted unreferenced unit file {Hash}")]
        public static partial void BodyCollected(ILogger logger, string hash);

        [LoggerMessage(EventId = 3142, Level = LogLevel.Warning,
            Message = "Could not delete unreferenced unit file {Hash}; it stays until its hash is collected again: {Reason}")]
        public static partial void CollectFailed(ILogger logger, string hash, string reason);
    }
}
