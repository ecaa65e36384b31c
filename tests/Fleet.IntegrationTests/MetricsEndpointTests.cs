using System.Globalization;

namespace Fleet.IntegrationTests;

/// <summary><c>GET /metrics</c> on a real fleetd: fleet's engine metrics in Prometheus text format.</summary>
[Trait("Category", "Integration")]
public sealed class MetricsEndpointTests(EmbeddedFleetd fleetd) : IClassFixture<EmbeddedFleetd>
{
    [Fact]
    public async Task Metrics_AfterAUnitIsScheduled_CountsTheReconcileAndTheLeaderStartTime()
    {
        using var api = new ApiHttp(fleetd.Endpoint);
        Assert.Equal(201, (await api.PutUnitAsync("metrics.service", ApiHttp.UnitJson("loaded"))).Status);

        Dictionary<string, double> samples = [];
        await Fleet.Testing.Eventually.UntilAsync(async () =>
        {
            var answer = await api.GetAsync("/metrics");
            Assert.Equal((200, "text/plain"), (answer.Status, answer.ContentHeaders.ContentType?.MediaType));
            samples = Parse(answer.Body);
            return samples.GetValueOrDefault("fleet_engine_task_count_total{type=\"schedule\"}") >= 1;
        }, "a schedule task counted");

        Assert.True(samples["fleet_engine_reconcile_count_total"] >= 1);
        var since = DateTimeOffset.FromUnixTimeSeconds((long)samples["fleet_engine_leader_start_time"]);
        var now = TimeProvider.System.GetUtcNow();
        Assert.InRange(since, now.AddMinutes(-10), now.AddSeconds(1));
        Assert.DoesNotContain("fleet_engine_reconcile_failure_count_total{type=\"schedule\"}", samples.Keys);
    }

    private static Dictionary<string, double> Parse(string exposition) =>
        exposition.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('#'))
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
}
