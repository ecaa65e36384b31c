using Fleet.Core.Units;
using Fleet.Registry;

namespace Fleet.Engine.Tests.Support;

/// <summary>A unit store whose first <paramref name="failures"/> lists throw <see cref="RegistryUnavailableException"/>;
/// counts lists and watches.</summary>
public sealed class FailingUnitStore(IUnitStore inner, int failures) : IUnitStore
{
    private int _lists;
    private int _watches;

    public int Lists => Volatile.Read(ref _lists);

    public int Watches => Volatile.Read(ref _watches);

    public ValueTask<Snapshot<UnitRecord>> ListAsync(CancellationToken cancellationToken) =>
        Interlocked.Increment(ref _lists) <= failures
            ? throw new RegistryUnavailableException("test: unit store unavailable")
            : inner.ListAsync(cancellationToken);

    public ValueTask<UnitRecord?> GetAsync(UnitName name, CancellationToken cancellationToken) => inner.GetAsync(name, cancellationToken);

    public ValueTask<UnitFile?> GetFileAsync(UnitHash hash, CancellationToken cancellationToken) => inner.GetFileAsync(hash, cancellationToken);

    public ValueTask<long> PutAsync(UnitRecord record, UnitFile file, CancellationToken cancellationToken) => inner.PutAsync(record, file, cancellationToken);

    public ValueTask<bool> TrySetTargetStateAsync(UnitName name, TargetState state, CancellationToken cancellationToken) =>
        inner.TrySetTargetStateAsync(name, state, cancellationToken);

    public ValueTask<bool> TryDeleteAsync(UnitName name, CancellationToken cancellationToken) => inner.TryDeleteAsync(name, cancellationToken);

    public IAsyncEnumerable<WatchEvent<UnitName, UnitRecord>> WatchAsync(long afterRevision, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _watches);
        return inner.WatchAsync(afterRevision, cancellationToken);
    }
}
