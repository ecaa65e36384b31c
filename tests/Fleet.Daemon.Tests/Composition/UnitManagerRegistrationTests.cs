using Fleet.Agent.Process;
using Fleet.Agent.Systemd;
using Fleet.Agent.UnitManagement;
using Fleet.Daemon.Composition;
using Fleet.Daemon.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fleet.Daemon.Tests.Composition;

[Trait("Category", "Unit")]
public sealed class UnitManagerRegistrationTests
{
    [Fact]
    public void Resolve_AutoWithSystemdBooted_ChoosesSystemd()
    {
        var marker = Directory.CreateTempSubdirectory("fleet-sd-marker-").FullName;
        try
        {
            Assert.Equal("systemd", UnitManagerRegistration.Resolve("auto", marker));
        }
        finally
        {
            Directory.Delete(marker);
        }
    }

    [Fact]
    public void Resolve_AutoWithoutSystemd_ChoosesProcess() =>
        Assert.Equal("process", UnitManagerRegistration.Resolve("auto", Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))));

    [Theory]
    [InlineData("systemd")]
    [InlineData("process")]
    public void Resolve_Explicit_KeepsTheChoice(string kind) =>
        Assert.Equal(kind, UnitManagerRegistration.Resolve(kind, "/"));

    [Fact]
    public async Task AddUnitManager_Systemd_RegistersSystemdForBothRoles()
    {
        var config = new FleetConfig { UnitsDirectory = "/run/fleet-test/units/" };
        await using var provider = Build(config, "systemd");

        Assert.IsType<SystemdUnitManager>(provider.GetRequiredService<IUnitManager>());
        Assert.IsType<SystemdUnitJournal>(provider.GetRequiredService<IUnitJournal>());
        var options = provider.GetRequiredService<IOptions<SystemdUnitManagerOptions>>().Value;
        Assert.False(options.SystemdUser);
        Assert.Equal("/run/fleet-test/units/", options.UnitsDirectory);
    }

    [Fact]
    public async Task AddUnitManager_SystemdUser_UsesTheUserBus()
    {
        var config = new FleetConfig { SystemdUser = true };
        await using var provider = Build(config, "systemd");

        var options = new SystemdUnitManagerOptions(); // configured, not validated: the test machine may have no user bus
        foreach (var configure in provider.GetServices<IConfigureOptions<SystemdUnitManagerOptions>>())
        {
            configure.Configure(options);
        }

        Assert.True(options.SystemdUser);
    }

    [Fact]
    public async Task AddUnitManager_Process_RegistersTheSupervisorForBothRoles()
    {
        var data = Directory.CreateTempSubdirectory("fleet-reg-").FullName;
        try
        {
            var config = new FleetConfig { UnitsDirectory = Path.Combine(data, "units"), DataDir = data };
            await using var provider = Build(config, "process");

            var manager = provider.GetRequiredService<IUnitManager>();
            Assert.IsType<ProcessSupervisor>(manager);
            Assert.Same(manager, provider.GetRequiredService<IUnitJournal>());
            Assert.Equal(Path.Combine(data, "supervisor"), provider.GetRequiredService<IOptions<ProcessSupervisorOptions>>().Value.StateDirectory);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static ServiceProvider Build(FleetConfig config, string kind)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        UnitManagerRegistration.AddUnitManager(services, config, kind);
        return services.BuildServiceProvider();
    }
}
