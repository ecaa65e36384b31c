using System.Diagnostics.Metrics;

namespace Fleet.Engine.Tests;

[Trait("Category", "Unit")]
public sealed class EngineMetricsTests : IDisposable
{
    private MeterListener? _listener;

    [Fact]
    public void Counters_ReconcilesRefusalsAndFailedTerms_RecordedUnderFleetsNamesAndTypes()
    {
        using var metrics = new EngineMetrics();
        var seen = Listen(metrics);

        metrics.Reconciled(scheduled: 2, unscheduled: 1);
        metrics.Reconciled(scheduled: 0, unscheduled: 0);
        metrics.ReconcileRefused(scheduled: 1, unscheduled: 0);
        metrics.TermFailed();

        Assert.Equal(
            [
                "fleet_engine_reconcile_count_total =1",
                "fleet_engine_reconcile_count_total =1",
                "fleet_engine_reconcile_failure_count_total type=run=1",
                "fleet_engine_reconcile_failure_count_total type=schedule=1",
                "fleet_engine_task_count_total type=schedule=2",
                "fleet_engine_task_count_total type=unschedule=1",
                "fleet_engine_task_failure_count_total type=schedule=1",
            ],
            seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LeaderStartTime_SetThenCleared_GaugeIsTheTermsStartNotASum()
    {
        using var metrics = new EngineMetrics();
        var seen = Listen(metrics);
        var start = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

        metrics.LeaderSince(start);
        metrics.LeaderSince(start);
        var leading = Observe(seen);
        metrics.LeaderSince(null);
        var idle = Observe(seen);

        Assert.Equal($"fleet_engine_leader_start_time ={start.ToUnixTimeSeconds()}", leading);
        Assert.Equal("fleet_engine_leader_start_time =0", idle);

        string Observe(List<string> into)
        {
            into.Clear();
            _listener!.RecordObservableInstruments();
            return Assert.Single(into);
        }
    }

    private List<string> Listen(EngineMetrics metrics)
    {
        var seen = new List<string>();
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, metrics.Meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (seen)
            {
                seen.Add($"{instrument.Name} {string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}"))}={value}");
            }
        });
        _listener.Start();
        return seen;
    }

    public void Dispose() => _listener?.Dispose();
}
