using System.Runtime.CompilerServices;
using Fleet.Core.Units;
using Fleet.Registry;

namespace Fleet.Engine.Tests.Support;

/// <summary>A unit store that runs <paramref name="afterList"/> once, after handing over the last page of its first
/// <see cref="ListPagesAsync"/> and before that read completes: a change made between a new leader's read and the
/// start of its watch.</summary>
public sealed class WriteAfterListUnitStore(IUnitStore inner, Func<IUnitStore, Task> afterList) : IUnitStore
{
    private int _lists;

    public ValueTask<Snapshot<UnitRecord>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public async IAsyncEnumerable<Snapshot<UnitRecord>> ListPagesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var page in inner.ListPagesAsync(cancellationToken))
        {
            yield return page;
        }

        if (Interlocked.Increment(ref _lists) == 1)
        {
            await afterList(inner);
        }
    }

    public ValueTask<UnitRecord?> GetAsync(UnitName name, CancellationToken cancellationToken) => inner.GetAsync(name, cancellationToken);

    public ValueTask<UnitFile?> GetFileAsync(UnitHash hash, CancellationToken cancellationToken) => inner.GetFileAsync(hash, cancellationToken);

    public ValueTask<long> PutAsync(UnitRecord record, UnitFile file, CancellationToken cancellationToken) => inner.PutAsync(record, file, cancellationToken);

    public ValueTask<bool> TrySetTargetStateAsync(UnitName name, TargetState state, CancellationToken cancellationToken) =>
        inner.TrySetTargetStateAsync(name, state, cancellationToken);

    public ValueTask<bool> TryDeleteAsync(UnitName name, CancellationToken cancellationToken) => inner.TryDeleteAsync(name, cancellationToken);

    public IAsyncEnumerable<WatchEvent<UnitName, UnitRecord>> WatchAsync(long afterRevision, CancellationToken cancellationToken) =>
        inner.WatchAsync(afterRevision, cancellationToken);
}
