using System.Runtime.CompilerServices;
using Fleet.Core.Units;

namespace Fleet.Registry;

/// <summary>Units' desired state and their content-addressed unit file bodies.</summary>
/// <remarks>
/// Every method throws <see cref="RegistryUnavailableException"/> when the store cannot be reached, and
/// <see cref="OperationCanceledException"/> when cancelled; expected outcomes are return values.
/// A body is stored once per hash and is garbage-collected when no unit references it any more.
/// </remarks>
public interface IUnitStore
{
    /// <summary>Reads every unit record (paging through large ranges), in name order.</summary>
    ValueTask<Snapshot<UnitRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Reads every unit record as <see cref="ListAsync"/> does, handing them over page by page as the
    /// store delivers them, so that the caller can work on one page while the next is read (a new leader's load).
    /// Every page is read at the same revision, which it carries; together the pages hold exactly what
    /// <see cref="ListAsync"/> returns at that revision, each unit once. The default implementation yields
    /// <see cref="ListAsync"/>'s result as a single page.</summary>
    async IAsyncEnumerable<Snapshot<UnitRecord>> ListPagesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return await ListAsync(cancellationToken);
    }

    /// <summary>Reads one unit record.</summary>
    /// <returns>The record, or <see langword="null"/> when no such unit exists.</returns>
    ValueTask<UnitRecord?> GetAsync(UnitName name, CancellationToken cancellationToken);

    /// <summary>Reads a unit file body by hash.</summary>
    /// <returns>The body, or <see langword="null"/> when no body with that hash is stored.</returns>
    ValueTask<UnitFile?> GetFileAsync(UnitHash hash, CancellationToken cancellationToken);

    /// <summary>Creates the unit, or replaces it (new body, new target state), in one atomic write of
    /// body and record. <paramref name="record"/>'s hash must be <paramref name="file"/>'s hash.</summary>
    /// <returns>The store revision of the write.</returns>
    ValueTask<long> PutAsync(UnitRecord record, UnitFile file, CancellationToken cancellationToken);

    /// <summary>Changes the target state of an existing unit.</summary>
    /// <returns><see langword="false"/> when the unit does not exist.</returns>
    ValueTask<bool> TrySetTargetStateAsync(UnitName name, TargetState state, CancellationToken cancellationToken);

    /// <summary>Deletes a unit.</summary>
    /// <returns><see langword="false"/> when the unit does not exist.</returns>
    ValueTask<bool> TryDeleteAsync(UnitName name, CancellationToken cancellationToken);

    /// <summary>Follows every change to unit records after <paramref name="afterRevision"/> (usually the
    /// revision of a <see cref="ListAsync"/>). Reconnects by itself with capped, jittered backoff; when the
    /// history was compacted it yields a <see cref="WatchReset{TKey, TValue}"/>. Ends only by cancellation.</summary>
    IAsyncEnumerable<WatchEvent<UnitName, UnitRecord>> WatchAsync(long afterRevision, CancellationToken cancellationToken);
}
