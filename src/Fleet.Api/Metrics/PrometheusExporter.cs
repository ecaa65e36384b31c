using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Fleet.Api.Metrics;

/// <summary>Collects fleet's own instruments (every meter whose name starts with <c>Fleet.</c>) and renders
/// them in the Prometheus text exposition format for <c>GET /metrics</c>, as coreos/fleet served it.</summary>
/// <remarks>Counters are summed per tag set; observable gauges are read at each scrape. Instrument names are
/// used as metric names as they are (fleet's, e.g. <c>fleet_engine_reconcile_count_total</c>). Thread-safe.</remarks>
public sealed class PrometheusExporter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Series> _series = new();
    private readonly Lock _scrape = new();

    /// <summary>Starts listening to every <c>Fleet.*</c> meter, present and future.</summary>
    public PrometheusExporter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("Fleet.", StringComparison.Ordinal))
            {
                _series[instrument] = new Series(instrument is ObservableGauge<long> or ObservableGauge<double> ? "gauge" : "counter");
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) => _series.TryRemove(instrument, out Series? _);
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The exposition: one <c># HELP</c>/<c># TYPE</c> pair per metric, then its samples, sorted by name.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        lock (_scrape)
        {
            foreach (var series in _series.Values.Where(s => s.Type == "gauge"))
            {
                series.Clear();
            }

            _listener.RecordObservableInstruments();
            foreach (var (instrument, series) in _series.OrderBy(p => p.Key.Name, StringComparer.Ordinal))
            {
                text.Append("# HELP ").Append(instrument.Name).Append(' ').Append(instrument.Description ?? instrument.Name).Append('\n');
                text.Append("# TYPE ").Append(instrument.Name).Append(' ').Append(series.Type).Append('\n');
                foreach (var (labels, value) in series.Samples())
                {
                    text.Append(instrument.Name).Append(labels).Append(' ')
                        .Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_series.TryGetValue(instrument, out var series))
        {
            series.Add(Labels(tags), value);
        }
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return string.Empty;
        }

        var pairs = new List<string>(tags.Length);
        foreach (var tag in tags)
        {
            var value = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty;
            pairs.Add($"{tag.Key}=\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"");
        }

        pairs.Sort(StringComparer.Ordinal);
        return "{" + string.Join(',', pairs) + "}";
    }

    /// <summary>The samples of one instrument, by label set.</summary>
    private sealed class Series(string type)
    {
        private readonly ConcurrentDictionary<string, double> _values = new(StringComparer.Ordinal);

        public string Type { get; } = type;

        public void Add(string labels, double value)
        {
            if (Type == "gauge")
            {
                _values[labels] = value;
            }
            else
            {
                _values.AddOrUpdate(labels, value, (_, sum) => sum + value);
            }
        }

        public void Clear() => _values.Clear();

        public IEnumerable<(string Labels, double Value)> Samples() =>
            _values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value));
    }
}
