using System.Diagnostics.Metrics;

namespace Fleet.Engine;

/// <summary>The engine's metrics under coreos/fleet's Prometheus names (meter <see cref="MeterName"/>), with
/// fleet's quirk fixed: the leader start time is set, not accumulated.</summary>
public sealed class EngineMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Fleet.Engine";

    private readonly Meter _meter;
    private readonly Counter<long> _reconciles;
    private readonly Counter<long> _reconcileFailures;
    private readonly Counter<long> _tasks;
    private readonly Counter<long> _taskFailures;
    private long _leaderSince;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>, or on a meter of
    /// their own when the host has no meter factory.</summary>
    /// <param name="meterFactory">The host's meter factory; may be null.</param>
    public EngineMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _reconciles = _meter.CreateCounter<long>("fleet_engine_reconcile_count_total", description: "Schedule plans the engine computed and wrote.");
        _reconcileFailures = _meter.CreateCounter<long>("fleet_engine_reconcile_failure_count_total", description: "Failed reconciles by type (schedule: write refused by the fence; run: the store failed during a term).");
        _tasks = _meter.CreateCounter<long>("fleet_engine_task_count_total", description: "Schedule decisions written, by type.");
        _taskFailures = _meter.CreateCounter<long>("fleet_engine_task_failure_count_total", description: "Schedule decisions whose write was refused, by type.");
        _meter.CreateObservableGauge("fleet_engine_leader_start_time", () => Interlocked.Read(ref _leaderSince),
            description: "Unix time (seconds) this machine's current leadership term began; 0 when it does not lead.");
    }

    /// <summary>The meter the instruments live on.</summary>
    internal Meter Meter => _meter;

    /// <summary>Records the start (<paramref name="since"/>) or, with null, the end of a leadership term.</summary>
    public void LeaderSince(DateTimeOffset? since) => Interlocked.Exchange(ref _leaderSince, since?.ToUnixTimeSeconds() ?? 0);

    /// <summary>Records a written plan and its decisions by type.</summary>
    public void Reconciled(int scheduled, int unscheduled)
    {
        _reconciles.Add(1);
        AddTasks(_tasks, scheduled, unscheduled);
    }

    /// <summary>Records a plan whose fenced write was refused.</summary>
    public void ReconcileRefused(int scheduled, int unscheduled)
    {
        _reconcileFailures.Add(1, new KeyValuePair<string, object?>("type", "schedule"));
        AddTasks(_taskFailures, scheduled, unscheduled);
    }

    /// <summary>Records a term that ended because the store failed.</summary>
    public void TermFailed() => _reconcileFailures.Add(1, new KeyValuePair<string, object?>("type", "run"));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private static void AddTasks(Counter<long> counter, int scheduled, int unscheduled)
    {
        if (scheduled > 0)
        {
            counter.Add(scheduled, new KeyValuePair<string, object?>("type", "schedule"));
        }

        if (unscheduled > 0)
        {
            counter.Add(unscheduled, new KeyValuePair<string, object?>("type", "unschedule"));
        }
    }
}
