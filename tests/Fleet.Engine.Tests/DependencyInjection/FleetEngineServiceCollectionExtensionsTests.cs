using Fleet.Core.Machines;
using Fleet.Engine.Configuration;
using Fleet.Registry.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Engine.Tests.DependencyInjection;

[Trait("Category", "Unit")]
public sealed class FleetEngineServiceCollectionExtensionsTests
{
    [Fact]
    public void AddFleetEngine_WithStores_RegistersOneEngineAsHostedServiceAndAsItself()
    {
        using var registry = InMemoryRegistry.Create(TimeProvider.System);
        using var provider = Services(registry, o => o.ReconcileInterval = TimeSpan.FromSeconds(1)).BuildServiceProvider();

        var hosted = Assert.Single(provider.GetServices<IHostedService>());

        Assert.Same(provider.GetRequiredService<EngineService>(), hosted);
        Assert.Equal(TimeSpan.FromSeconds(5), provider.GetRequiredService<IOptions<EngineOptions>>().Value.LeaseTtl);
    }

    [Fact]
    public void AddFleetEngine_InvalidOptions_FailsValidationNamingTheOption()
    {
        using var registry = InMemoryRegistry.Create(TimeProvider.System);
        using var provider = Services(registry, o => o.ReconcileInterval = TimeSpan.Zero).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EngineOptions>>().Value);

        Assert.Contains("engine_reconcile_interval", ex.Message, StringComparison.Ordinal);
    }

    private static ServiceCollection Services(InMemoryRegistry registry, Action<EngineOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(registry.Leaders);
        services.AddSingleton(registry.Machines);
        services.AddSingleton(registry.Schedule);
        services.AddSingleton(registry.Units);
        services.AddSingleton<ILocalMachine>(new StaticLocalMachine(new MachineState { Id = MachineId.Parse("m1") }));
        services.AddFleetEngine(configure);
        return services;
    }
}
