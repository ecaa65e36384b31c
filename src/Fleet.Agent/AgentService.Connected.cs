using System.Runtime.ExceptionServices;
using Fleet.Agent.Reconciliation;
using Fleet.Agent.UnitManagement;
using Fleet.Core.Retry;
using Fleet.Core.Units;
using Fleet.Registry;

namespace Fleet.Agent;

/// <summary>The connected phase of <see cref="AgentService"/>: schedule follower, state follower and the
/// single reconcile worker, all bound to one session.</summary>
public sealed partial class AgentService
{
    private enum PassOutcome
    {
        Done,
        Failed,
        SessionLost,
    }

    /// <summary>Lists the schedule, then follows it and the local states until the session is lost (returns),
    /// the store fails (throws <see cref="RegistryUnavailableException"/>) or the agent stops.</summary>
    private async Task RunConnectedAsync(IMachineSession session, Backoff storeBackoff, CancellationToken cancellationToken)
    {
        using var epoch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.Lost);
        var token = epoch.Token;
        var machine = session.Machine;
        var snapshot = await _schedule.ListMachineAsync(machine, token);
        _desired.Replace(snapshot.Items);
        storeBackoff.Reset();
        NotifyAvailable();
        Log.ScheduleRead(_logger, machine, snapshot.Items.Count, snapshot.Revision);

        _publisher.Reset();
        _publisher.MarkDirty(_local.Snapshot().Keys);
        var signal = new ReconcileSignal();
        signal.Set();
        Task[] loops =
        [
            _options.DisableWatches ? PollScheduleAsync(machine, signal, token) : WatchScheduleAsync(machine, snapshot.Revision, signal, token),
            FollowStatesAsync(signal, token),
            WorkAsync(session, signal, token, cancellationToken),
        ];
        await Task.WhenAny(loops);
        await epoch.CancelAsync();
        ExceptionDispatchInfo? failure = null;
        foreach (var loop in loops)
        {
            try
            {
                await loop;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Ended with the epoch.
            }
            catch (Exception ex) when (failure is null)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        failure?.Throw();
    }

    private async Task WatchScheduleAsync(Fleet.Core.Machines.MachineId machine, long revision, ReconcileSignal signal, CancellationToken cancellationToken)
    {
        await foreach (var watched in _schedule.WatchMachineAsync(machine, revision, cancellationToken))
        {
            switch (watched)
            {
                case WatchChanges<UnitName, ScheduleEntry> changes:
                    foreach (var change in changes.Changes)
                    {
                        _desired.Apply(change);
                    }

                    break;
                case WatchReset<UnitName, ScheduleEntry> reset:
                    _desired.Replace(reset.Items);
                    Log.ScheduleReset(_logger, machine, reset.Items.Count, reset.Revision);
                    break;
            }

            signal.Set();
        }
    }

    private async Task PollScheduleAsync(Fleet.Core.Machines.MachineId machine, ReconcileSignal signal, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.PollInterval, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var snapshot = await _schedule.ListMachineAsync(machine, cancellationToken);
            _desired.Replace(snapshot.Items);
            signal.Set();
        }
    }

    private async Task FollowStatesAsync(ReconcileSignal signal, CancellationToken cancellationToken)
    {
        await foreach (var names in _manager.WatchStateChangesAsync(cancellationToken))
        {
            _publisher.MarkDirty(names);
            _desired.MarkChanged(names);
            signal.Set();
        }
    }

    /// <summary>The only place that acts on units while connected: one pass per (coalesced) signal, and
    /// after a failure a retry with backoff even without a new signal.</summary>
    /// <param name="session">The session states are published under.</param>
    /// <param name="signal">Wakes the worker.</param>
    /// <param name="cancellationToken">Ends with the session (or the agent).</param>
    /// <param name="stoppingToken">Ends with the agent only: a unit action that has begun is not abandoned
    /// half-way because the session was lost, so the local table stays true.</param>
    private async Task WorkAsync(IMachineSession session, ReconcileSignal signal, CancellationToken cancellationToken, CancellationToken stoppingToken)
    {
        var backoff = NewBackoff();
        TimeSpan? retry = null;
        while (true)
        {
            await signal.WaitAsync(retry, _time, cancellationToken);
            switch (await PassAsync(session, cancellationToken, stoppingToken))
            {
                case PassOutcome.SessionLost:
                    return;
                case PassOutcome.Failed:
                    retry = backoff.Next();
                    Log.PassFailed(_logger, retry.Value);
                    break;
                default:
                    backoff.Reset();
                    retry = null;
                    break;
            }
        }
    }

    /// <summary>One pass: plans and runs the tasks for the units that changed since the last pass (all
    /// units after a full read of the schedule), then publishes the states that changed.</summary>
    private async Task<PassOutcome> PassAsync(IMachineSession session, CancellationToken cancellationToken, CancellationToken stoppingToken)
    {
        var work = _desired.TakeWork();
        var completed = false;
        try
        {
            var local = work.All ? _local.Snapshot() : _local.Snapshot(work.Units);
            IReadOnlyCollection<UnitName> units = work.All ? [.. work.Desired.Keys.Union(local.Keys)] : work.Units;
            var tasks = AgentReconciler.Reconcile(work.Desired, local, units);
            if (units.Count > 0 || work.All)
            {
                Log.PassPlanned(_logger, units.Count, work.All ? "all" : "changed", tasks.Count);
            }
            if (work.All)
            {
                _files.Retain(work.Desired.Values.Select(u => u.Hash).ToHashSet());
            }
            else
            {
                _files.Forget(work.ReleasedHashes);
            }

            completed = await _executor.ExecuteAsync(tasks, stoppingToken);
        }
        finally
        {
            if (!completed)
            {
                _desired.Return(work);
            }
        }

        try
        {
            if (!await _publisher.PublishAsync(session, _local, cancellationToken))
            {
                return PassOutcome.SessionLost;
            }
        }
        catch (UnitManagerException ex)
        {
            Log.StateReadFailed(_logger, ex);
            return PassOutcome.Failed;
        }

        return completed ? PassOutcome.Done : PassOutcome.Failed;
    }
}
