using System.Diagnostics.Metrics;
using Fleet.Api.Metrics;

namespace Fleet.Api.Tests.Metrics;

[Trait("Category", "Unit")]
public sealed class PrometheusExporterTests
{
    [Fact]
    public void Render_CountersByTagsAndAGauge_PrometheusTextSortedWithHelpAndType()
    {
        var id = Guid.NewGuid().ToString("N");
        using var exporter = new PrometheusExporter();
        using var meter = new Meter("Fleet.Test." + id);
        var counter = meter.CreateCounter<long>($"t{id}_count_total", description: "Things counted.");
        meter.CreateObservableGauge($"t{id}_gauge", () => 42L);
        counter.Add(2, new KeyValuePair<string, object?>("type", "b"));
        counter.Add(1, new KeyValuePair<string, object?>("type", "a"));
        counter.Add(3, new KeyValuePair<string, object?>("type", "a"));

        var text = exporter.Render();

        Assert.Contains(
            $"# HELP t{id}_count_total Things counted.\n# TYPE t{id}_count_total counter\n" +
            $"t{id}_count_total{{type=\"a\"}} 4\nt{id}_count_total{{type=\"b\"}} 2\n",
            text, StringComparison.Ordinal);
        Assert.Contains($"# TYPE t{id}_gauge gauge\nt{id}_gauge 42\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LabelValueWithQuotesAndOtherMeters_EscapedAndOnlyFleetMetersExported()
    {
        var id = Guid.NewGuid().ToString("N");
        using var exporter = new PrometheusExporter();
        using var fleet = new Meter("Fleet.Test." + id);
        using var other = new Meter("Other." + id);
        fleet.CreateCounter<long>($"e{id}_total").Add(1, new KeyValuePair<string, object?>("unit", "a\"b\\c"));
        other.CreateCounter<long>($"o{id}_total").Add(1);

        var text = exporter.Render();

        Assert.Contains($"e{id}_total{{unit=\"a\\\"b\\\\c\"}} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain($"o{id}_total", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MeterDisposed_ItsMetricsDisappear()
    {
        var id = Guid.NewGuid().ToString("N");
        using var exporter = new PrometheusExporter();
        var meter = new Meter("Fleet.Test." + id);
        meter.CreateCounter<long>($"d{id}_total").Add(5);
        Assert.Contains($"d{id}_total 5\n", exporter.Render(), StringComparison.Ordinal);

        meter.Dispose();

        Assert.DoesNotContain($"d{id}_total", exporter.Render(), StringComparison.Ordinal);
    }
}
