using Fleet.Engine;
using Fleet.Engine.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers fleetd's engine.</summary>
public static class FleetEngineServiceCollectionExtensions
{
    /// <summary>Adds the engine as a hosted service (also resolvable as <see cref="EngineService"/>), with
    /// validated <see cref="EngineOptions"/>. With <see cref="EngineOptions.DisableEngine"/> it never campaigns.</summary>
    /// <remarks>The host must also register <c>ILeaderElection</c>, <c>IUnitStore</c>, <c>IMachineStore</c>,
    /// <c>IScheduleStore</c> and an <c>ILocalMachine</c>.</remarks>
    public static IServiceCollection AddFleetEngine(this IServiceCollection services, Action<EngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<EngineOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new EngineMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<EngineService>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<EngineService>());
        return services;
    }
}
