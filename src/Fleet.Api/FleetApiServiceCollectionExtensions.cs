using Fleet.Api;
using Fleet.Api.Endpoints;
using Fleet.Api.Validation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the HTTP API v1 server's services.</summary>
public static class FleetApiServiceCollectionExtensions
{
    /// <summary>Adds the API's handlers, options (validated at start-up) and readiness gate. The store
    /// contracts (<c>IUnitStore</c>, <c>IScheduleStore</c>, <c>IMachineStore</c>, <c>IUnitStateStore</c>) must be
    /// registered by the host. Map the routes with <c>MapFleetApiV1()</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the options; may be null.</param>
    public static IServiceCollection AddFleetApi(this IServiceCollection services, Action<FleetApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<FleetApiOptions>().ValidateOnStart();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FleetApiOptions>, FleetApiOptionsValidator>());
        services.TryAddSingleton<FleetApiReadiness>();
        services.TryAddSingleton<IUnitValidator, FleetUnitValidator>();
        services.TryAddSingleton<UnitViewReader>();
        services.TryAddSingleton<UnitSubmission>();
        services.TryAddSingleton<UnitsEndpoint>();
        services.TryAddSingleton<StateEndpoint>();
        services.TryAddSingleton<MachinesEndpoint>();
        services.TryAddSingleton<FleetApiFilter>();
        services.TryAddSingleton<Fleet.Api.Metrics.PrometheusExporter>();
        return services;
    }

    /// <summary>Adds the API with options copied from <paramref name="options"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The options to use.</param>
    public static IServiceCollection AddFleetApi(this IServiceCollection services, FleetApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return services.AddFleetApi(o =>
        {
            o.TokenLimit = options.TokenLimit;
            o.MaxRequestBodyBytes = options.MaxRequestBodyBytes;
            o.ServerVersion = options.ServerVersion;
            o.RegistryUnavailableMessage = options.RegistryUnavailableMessage;
            o.GzipMinimumBytes = options.GzipMinimumBytes;
        });
    }
}
