using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fleet.Daemon.Api;

/// <summary>fleetd's additions to API v1: a unit's journal and status, served by the machine that runs it
/// (see <see cref="UnitLogEndpoint"/>).</summary>
internal static class UnitJournalRoutes
{
    /// <summary>Registers the resolver, forwarder and endpoint (needs the store contracts, the unit journal and
    /// the local machine registered).</summary>
    public static IServiceCollection AddUnitJournalForwarding(this IServiceCollection services)
    {
        services.TryAddSingleton<UnitOwnerResolver>();
        services.TryAddSingleton<UnitLogForwarder>();
        services.TryAddSingleton<UnitLogEndpoint>();
        return services;
    }

    /// <summary>Maps <c>/units/{name}/journal</c> and <c>/units/{name}/status</c> under <c>/fleet/v1</c> and
    /// <c>/v1-alpha</c>, with the API's conventions (Server header, 503 until ready, fleet's error bodies).</summary>
    public static IEndpointRouteBuilder MapUnitJournalRoutes(this IEndpointRouteBuilder endpoints)
    {
        foreach (var prefix in FleetApiEndpointRouteBuilderExtensions.Prefixes)
        {
            var group = endpoints.MapFleetApiGroup(prefix);
            group.Map("/units/{name}/journal", (HttpContext c, string name, UnitLogEndpoint e) => e.JournalAsync(c, name));
            group.Map("/units/{name}/status", (HttpContext c, string name, UnitLogEndpoint e) => e.StatusAsync(c, name));
        }

        return endpoints;
    }
}
