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

    /// <summary>Reads the counters from etcd's <c>/metrics</c> text.</summary>
    /// <exception cref="FormatException">A series of one of the counters read is malformed (names its line).</exception>
    /// <exception cref="InvalidOperationException">A counter has no series at all (names the metric and labels).</exception>
    public static EtcdMetrics Parse(string text)
    {
        var lines = text.Split('\n');
        return new(
            Sum(lines, "etcd_debugging_mvcc_events_total"),
            Sum(lines, "etcd_debugging_mvcc_put_total"),
            Sum(lines, "etcd_debugging_mvcc_delete_total"),
            Sum(lines, "etcd_debugging_mvcc_txn_total"),
            Sum(lines, "grpc_server_started_total", ("grpc_type", "unary")),

            // grpc.health.v1.Health has a "Watch" method too: only etcd's own watch service counts.
            Sum(lines, "grpc_server_msg_received_total", ("grpc_service", "etcdserverpb.Watch"), ("grpc_method", "Watch")),
            Sum(lines, "grpc_server_msg_received_total", ("grpc_service", "etcdserverpb.Lease"), ("grpc_method", "LeaseKeepAlive")),
            Sum(lines, "process_cpu_seconds_total"),
            Sum(lines, "process_resident_memory_bytes"));
    }

    /// <summary>Counter deltas since <paramref name="earlier"/>; the resident memory stays the current value.</summary>
    public EtcdMetrics Since(EtcdMetrics earlier) => new(
        Events - earlier.Events, Puts - earlier.Puts, Deletes - earlier.Deletes, Txns - earlier.Txns,
        UnaryRequests - earlier.UnaryRequests, WatchMessages - earlier.WatchMessages, KeepAlives - earlier.KeepAlives,
        CpuSeconds - earlier.CpuSeconds, RssBytes);

    /// <summary>Sums the values of <paramref name="metric"/>'s series that carry every one of <paramref name="labels"/>.</summary>
    private static double Sum(string[] lines, string metric, params (string Name, string Value)[] labels)
    {
        var sum = 0.0;
        var found = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length <= metric.Length || !line.StartsWith(metric, StringComparison.Ordinal)
                || (line[metric.Length] != ' ' && line[metric.Length] != '{'))
            {
                continue;
            }

            var (series, value) = Split(line, metric, i + 1);
            if (labels.All(l => series.TryGetValue(l.Name, out var v) && v == l.Value))
            {
                sum += value;
                found = true;
            }
        }

        if (!found)
        {
            var with = labels.Length == 0 ? "" : " with " + string.Join(",", labels.Select(l => $"{l.Name}=\"{l.Value}\""));
            throw new InvalidOperationException($"etcd's /metrics has no '{metric}' series{with}");
        }

        return sum;
    }

    /// <summary>One sample line, <c>name{label="value",...} value [timestamp]</c>: its labels and its value.</summary>
    private static (Dictionary<string, string> Labels, double Value) Split(string line, string metric, int lineNumber)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var at = metric.Length;
        if (line[at] == '{')
        {
            at++;
            while (at < line.Length && line[at] != '}')
            {
                var eq = line.IndexOf('=', at);
                if (eq < 0 || eq + 1 >= line.Length || line[eq + 1] != '"')
                {
                    throw Malformed("a label without =\"value\"");
                }

                var name = line[at..eq].Trim();
                var value = new System.Text.StringBuilder();
                var j = eq + 2;
                for (; j < line.Length && line[j] != '"'; j++)
                {
                    if (line[j] == '\\' && j + 1 < line.Length)
                    {
                        j++;
                        value.Append(line[j] == 'n' ? '\n' : line[j]);
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }

                if (j >= line.Length)
                {
                    throw Malformed("an unterminated label value");
                }

                labels[name] = value.ToString();
                at = j + 1;
                if (at < line.Length && line[at] == ',')
                {
                    at++;
                }
            }

            if (at >= line.Length)
            {
                throw Malformed("no closing '}'");
            }

            at++;
        }

        // The value, then an optional timestamp (etcd writes none).
        var fields = line[at..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is 0 or > 2)
        {
            throw Malformed("not 'value [timestamp]' after the name");
        }

        var number = fields[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => n,
            var text => throw Malformed($"'{text}' is not a number"),
        };
        return (labels, number);

        FormatException Malformed(string what) => new($"etcd's /metrics line {lineNumber} ({metric}): {what}: {line}");
    }
}
