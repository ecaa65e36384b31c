using Fleet.Agent.Process;
using Fleet.Agent.UnitManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the built-in process supervisor as the machine's <see cref="IUnitManager"/> and <see cref="IUnitJournal"/>.</summary>
public static class ProcessSupervisorServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ProcessSupervisor"/> (one instance serving both roles), its options (validated at
    /// start-up, every problem reported at once) and <see cref="TimeProvider.System"/> unless a clock is registered.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Adjusts the options (e.g. from configuration), or null for the defaults.</param>
    public static IServiceCollection AddFleetProcessSupervisor(this IServiceCollection services, Action<ProcessSupervisorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ProcessSupervisorOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProcessSupervisorOptions>, ProcessSupervisorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ProcessSupervisor>();
        services.TryAddSingleton<IUnitManager>(sp => sp.GetRequiredService<ProcessSupervisor>());
        services.TryAddSingleton<IUnitJournal>(sp => sp.GetRequiredService<ProcessSupervisor>());
        return services;
    }
}
