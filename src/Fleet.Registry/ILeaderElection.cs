using Fleet.Core.Machines;

namespace Fleet.Registry;

/// <summary>Election of the one engine that writes schedules.</summary>
/// <remarks>Throws <see cref="RegistryUnavailableException"/> when the store cannot be reached.</remarks>
public interface ILeaderElection
{
    /// <summary>Waits until <paramref name="candidate"/> is elected, holding a lease of <paramref name="ttl"/>
    /// that the returned leadership keeps alive.</summary>
    ValueTask<ILeadership> CampaignAsync(MachineId candidate, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Reads the current leader, if any.</summary>
    ValueTask<MachineId?> GetLeaderAsync(CancellationToken cancellationToken);
}

/// <summary>Held leadership. Disposing it resigns (the next candidate is elected at once).</summary>
public interface ILeadership : IAsyncDisposable
{
    /// <summary>The fencing token every engine write must carry.</summary>
    LeaderFence Fence { get; }

    /// <summary>Cancelled when leadership is lost (lease expired, key deleted or taken over).</summary>
    CancellationToken Lost { get; }
}

/// <summary>Identifies one term of leadership: the leader key and the revision it was created at. A write
/// fenced with it lands only while that exact key is still in place.</summary>
/// <param name="Key">The store's leader key.</param>
/// <param name="Revision">The leader key's creation revision.</param>
/// <param name="Leader">The machine that holds this term.</param>
public sealed record LeaderFence(string Key, long Revision, MachineId Leader);
