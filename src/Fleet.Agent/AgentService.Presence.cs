using Fleet.Core.Machines;
using Fleet.Registry;

namespace Fleet.Agent;

/// <summary>Availability notifications and re-announcement of <see cref="AgentService"/>.</summary>
public sealed partial class AgentService
{
    private const int Unknown = 0;
    private const int Available = 1;
    private const int Unavailable = 2;
    private int _availability = Unknown;

    /// <summary>Re-announces this machine (<see cref="ILocalMachine.Current"/>, e.g. a new public IP or new
    /// metadata after SIGHUP) under the live presence, without re-registering.</summary>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when the store now shows the current state; <see langword="false"/>
    /// when no presence is live (the next registration announces the current state).</returns>
    /// <exception cref="RegistryUnavailableException">The store cannot be reached.</exception>
    public async Task<bool> AnnounceAsync(CancellationToken cancellationToken)
    {
        var session = _session;
        if (session is null || session.Lost.IsCancellationRequested)
        {
            return false;
        }

        var state = _machine.Current;
        if (!await session.TryUpdateAsync(state, cancellationToken))
        {
            return false;
        }

        Log.Announced(_logger, state.Id, state.PublicIp, state.Metadata);
        return true;
    }

    /// <summary>After a registration made with <paramref name="registered"/>: when the host changed this
    /// machine's state meanwhile, announces the change now (a reload that raced the registration).</summary>
    private async Task CatchUpAnnouncementAsync(IMachineSession session, MachineState registered, CancellationToken cancellationToken)
    {
        var current = _machine.Current;
        if (ReferenceEquals(current, registered) || current == registered)
        {
            return;
        }

        try
        {
            await session.TryUpdateAsync(current, cancellationToken);
        }
        catch (RegistryUnavailableException ex)
        {
            Log.AnnounceFailed(_logger, ex, current.Id);
        }
    }

    private void NotifyAvailable()
    {
        if (Interlocked.Exchange(ref _availability, Available) != Available)
        {
            foreach (var observer in _observers)
            {
                observer.OnAvailable(_machine.Current.Id);
            }
        }
    }

    private void NotifyUnavailable(string reason)
    {
        if (Interlocked.Exchange(ref _availability, Unavailable) != Unavailable)
        {
            foreach (var observer in _observers)
            {
                observer.OnUnavailable(_machine.Current.Id, reason);
            }
        }
    }
}
