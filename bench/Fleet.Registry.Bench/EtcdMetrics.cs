using System.Globalization;

namespace Fleet.Registry.Bench;

/// <summary>Sums of selected counters from etcd's Prometheus text, by metric name (labels summed) and by
/// <c>grpc_method</c> for the gRPC counters.</summary>
internal sealed class EtcdMetrics
{
    private static readonly string[] Names =
    [
        "etcd_debugging_mvcc_events_total",
        "etcd_debugging_mvcc_put_total",
        "etcd_debugging_mvcc_delete_total",
        "etcd_debugging_mvcc_txn_total",
        "etcd_debugging_mvcc_range_total",
        "etcd_network_client_grpc_received_bytes_total",
        "etcd_network_client_grpc_sent_bytes_total",
        "grpc_server_handled_total",
        "grpc_server_msg_received_total",
        "etcd_debugging_mvcc_watcher_total",
        "etcd_debugging_mvcc_watch_stream_total",
    ];

    private readonly Dictionary<string, double> _values;

    private EtcdMetrics(Dictionary<string, double> values) => _values = values;

    public static EtcdMetrics Parse(string text)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            var name = Names.FirstOrDefault(n => line.StartsWith(n, StringComparison.Ordinal) && line.Length > n.Length && line[n.Length] is ' ' or '{');
            if (name is null)
            {
                continue;
            }

            var value = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            Add(values, name, value);
            var method = Label(line, "grpc_method");
            if (method is not null)
            {
                Add(values, $"{name}{{{method}}}", value);
            }
        }

        return new EtcdMetrics(values);
    }

    public double this[string key] => _values.GetValueOrDefault(key);

    public EtcdMetrics Since(EtcdMetrics earlier) =>
        new(_values.ToDictionary(kv => kv.Key, kv => kv.Value - earlier[kv.Key], StringComparer.Ordinal));

    /// <summary>Non-zero entries, for the report.</summary>
    public IEnumerable<(string Key, double Value)> NonZero() =>
        _values.Where(kv => kv.Value != 0).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value));

    private static void Add(Dictionary<string, double> values, string key, double value) =>
        values[key] = values.GetValueOrDefault(key) + value;

    private static string? Label(string line, string label)
    {
        var start = line.IndexOf(label + "=\"", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += label.Length + 2;
        return line[start..line.IndexOf('"', start)];
    }
}
