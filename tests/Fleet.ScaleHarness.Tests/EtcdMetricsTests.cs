namespace Fleet.ScaleHarness.Tests;

/// <summary>Against etcd 3.4.23's real <c>/metrics</c> (the families the harness reads and their neighbours; see
/// Fixtures/README.md for the traffic between the two captures).</summary>
[Trait("Category", "Unit")]
public sealed class EtcdMetricsTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    private static readonly string Fresh = Fixture("etcd-3.4.23-fresh.metrics");

    private static readonly string AfterTraffic = Fixture("etcd-3.4.23-after-traffic.metrics");

    [Fact]
    public void Parse_FreshEtcd_CountersAreZeroAndProcessGaugesRead()
    {
        var metrics = EtcdMetrics.Parse(Fresh);

        Assert.Equal(new EtcdMetrics(0, 0, 0, 0, 0, 0, 0, 0.03, 2.4715264e+07), metrics);
    }

    [Fact]
    public void Parse_AfterKnownTraffic_SumsEachCounterOverItsLabelSets()
    {
        var metrics = EtcdMetrics.Parse(AfterTraffic);

        // 2 puts + a txn of 2 puts; 1 delete; the watcher saw put, put, delete; only the 2-operation txn counts
        // as a txn; unary RPCs: Put 2, Range 1, DeleteRange 1, LeaseGrant 1, Txn 1; one watch create; two keep-alives.
        Assert.Equal(new EtcdMetrics(3, 4, 1, 1, 6, 1, 2, 0.06, 2.6943488e+07), metrics);
        Assert.Equal(7, metrics.Requests);
        Assert.Equal(5, metrics.Writes);
    }

    [Fact]
    public void Since_BeforeAndAfter_CounterDeltasAndTheLatestResidentMemory()
    {
        var delta = EtcdMetrics.Parse(AfterTraffic).Since(EtcdMetrics.Parse(Fresh));

        Assert.Equal((3d, 4d, 1d, 1d, 6d, 1d, 2d), (delta.Events, delta.Puts, delta.Deletes, delta.Txns, delta.UnaryRequests, delta.WatchMessages, delta.KeepAlives));
        Assert.Equal(0.03, delta.CpuSeconds, precision: 9);
        Assert.Equal(2.6943488e+07, delta.RssBytes);
        Assert.Equal(7, delta.Requests);
        Assert.Equal(5, delta.Writes);
    }

    [Fact]
    public void Since_Itself_IsZeroForEveryCounter()
    {
        var metrics = EtcdMetrics.Parse(AfterTraffic);

        var delta = metrics.Since(metrics);

        Assert.Equal(new EtcdMetrics(0, 0, 0, 0, 0, 0, 0, 0, metrics.RssBytes), delta);
    }

    [Fact]
    public void Parse_UnaryRequests_CountStartedRpcsOfEveryUnaryMethodButNoStreams()
    {
        var text = AfterTraffic
            .Replace("grpc_server_started_total{grpc_method=\"Status\",grpc_service=\"etcdserverpb.Maintenance\",grpc_type=\"unary\"} 0",
                "grpc_server_started_total{grpc_method=\"Status\",grpc_service=\"etcdserverpb.Maintenance\",grpc_type=\"unary\"} 10", StringComparison.Ordinal)
            .Replace("grpc_server_started_total{grpc_method=\"Snapshot\",grpc_service=\"etcdserverpb.Maintenance\",grpc_type=\"server_stream\"} 0",
                "grpc_server_started_total{grpc_method=\"Snapshot\",grpc_service=\"etcdserverpb.Maintenance\",grpc_type=\"server_stream\"} 100", StringComparison.Ordinal);

        Assert.Equal(16, EtcdMetrics.Parse(text).UnaryRequests);
    }

    [Fact]
    public void Parse_HealthServiceWatch_IsNotAnEtcdWatchMessage()
    {
        const string health = "grpc_server_msg_received_total{grpc_method=\"Watch\",grpc_service=\"grpc.health.v1.Health\",grpc_type=\"server_stream\"} ";
        Assert.Contains(health + "0", AfterTraffic, StringComparison.Ordinal);

        var metrics = EtcdMetrics.Parse(AfterTraffic.Replace(health + "0", health + "40", StringComparison.Ordinal));

        Assert.Equal(1, metrics.WatchMessages);
    }

    [Fact]
    public void Parse_CountersOfOtherFamiliesWithTheSamePrefix_AreNotAdded()
    {
        // etcd_debugging_mvcc_put_total has a neighbour etcd_debugging_mvcc_total_put_size_in_bytes, and
        // grpc_server_msg_received_total one in grpc_server_msg_sent_total; a longer name must not match either.
        var text = AfterTraffic + "etcd_debugging_mvcc_put_total_extra 1000\netcd_debugging_mvcc_events_total_x{a=\"b\"} 1000\n";

        var metrics = EtcdMetrics.Parse(text);

        Assert.Equal((4d, 3d), (metrics.Puts, metrics.Events));
    }

    [Fact]
    public void Parse_CrLfLineEndsAndATimestamp_ReadTheValue()
    {
        var text = AfterTraffic.Replace("\n", "\r\n", StringComparison.Ordinal)
            .Replace("etcd_debugging_mvcc_events_total 3", "etcd_debugging_mvcc_events_total 3 1732540000000", StringComparison.Ordinal);

        Assert.Equal(EtcdMetrics.Parse(AfterTraffic), EtcdMetrics.Parse(text));
    }

    [Fact]
    public void Parse_LabelValueWithSpacesAndEscapes_IsOneLabel()
    {
        var text = AfterTraffic + "grpc_server_started_total{grpc_method=\"A \\\"quoted\\\" name\",grpc_service=\"x y\",grpc_type=\"unary\"} 5\n";

        Assert.Equal(11, EtcdMetrics.Parse(text).UnaryRequests);
    }

    [Theory]
    [InlineData("etcd_debugging_mvcc_events_total", "'etcd_debugging_mvcc_events_total' series")]
    [InlineData("etcd_debugging_mvcc_txn_total", "'etcd_debugging_mvcc_txn_total' series")]
    [InlineData("process_resident_memory_bytes", "'process_resident_memory_bytes' series")]
    public void Parse_MissingMetric_NamesIt(string metric, string expected)
    {
        var text = string.Join('\n', AfterTraffic.Split('\n').Where(l => !l.StartsWith(metric + " ", StringComparison.Ordinal)));

        var error = Assert.Throws<InvalidOperationException>(() => EtcdMetrics.Parse(text));

        Assert.Equal($"etcd's /metrics has no {expected}", error.Message);
    }

    [Fact]
    public void Parse_NoKeepAliveSeries_NamesTheMetricAndItsLabels()
    {
        var text = string.Join('\n', AfterTraffic.Split('\n').Where(l => !l.Contains("LeaseKeepAlive", StringComparison.Ordinal)));

        var error = Assert.Throws<InvalidOperationException>(() => EtcdMetrics.Parse(text));

        Assert.Equal(
            "etcd's /metrics has no 'grpc_server_msg_received_total' series with grpc_service=\"etcdserverpb.Lease\",grpc_method=\"LeaseKeepAlive\"",
            error.Message);
    }

    [Fact]
    public void Parse_EmptyText_NamesTheFirstMetricMissing()
    {
        var error = Assert.Throws<InvalidOperationException>(() => EtcdMetrics.Parse(""));

        Assert.Contains("'etcd_debugging_mvcc_events_total'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("etcd_debugging_mvcc_put_total many", "'many' is not a number")]
    [InlineData("etcd_debugging_mvcc_put_total{a=\"b 4", "an unterminated label value")]
    [InlineData("etcd_debugging_mvcc_put_total{a=b} 4", "a label without =\"value\"")]
    [InlineData("etcd_debugging_mvcc_put_total{a=\"b\"", "no closing '}'")]
    [InlineData("etcd_debugging_mvcc_put_total{a=\"b\"}", "not 'value [timestamp]' after the name")]
    public void Parse_MalformedSeries_NamesTheLineAndWhatIsWrong(string line, string what)
    {
        var text = AfterTraffic.Replace("etcd_debugging_mvcc_put_total 4", line, StringComparison.Ordinal);
        var number = Array.IndexOf(text.Split('\n'), line) + 1;

        var error = Assert.Throws<FormatException>(() => EtcdMetrics.Parse(text));

        Assert.Equal($"etcd's /metrics line {number} (etcd_debugging_mvcc_put_total): {what}: {line}", error.Message);
    }
}
