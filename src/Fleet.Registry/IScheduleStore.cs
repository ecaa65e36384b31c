using System.Runtime.CompilerServices;
using Fleet.Core.Machines;
using Fleet.Core.Units;

namespace Fleet.Registry;

/// <summary>Per-machine schedules: which units each machine should hold, at which hash and target state.</summary>
/// <remarks>
/// Only the elected engine writes, and every write is fenced by its leadership: a deposed leader's
/// <see cref="TryApplyAsync"/> returns <see langword="false"/> and changes nothing. An agent reads and
/// watches its own machine's schedule alone, so a placement wakes exactly the machine it concerns.
/// Throws <see cref="RegistryUnavailableException"/> when the store cannot be reached.
/// </remarks>
public interface IScheduleStore
{
    /// <summary>Reads every machine's schedule (the engine, once after it is elected; the API).</summary>
    ValueTask<Snapshot<ScheduleEntry>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Reads every machine's schedule as <see cref="ListAsync"/> does, handing the entries over page by
    /// page as the store delivers them (in the store's key order, not necessarily <see cref="ListAsync"/>'s), so
    /// that the caller can work on one page while the next is read (a new leader's load). Every page is read at
    /// the same revision, which it carries; together the pages hold exactly the entries <see cref="ListAsync"/>
    /// returns at that revision, each once. The default implementation yields <see cref="ListAsync"/>'s result
    /// as a single page.</summary>
    async IAsyncEnumerable<Snapshot<ScheduleEntry>> ListPagesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return await ListAsync(cancellationToken);
    }

    /// <summary>Reads one machine's schedule.</summary>
    ValueTask<Snapshot<ScheduleEntry>> ListMachineAsync(MachineId machine, CancellationToken cancellationToken);

    /// <summary>Reads where a unit is placed (non-global units have at most one entry; global units one per machine).</summary>
    ValueTask<IReadOnlyList<ScheduleEntry>> ListUnitAsync(UnitName unit, CancellationToken cancellationToken);

    /// <summary>Follows one machine's schedule after <paramref name="afterRevision"/>; same resume and
    /// reset rules as <see cref="IUnitStore.WatchAsync"/>.</summary>
    IAsyncEnumerable<WatchEvent<UnitName, ScheduleEntry>> WatchMachineAsync(MachineId machine, long afterRevision, CancellationToken cancellationToken);

    /// <summary>Applies the writes in order. Large batches are split into several atomic transactions
    /// (etcd allows 128 operations in one); each one also checks <paramref name="fence"/>.</summary>
    /// <returns><see langword="false"/> when the fence no longer holds (leadership lost): the transaction
    /// that found out changed nothing, earlier ones of the same call may have landed.</returns>
    ValueTask<bool> TryApplyAsync(LeaderFence fence, IReadOnlyList<ScheduleWrite> writes, CancellationToken cancellationToken);
}

/// <summary>One write to the schedule.</summary>
/// <param name="Kind">Put (place or update) or delete (unschedule).</param>
/// <param name="Entry">The entry; for a delete only its unit and machine matter.</param>
public sealed record ScheduleWrite(ChangeKind Kind, ScheduleEntry Entry)
{
    /// <summary>Places or updates an entry.</summary>
    public static ScheduleWrite Put(ScheduleEntry entry) => new(ChangeKind.Put, entry);

    /// <summary>Removes a unit from a machine's schedule.</summary>
    public static ScheduleWrite Delete(ScheduleEntry entry) => new(ChangeKind.Delete, entry);
}
