using Fleet.Agent.Configuration;
using Fleet.Agent.UnitManagement;
using Fleet.Core.Machines;
using Fleet.Registry.InMemory;
using Fleet.Testing.Agent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Tests.DependencyInjection;

[Trait("Category", "Unit")]
public sealed class FleetAgentServiceCollectionExtensionsTests
{
    [Fact]
    public void AddFleetAgent_WithStores_RegistersOneAgentAsHostedServiceAndAsItself()
    {
        using var registry = InMemoryRegistry.Create(TimeProvider.System);
        using var provider = Services(registry, o => o.AgentTtl = TimeSpan.FromSeconds(7)).BuildServiceProvider();

        var hosted = Assert.Single(provider.GetServices<IHostedService>());

        Assert.Same(provider.GetRequiredService<AgentService>(), hosted);
        Assert.Equal(TimeSpan.FromSeconds(7), provider.GetRequiredService<IOptions<AgentOptions>>().Value.AgentTtl);
    }

    [Fact]
    public void AddFleetAgent_InvalidOptions_FailsValidationNamingTheOption()
    {
        using var registry = InMemoryRegistry.Create(TimeProvider.System);
        using var provider = Services(registry, o => o.UnitsDirectory = "units").BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AgentOptions>>().Value);

        Assert.Contains("units_directory", ex.Message, StringComparison.Ordinal);
    }

    private static ServiceCollection Services(InMemoryRegistry registry, Action<AgentOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(registry.Machines);
        services.AddSingleton(registry.Schedule);
        services.AddSingleton(registry.Units);
        services.AddSingleton(registry.UnitStates);
        services.AddSingleton<IUnitManager>(new FakeUnitManager());
        services.AddSingleton<ILocalMachine>(new StaticLocalMachine(new MachineState { Id = MachineId.Parse("m1") }));
        services.AddFleetAgent(configure);
        return services;
    }
}
