using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Registry;
using Fleet.Scheduling;
using Microsoft.Extensions.Logging;

namespace Fleet.Engine;

/// <summary>One term of leadership: a full read (units, machines and the schedule read concurrently, each page
/// fed to the model as it arrives), then watch-driven incremental reconciliation (or, with a
/// poll interval, a full re-read of units and machines every interval), writing every plan in one fenced
/// <see cref="IScheduleStore.TryApplyAsync"/> call.</summary>
/// <param name="leadership">The leadership this term holds.</param>
/// <param name="units">The unit store.</param>
/// <param name="machines">The machine store.</param>
/// <param name="schedule">The schedule store written under the leadership's fence.</param>
/// <param name="pollInterval">Null to follow watches; else how often units and machines are re-read
/// (fleet's <c>disable_watches</c>).</param>
/// <param name="time">The clock of the poll timer.</param>
/// <param name="logger">Where decisions are logged.</param>
/// <param name="metrics">Where reconciles are counted; null: not counted.</param>
internal sealed partial class LeaderTerm(
    ILeadership leadership, IUnitStore units, IMachineStore machines, IScheduleStore schedule,
    TimeSpan? pollInterval, TimeProvider time, ILogger logger, EngineMetrics? metrics = null)
{
    /// <summary>Most watch events folded into one plan (and so one batched write).</summary>
    private const int MaxBatch = 512;

    private readonly EngineState _state = new();

    /// <summary>Leads until a write is refused (returns), the lease is lost (returns), the store fails
    /// (throws <see cref="RegistryUnavailableException"/>) or the engine stops (throws cancellation).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var term = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, leadership.Lost);
        var token = term.Token;
        var (unitRevision, machineRevision) = await LoadAsync(token);
        if (!await WriteAsync(token))
        {
            return;
        }

        var events = Channel.CreateBounded<object>(new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        Task[] loops = pollInterval is { } interval
            ?
            [
                PollAsync(interval, events.Writer, token),
                ApplyLoopAsync(events.Reader, token),
            ]
            :
            [
                PumpAsync(units.WatchAsync(unitRevision, token), events.Writer, token),
                PumpAsync(machines.WatchAsync(machineRevision, token), events.Writer, token),
                ApplyLoopAsync(events.Reader, token),
            ];
        await Task.WhenAny(loops);
        await term.CancelAsync();
        await CollectAsync(loops, token);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static async Task CollectAsync(Task[] loops, CancellationToken token)
    {
        ExceptionDispatchInfo? failure = null;
        foreach (var loop in loops)
        {
            try
            {
                await loop;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Ended with the term.
            }
            catch (Exception ex) when (failure is null)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        }

        failure?.Throw();
    }

    private static async Task PumpAsync<TKey, TValue>(IAsyncEnumerable<WatchEvent<TKey, TValue>> source, ChannelWriter<object> events, CancellationToken cancellationToken)
        where TValue : class
    {
        await foreach (var watched in source.WithCancellation(cancellationToken))
        {
            await events.WriteAsync(watched, cancellationToken);
        }
    }

    /// <summary>Without watches: every interval, re-reads units and machines and feeds them as full resets
    /// (the model turns an unchanged read into no decision and no write).</summary>
    private async Task PollAsync(TimeSpan interval, ChannelWriter<object> events, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var unitList = await units.ListAsync(cancellationToken);
            var machineList = await machines.ListAsync(cancellationToken);
            await events.WriteAsync(new WatchReset<UnitName, UnitRecord>(unitList.Items, unitList.Revision), cancellationToken);
            await events.WriteAsync(new WatchReset<MachineId, MachineState>(machineList.Items, machineList.Revision), cancellationToken);
            Log.Polled(logger, unitList.Items.Count, machineList.Items.Count);
        }
    }

    private async Task ApplyLoopAsync(ChannelReader<object> events, CancellationToken cancellationToken)
    {
        while (true)
        {
            Apply(await events.ReadAsync(cancellationToken));
            for (var batched = 1; batched < MaxBatch && events.TryRead(out var next); batched++)
            {
                Apply(next);
            }

            if (!await WriteAsync(cancellationToken))
            {
                return;
            }
        }
    }

    private async Task<bool> WriteAsync(CancellationToken cancellationToken)
    {
        var plan = _state.Plan();
        if (plan.Writes.Count == 0)
        {
            return true;
        }

        var scheduled = plan.Decisions.Count(d => d.Kind == DecisionKind.Schedule);
        if (!await schedule.TryApplyAsync(leadership.Fence, plan.Writes, cancellationToken))
        {
            Log.WriteRefused(logger, plan.Writes.Count, leadership.Fence.Revision);
            metrics?.ReconcileRefused(scheduled, plan.Decisions.Count - scheduled);
            return false;
        }

        metrics?.Reconciled(scheduled, plan.Decisions.Count - scheduled);

        foreach (var decision in plan.Decisions)
        {
            if (decision.Kind == DecisionKind.Schedule)
            {
                Log.UnitScheduled(logger, decision.Unit, decision.Machine, decision.Reason);
            }
            else
            {
                Log.UnitUnscheduled(logger, decision.Unit, decision.Machine, decision.Reason);
            }
        }

        Log.PlanWritten(logger, plan.Decisions.Count, plan.Writes.Count);
        return true;
    }

    private void Apply(object watched)
    {
        switch (watched)
        {
            case WatchChanges<UnitName, UnitRecord> changes:
                foreach (var change in changes.Changes)
                {
                    if (change is { Kind: ChangeKind.Put, Value: { } unit })
                    {
                        _state.SetUnit(unit);
                    }
                    else
                    {
                        _state.RemoveUnit(change.Key);
                    }
                }

                break;
            case WatchReset<UnitName, UnitRecord> reset:
                _state.ResetUnits(reset.Items);
                break;
            case WatchChanges<MachineId, MachineState> changes:
                foreach (var change in changes.Changes)
                {
                    ApplyMachineChange(change);
                }

                break;
            case WatchReset<MachineId, MachineState> reset:
                var (left, joined) = _state.ResetMachines(reset.Items);
                left.ToList().ForEach(id => Log.MachineLeft(logger, id));
                joined.ToList().ForEach(id => Log.MachineJoined(logger, id));
                break;
        }
    }

    private void ApplyMachineChange(Change<MachineId, MachineState> change)
    {
        if (change is { Kind: ChangeKind.Put, Value: { } machine })
        {
            if (_state.SetMachine(machine))
            {
                Log.MachineJoined(logger, machine.Id);
            }
        }
        else if (_state.RemoveMachine(change.Key))
        {
            Log.MachineLeft(logger, change.Key);
        }
    }
}
