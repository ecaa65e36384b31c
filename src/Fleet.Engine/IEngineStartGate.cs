namespace Fleet.Engine;

/// <summary>What the engine waits for before each campaign. fleetd opens it once this machine's presence is
/// registered and closes it while the presence is lost, so a fleetd whose machine ID is already in use never
/// leads (no split identity), as in fleet, where the engine starts only after registration.</summary>
/// <remarks>Implementations are thread-safe. Without a gate the engine campaigns at once.</remarks>
public interface IEngineStartGate
{
    /// <summary>Completes (at once when open) when the engine may campaign.</summary>
    /// <param name="cancellationToken">Cancels the wait; the task then throws <see cref="OperationCanceledException"/>.</param>
    Task WaitAsync(CancellationToken cancellationToken);
}
