using Fleet.Agent.Reconciliation;
using Fleet.Agent.UnitManagement;
using Fleet.Core.Units;
using Fleet.Registry;

namespace Fleet.Agent;

/// <summary>Registration, adoption and the connected loop of <see cref="AgentService"/>.</summary>
public sealed partial class AgentService
{
    private async Task AdoptAsync(CancellationToken cancellationToken)
    {
        var backoff = NewBackoff();
        while (true)
        {
            TimeSpan delay;
            try
            {
                var loaded = await _manager.ListLoadedAsync(cancellationToken);
                var states = loaded.Count == 0
                    ? new Dictionary<UnitName, UnitState>()
                    : await _manager.GetStatesAsync([.. loaded.Keys], cancellationToken);
                foreach (var (name, hash) in loaded)
                {
                    var running = states.TryGetValue(name, out var state) && state.ActiveState is "active" or "activating" or "reloading";
                    _local.Set(name, new AgentUnit(hash, running ? TargetState.Launched : TargetState.Loaded));
                }

                Log.UnitsAdopted(_logger, loaded.Count, loaded.Keys);
                return;
            }
            catch (UnitManagerException ex)
            {
                delay = backoff.Next();
                Log.AdoptFailed(_logger, ex, delay);
            }

            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    private async Task<(IMachineSession Session, Core.Machines.MachineState Registered)> RegisterAsync(CancellationToken cancellationToken)
    {
        var backoff = NewBackoff();
        while (true)
        {
            var state = _machine.Current;
            TimeSpan delay;
            try
            {
                var session = await _machines.TryRegisterAsync(state, _options.AgentTtl, cancellationToken);
                if (session is not null)
                {
                    Log.Registered(_logger, state.Id, _options.AgentTtl);
                    return (session, state);
                }

                delay = backoff.Next();
                Log.DuplicateMachineId(_logger, state.Id, delay);
                NotifyUnavailable($"machine ID {state.Id} is already present in the cluster (another fleetd uses it)");
            }
            catch (RegistryUnavailableException ex)
            {
                delay = backoff.Next();
                Log.RegisterFailed(_logger, ex, state.Id, delay);
                NotifyUnavailable($"could not register machine {state.Id}: {ex.Message}");
            }

            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    /// <summary>Runs until the session is lost (returns) or the agent stops (throws cancellation); store
    /// outages in between only pause the agent, with backoff.</summary>
    private async Task RunSessionAsync(IMachineSession session, CancellationToken cancellationToken)
    {
        var backoff = NewBackoff();
        while (!session.Lost.IsCancellationRequested)
        {
            try
            {
                await RunConnectedAsync(session, backoff, cancellationToken);
                return;
            }
            catch (RegistryUnavailableException ex)
            {
                var delay = backoff.Next();
                Log.StoreUnavailable(_logger, ex, _local.Count, delay);
                NotifyUnavailable($"the store is unavailable: {ex.Message}");
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.Lost);
                try
                {
                    await Task.Delay(delay, _time, wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && session.Lost.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
