using Fleet.Api.Endpoints;
using Fleet.Api.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps fleet's HTTP API v1.</summary>
public static class FleetApiEndpointRouteBuilderExtensions
{
    /// <summary>The prefixes every resource is served under: the current one and the legacy one.</summary>
    public static readonly IReadOnlyList<string> Prefixes = ["/fleet/v1", "/v1-alpha"];

    /// <summary>Maps every endpoint of fleet's API v1 under <c>/fleet/v1</c> and <c>/v1-alpha</c>, plus fleet's
    /// answers for everything else: <c>/</c> and the bare prefixes are 405, any other path 404 (a fallback
    /// route, so map this last or not at all beside other catch-alls). <c>/metrics</c> serves fleet's Prometheus
    /// metrics at the root, as coreos/fleet did.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The group holding every API route, for further conventions.</returns>
    public static RouteGroupBuilder MapFleetApiV1(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var root = endpoints.MapGroup(string.Empty);
        root.AddEndpointFilter<FleetApiFilter>();
        foreach (var prefix in Prefixes)
        {
            var api = root.MapGroup(prefix);
            api.Map("/discovery", (Delegate)DiscoveryEndpoint.HandleAsync);
            api.Map("/discovery.json", (Delegate)DiscoveryEndpoint.HandleAsync);
            api.Map("/units", (HttpContext c, UnitsEndpoint e) => e.CollectionAsync(c));
            api.Map("/units/{name}", (HttpContext c, UnitsEndpoint e) => e.ItemAsync(c));
            api.Map("/state", (HttpContext c, StateEndpoint e) => e.CollectionAsync(c));
            api.Map("/state/{name}", (HttpContext c, StateEndpoint e) => e.ItemAsync(c));
            api.Map("/machines", (HttpContext c, MachinesEndpoint e) => e.CollectionAsync(c));
            api.Map(string.Empty, () => FleetResults.Error(StatusCodes.Status405MethodNotAllowed));
        }

        // Resolved now, at start-up, so that it counts from the start rather than from the first scrape.
        var exporter = endpoints.ServiceProvider.GetRequiredService<Fleet.Api.Metrics.PrometheusExporter>();
        root.MapGet("/metrics", () => Results.Text(exporter.Render(), "text/plain; version=0.0.4; charset=utf-8"));
        root.Map("/", () => FleetResults.Error(StatusCodes.Status405MethodNotAllowed));
        root.MapFallback("{*path}", () => FleetResults.NotFoundPath());
        return root;
    }

    /// <summary>A route group under <paramref name="prefix"/> with the API's conventions, for routes a host adds
    /// beside the API: the <c>Server</c> header, the 503 readiness gate, and failures answered in fleet's error
    /// format (an unreachable store is 503, anything else 500). Map these before <see cref="MapFleetApiV1"/>'s
    /// fallback matters: specific routes always win over it.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="prefix">The path prefix, e.g. <c>/fleet/v1</c>.</param>
    public static RouteGroupBuilder MapFleetApiGroup(this IEndpointRouteBuilder endpoints, string prefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix);
        group.AddEndpointFilter<FleetApiFilter>();
        return group;
    }
}
