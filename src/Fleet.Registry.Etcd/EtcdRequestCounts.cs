namespace Fleet.Registry.Etcd;

/// <summary>How many requests this client sent to etcd, by kind, since it was connected (client-side
/// counts, for measurement). A watch stream counts once per (re)creation, a keep-alive once per message.</summary>
/// <param name="Range">Reads (one per page of a list).</param>
/// <param name="Txn">Transactions (conditional and batched writes).</param>
/// <param name="Put">Plain puts.</param>
/// <param name="DeleteRange">Plain deletes.</param>
/// <param name="LeaseGrant">Leases granted.</param>
/// <param name="LeaseRevoke">Leases revoked.</param>
/// <param name="LeaseKeepAlive">Keep-alive messages sent on the shared keep-alive stream.</param>
/// <param name="WatchCreate">Watches created (first ones and re-creations after a reconnect).</param>
/// <param name="Other">Authentication and maintenance requests.</param>
public sealed record EtcdRequestCounts(
    long Range, long Txn, long Put, long DeleteRange, long LeaseGrant, long LeaseRevoke, long LeaseKeepAlive, long WatchCreate, long Other)
{
    /// <summary>Every request except keep-alive messages.</summary>
    public long WithoutKeepAlives => Range + Txn + Put + DeleteRange + LeaseGrant + LeaseRevoke + WatchCreate + Other;

    /// <summary>The difference from an earlier reading.</summary>
    public EtcdRequestCounts Since(EtcdRequestCounts earlier) => new(
        Range - earlier.Range, Txn - earlier.Txn, Put - earlier.Put, DeleteRange - earlier.DeleteRange,
        LeaseGrant - earlier.LeaseGrant, LeaseRevoke - earlier.LeaseRevoke, LeaseKeepAlive - earlier.LeaseKeepAlive,
        WatchCreate - earlier.WatchCreate, Other - earlier.Other);
}
