using System.Text.Json;

namespace Fleet.ScaleHarness;

/// <summary>Everything one harness run measured (written as JSON with <c>--json</c>). The first block is the
/// issue's field list; counts per placement are deltas of etcd's <c>/metrics</c> over the bulk start, divided by
/// the units placed.</summary>
internal sealed class ScaleResult
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    public int Machines { get; set; }

    public int Units { get; set; }

    public double SecondsToConverge { get; set; }

    public double PlacementsPerSecond { get; set; }

    /// <summary>Agent schedule-watch wake-ups over the bulk start, per unit placed.</summary>
    public double AgentsWokenPerPlacement { get; set; }

    /// <summary>etcd <c>etcd_debugging_mvcc_events_total</c> (events delivered to every watcher) per placement.</summary>
    public double WatchEventsPerPlacement { get; set; }

    /// <summary>etcd unary RPCs started plus watch-stream requests (create/cancel), per placement; submission included.</summary>
    public double EtcdRequestsPerPlacement { get; set; }

    /// <summary>etcd <c>put_total + delete_total</c> per minute while idle.</summary>
    public double IdleEtcdWritesPerMinute { get; set; }

    public double IdleWatchEventsPerMinute { get; set; }

    /// <summary>Seconds from killing the leader until a unit submitted right after ran (null: not run).</summary>
    public double? FailoverSeconds { get; set; }

    /// <summary>Leading engine's resident memory after the bulk start.</summary>
    public double EngineRssMb { get; set; }

    /// <summary>Leading engine's CPU seconds spent during the bulk start (election to convergence).</summary>
    public double EngineCpuSeconds { get; set; }

    // Further detail.
    public int AgentsPerConnection { get; set; }

    public string LoadAverageAtStart { get; set; } = "";

    public string LoadAverageAtEnd { get; set; } = "";

    public double SecondsToRegisterMachines { get; set; }

    public double SecondsToSubmit { get; set; }

    /// <summary>Seconds until the agents' schedule watches had delivered every placement (the engine's part of the
    /// convergence; the rest is the agents loading, starting and reporting).</summary>
    public double SecondsToScheduled { get; set; }

    /// <summary>Client-side count of the same requests (harness connections plus engines; keep-alives excluded).</summary>
    public double ClientRequestsPerPlacement { get; set; }

    public double EtcdWritesPerPlacement { get; set; }

    public double EtcdTxnsPerPlacement { get; set; }

    /// <summary>Schedule entries delivered to agents per placement (1 means each placement reached exactly its machine).</summary>
    public double ScheduleChangesPerPlacement { get; set; }

    /// <summary>Time the engine process spent compiling code (<c>JitInfo.GetCompilationTime</c>) in the same window: JIT warm-up.</summary>
    public double EngineJitSeconds { get; set; }

    public double EnginePeakRssMb { get; set; }

    public double EngineHeapMb { get; set; }

    public double EngineAllocatedMbPerThousandPlacements { get; set; }

    public int EngineGen0Collections { get; set; }

    public int EngineGen1Collections { get; set; }

    public int EngineGen2Collections { get; set; }

    public double EngineGcPauseMs { get; set; }

    public double EtcdCpuSeconds { get; set; }

    public double EtcdRssMb { get; set; }

    public double HarnessCpuSeconds { get; set; }

    public double HarnessJitSeconds { get; set; }

    /// <summary>Peak resident memory of the harness process (etcd clients, agents, tracker), for sizing.</summary>
    public double HarnessPeakRssMb { get; set; }

    public double IdleSeconds { get; set; }

    public double IdleEtcdRequestsPerMinute { get; set; }

    public double IdleKeepAlivesPerMinute { get; set; }

    public double IdleAgentWakeUpsPerMinute { get; set; }

    /// <summary>Client-side requests while idle, by kind (keep-alives left out), to name any that etcd counted.</summary>
    public string IdleClientRequests { get; set; } = "";

    public double IdleEngineCpuSecondsPerMinute { get; set; }

    public double IdleEngineJitSecondsPerMinute { get; set; }

    public ChurnResult? Churn { get; set; }

    public GlobalResult? Global { get; set; }

    public FailoverResult? Failover { get; set; }

    public LossResult? MachineLoss { get; set; }

    /// <summary>The JSON that <c>--json</c> writes (camelCase names; <c>eng/scale-table.py</c> reads them).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}
