using System.Globalization;

namespace Fleet.ScaleHarness;

/// <summary>The etcd server counters the harness compares before and after a phase (sums over all label sets).</summary>
internal sealed record EtcdMetrics(double Events, double Puts, double GrpcHandled)
{
    public static EtcdMetrics Parse(string text) => new(
        Sum(text, "etcd_debugging_mvcc_events_total"),
        Sum(text, "etcd_debugging_mvcc_put_total"),
        Sum(text, "grpc_server_handled_total"));

    public EtcdMetrics Since(EtcdMetrics earlier) =>
        new(Events - earlier.Events, Puts - earlier.Puts, GrpcHandled - earlier.GrpcHandled);

    private static double Sum(string text, string metric)
    {
        var sum = 0.0;
        var found = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.Length <= metric.Length || !line.StartsWith(metric, StringComparison.Ordinal)
                || (line[metric.Length] != ' ' && line[metric.Length] != '{'))
            {
                continue;
            }

            var value = line[(line.LastIndexOf(' ') + 1)..];
            sum += double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
            found = true;
        }

        return found ? sum : throw new InvalidOperationException($"etcd's /metrics has no '{metric}' series");
    }
}
