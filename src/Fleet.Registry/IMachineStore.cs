using Fleet.Core.Machines;

namespace Fleet.Registry;

/// <summary>Machine presence (bound to a lease the machine keeps alive) and dynamic metadata.</summary>
/// <remarks>
/// Keep-alives are not writes: other machines see a machine appear and disappear, nothing in between.
/// Dynamic metadata (PATCH /machines) outlives a machine's absence and overlays its configured metadata.
/// Throws <see cref="RegistryUnavailableException"/> when the store cannot be reached.
/// </remarks>
public interface IMachineStore
{
    /// <summary>Announces this machine with a lease of <paramref name="ttl"/> that the returned session
    /// keeps alive until it is disposed (which removes the presence and everything bound to it).</summary>
    /// <returns>The session, or <see langword="null"/> when a live machine with the same ID is already
    /// present (a duplicate machine ID: never a split identity).</returns>
    ValueTask<IMachineSession?> TryRegisterAsync(MachineState machine, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Reads every present machine with its effective metadata, in ID order.</summary>
    ValueTask<Snapshot<MachineState>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Follows presence and metadata changes after <paramref name="afterRevision"/>. A put carries
    /// the machine's full effective state; a delete means it went away.</summary>
    IAsyncEnumerable<WatchEvent<MachineId, MachineState>> WatchAsync(long afterRevision, CancellationToken cancellationToken);

    /// <summary>Sets (or with a null or empty value removes) one dynamic metadata key of a machine, present or not.</summary>
    /// <remarks>As in fleet (PATCH remove writes ""), a removed key is absent from the effective metadata even
    /// when the machine's configuration sets it. A present machine's new effective state is one watch put.</remarks>
    ValueTask SetMetadataAsync(MachineId machine, string key, string? value, CancellationToken cancellationToken);
}

/// <summary>A machine's live presence. Disposing it removes the presence and every state bound to it.</summary>
public interface IMachineSession : IAsyncDisposable
{
    /// <summary>The machine this session announces.</summary>
    MachineId Machine { get; }

    /// <summary>Cancelled when the presence is lost (lease expired or revoked); a new session must be registered.</summary>
    CancellationToken Lost { get; }

    /// <summary>Rewrites the announced state (new IP or configured metadata after a reload) under the same lease.</summary>
    /// <returns><see langword="false"/> when the session was already lost.</returns>
    ValueTask<bool> TryUpdateAsync(MachineState machine, CancellationToken cancellationToken);
}
