using Fleet.Agent.Process;
using Fleet.Agent.UnitManagement;
using Fleet.Daemon.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Daemon.Composition;

/// <summary>Chooses and registers the machine's <see cref="IUnitManager"/> and
/// <see cref="IUnitJournal"/> from <c>unit_manager</c>: <c>systemd</c> (D-Bus to the system
/// bus, or the user bus with <c>systemd_user=true</c>), <c>process</c> (the built-in supervisor), or <c>auto</c>:
/// systemd when it is PID 1 (<c>/run/systemd/system</c> exists, as <c>sd_booted()</c> checks), else process.</summary>
internal static class UnitManagerRegistration
{
    /// <summary>The directory whose existence means systemd is the init system.</summary>
    public const string SystemdBootedMarker = "/run/systemd/system";

    /// <summary>Resolves <c>auto</c> to <c>systemd</c> or <c>process</c>; other values are returned unchanged.</summary>
    /// <param name="configured">The configured <c>unit_manager</c>.</param>
    /// <param name="systemdMarker">The directory checked for <c>auto</c>.</param>
    public static string Resolve(string configured, string systemdMarker = SystemdBootedMarker) => configured switch
    {
        "auto" => Directory.Exists(systemdMarker) ? "systemd" : "process",
        _ => configured,
    };

    /// <summary>Registers the unit manager and journal for the resolved kind.</summary>
    /// <param name="services">The services.</param>
    /// <param name="config">The configuration.</param>
    /// <param name="kind"><c>systemd</c> or <c>process</c>, from <see cref="Resolve"/>.</param>
    public static void AddUnitManager(IServiceCollection services, FleetConfig config, string kind)
    {
        if (kind == "systemd")
        {
            services.AddFleetSystemdUnitManager(o =>
            {
                o.UnitsDirectory = config.UnitsDirectory;
                o.SystemdUser = config.SystemdUser;
            });
            return;
        }

        services.Configure<ProcessSupervisorOptions>(o =>
        {
            o.UnitsDirectory = config.UnitsDirectory;
            o.StateDirectory = Path.Combine(config.DataDir, "supervisor");
        });
        services.AddSingleton<ProcessSupervisor>();
        services.AddSingleton<IUnitManager>(sp => sp.GetRequiredService<ProcessSupervisor>());
        services.AddSingleton<IUnitJournal>(sp => sp.GetRequiredService<ProcessSupervisor>());
    }
}
