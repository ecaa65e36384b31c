namespace Fleet.Registry.Etcd.Internal;

/// <summary>Kinds of etcd requests, for client-side counting.</summary>
internal enum EtcdRequestKind
{
    Range,
    Txn,
    Put,
    DeleteRange,
    LeaseGrant,
    LeaseRevoke,
    LeaseKeepAlive,
    WatchCreate,
    Other,
}
