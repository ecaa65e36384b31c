using Fleet.Agent.Systemd;
using Fleet.Agent.UnitManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers systemd (over D-Bus) as the machine's <see cref="IUnitManager"/> and its journal as
/// <see cref="IUnitJournal"/>.</summary>
public static class SystemdServiceCollectionExtensions
{
    /// <summary>Adds <see cref="SystemdUnitManager"/> and <see cref="SystemdUnitJournal"/>, their options (validated
    /// at start-up, every problem reported at once) and <see cref="TimeProvider.System"/> unless a clock is registered.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Adjusts the options, or null for the defaults.</param>
    public static IServiceCollection AddFleetSystemdUnitManager(this IServiceCollection services, Action<SystemdUnitManagerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SystemdUnitManagerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SystemdUnitManagerOptions>, SystemdUnitManagerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SystemdUnitManager>();
        services.TryAddSingleton<SystemdUnitJournal>();
        services.TryAddSingleton<IUnitManager>(sp => sp.GetRequiredService<SystemdUnitManager>());
        services.TryAddSingleton<IUnitJournal>(sp => sp.GetRequiredService<SystemdUnitJournal>());
        return services;
    }
}
