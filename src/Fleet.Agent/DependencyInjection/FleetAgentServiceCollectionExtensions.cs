using Fleet.Agent;
using Fleet.Agent.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers fleetd's agent.</summary>
public static class FleetAgentServiceCollectionExtensions
{
    /// <summary>Adds the agent as a hosted service (also resolvable as <see cref="AgentService"/> for
    /// <see cref="AgentService.PurgeAsync"/> / <see cref="AgentService.DetachAsync"/>), with validated
    /// <see cref="AgentOptions"/>.</summary>
    /// <remarks>The host must also register the stores (<c>IMachineStore</c>, <c>IScheduleStore</c>,
    /// <c>IUnitStore</c>, <c>IUnitStateStore</c>), an <c>IUnitManager</c> and an <c>ILocalMachine</c>.</remarks>
    public static IServiceCollection AddFleetAgent(this IServiceCollection services, Action<AgentOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<AgentOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AgentService>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<AgentService>());
        return services;
    }
}
