using Fleet.Agent.UnitManagement;
using Fleet.Registry;

namespace Fleet.Agent;

/// <summary>The stop paths of <see cref="AgentService"/>.</summary>
public sealed partial class AgentService
{
    private async Task ReloadAfterPurgeAsync(int unloaded, CancellationToken cancellationToken)
    {
        if (unloaded == 0)
        {
            return;
        }

        try
        {
            await _manager.ReloadAsync(cancellationToken);
        }
        catch (UnitManagerException ex)
        {
            Log.PurgeReloadFailed(_logger, ex);
        }
    }

    private async Task RemoveStatesAsync(CancellationToken cancellationToken)
    {
        if (_session is not { Lost.IsCancellationRequested: false } session)
        {
            return;
        }

        try
        {
            foreach (var name in _publisher.Published.Order().ToList())
            {
                await _states.RemoveAsync(session, name, cancellationToken);
            }

            _publisher.Reset();
        }
        catch (RegistryUnavailableException ex)
        {
            // The states are bound to the session: they go when it is disposed or expires.
            Log.PurgeStatesFailed(_logger, ex);
        }
    }

    private async Task DisposeSessionAsync()
    {
        var session = Interlocked.Exchange(ref _session, null);
        if (session is not null)
        {
            await DisposeQuietlyAsync(session);
        }
    }

    private async Task DisposeQuietlyAsync(IMachineSession session)
    {
        try
        {
            await session.DisposeAsync();
        }
        catch (RegistryUnavailableException ex)
        {
            // The lease expires by itself after the agent TTL.
            Log.SessionDisposeFailed(_logger, ex, session.Machine);
        }
    }
}
