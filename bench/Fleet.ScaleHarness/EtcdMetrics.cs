using System.Globalization;

namespace Fleet.ScaleHarness;

/// <summary>The etcd server counters the harness compares before and after a phase, read from etcd's own
/// <c>/metrics</c> (Prometheus text; sums over the label sets that match).</summary>
internal sealed record EtcdMetrics(
    double Events, double Puts, double Deletes, double Txns, double UnaryRequests, double WatchMessages,
    double KeepAlives, double CpuSeconds, double RssBytes)
{
    /// <summary>Requests as the client counts them: unary RPCs plus watch create/cancel messages (no keep-alives).</summary>
    public double Requests => UnaryRequests + WatchMessages;

    /// <summary>Keys written: puts and deletes.</summary>
    public double Writes => Puts + Deletes;

    public static EtcdMetrics Parse(string text)
    {
        var lines = text.Split('\n');
        return new(
            Sum(lines, "etcd_debugging_mvcc_events_total"),
            Sum(lines, "etcd_debugging_mvcc_put_total"),
            Sum(lines, "etcd_debugging_mvcc_delete_total"),
            Sum(lines, "etcd_debugging_mvcc_txn_total"),
            Sum(lines, "grpc_server_started_total", "grpc_type=\"unary\""),
            Sum(lines, "grpc_server_msg_received_total", "grpc_method=\"Watch\""),
            Sum(lines, "grpc_server_msg_received_total", "grpc_method=\"LeaseKeepAlive\""),
            Sum(lines, "process_cpu_seconds_total"),
            Sum(lines, "process_resident_memory_bytes"));
    }

    /// <summary>Counter deltas since <paramref name="earlier"/>; the resident memory stays the current value.</summary>
    public EtcdMetrics Since(EtcdMetrics earlier) => new(
        Events - earlier.Events, Puts - earlier.Puts, Deletes - earlier.Deletes, Txns - earlier.Txns,
        UnaryRequests - earlier.UnaryRequests, WatchMessages - earlier.WatchMessages, KeepAlives - earlier.KeepAlives,
        CpuSeconds - earlier.CpuSeconds, RssBytes);

    private static double Sum(string[] lines, string metric, string? label = null)
    {
        var sum = 0.0;
        var found = false;
        foreach (var line in lines)
        {
            if (line.Length <= metric.Length || !line.StartsWith(metric, StringComparison.Ordinal)
                || (line[metric.Length] != ' ' && line[metric.Length] != '{')
                || (label is not null && !line.Contains(label, StringComparison.Ordinal)))
            {
                continue;
            }

            var value = line[(line.LastIndexOf(' ') + 1)..];
            sum += double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
            found = true;
        }

        return found ? sum : throw new InvalidOperationException($"etcd's /metrics has no '{metric}' series{(label is null ? "" : $" with {label}")}");
    }
}
