namespace Fleet.Registry.Etcd.Internal;

/// <summary>Thread-safe request counts per <see cref="EtcdRequestKind"/>.</summary>
internal sealed class EtcdRequestCounter
{
    private readonly long[] _counts = new long[Enum.GetValues<EtcdRequestKind>().Length];

    public void Add(EtcdRequestKind kind, long count = 1) => Interlocked.Add(ref _counts[(int)kind], count);

    public EtcdRequestCounts Read()
    {
        long Get(EtcdRequestKind kind) => Interlocked.Read(ref _counts[(int)kind]);
        return new(
            Get(EtcdRequestKind.Range), Get(EtcdRequestKind.Txn), Get(EtcdRequestKind.Put), Get(EtcdRequestKind.DeleteRange),
            Get(EtcdRequestKind.LeaseGrant), Get(EtcdRequestKind.LeaseRevoke), Get(EtcdRequestKind.LeaseKeepAlive),
            Get(EtcdRequestKind.WatchCreate), Get(EtcdRequestKind.Other));
    }
}
