using System.Runtime.InteropServices;
using Fleet.Core.Machines;
using Fleet.Daemon.Api;
using Fleet.Daemon.Composition;
using Fleet.Daemon.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Daemon;

/// <summary>Composes and runs fleetd from a validated configuration: the store (embedded or etcd), the unit
/// manager, the agent, the engine and the HTTP API.</summary>
internal static partial class FleetdHost
{
    /// <summary>Runs fleetd until SIGTERM/SIGINT; returns the process exit code.</summary>
    public static async Task<int> RunAsync(FleetConfig config, string? configPath, IReadOnlyDictionary<string, string> environment)
    {
        var machineId = FleetConfigLoader.ResolveMachineId(config, "/etc/machine-id", out var error);
        if (machineId is null)
        {
            await Console.Error.WriteLineAsync(error);
            return 1;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.SetMinimumLevel(config.Verbosity > 0 ? LogLevel.Debug : LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", config.Verbosity > 1 ? LogLevel.Debug : LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(90));

        using var bootLoggerFactory = LoggerFactory.Create(l => l.AddSimpleConsole(o => o.SingleLine = true));
        var bootLogger = bootLoggerFactory.CreateLogger("fleetd");
        Log.Starting(bootLogger, FleetdVersion.Value, machineId.Value.Value, config.SourceFile.Length == 0 ? "(none)" : config.SourceFile);

        await using var store = await ClusterStoreFactory.OpenAsync(config, TimeProvider.System, bootLoggerFactory, CancellationToken.None);
        Log.StoreOpened(bootLogger, store.Description);

        var publicIp = config.PublicIp.Length > 0 ? config.PublicIp : PublicIpDetector.Detect();
        var apiEndpoint = AdvertisedApiEndpoint.From(config.ApiListen, publicIp);
        var local = new LocalMachine(LocalMachine.Describe(machineId.Value, publicIp, config.Metadata, config.DisableEngine, apiEndpoint));

        try
        {
            builder.WebHost.ConfigureKestrel(k => k.ListenFleetApi(string.Join(',', config.ApiListen), bootLogger));
        }
        catch (FormatException ex)
        {
            await Console.Error.WriteLineAsync($"api_listen: {ex.Message}");
            return 1;
        }

        AddServices(builder.Services, config, store, local);
        AddLifecycle(builder.Services, config, configPath, environment, local);
        var app = builder.Build();
        app.MapUnitJournalRoutes();
        app.MapFleetApiV1();

        var reload = app.Services.GetRequiredService<ConfigurationReloader>();
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            reload.Request();
        });

        try
        {
            await app.RunAsync();
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync("Invalid configuration; nothing was started:");
            foreach (var failure in ex.Failures)
            {
                await Console.Error.WriteLineAsync($"  {failure}");
            }

            return 1;
        }
        catch (IOException ex)
        {
            await Console.Error.WriteLineAsync($"fleetd could not start: {ex.Message}");
            return 1;
        }

        return 0;
    }

    private static void AddServices(IServiceCollection services, FleetConfig config, ClusterStore store, LocalMachine local)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ILocalMachine>(local);
        services.AddSingleton(store.Units);
        services.AddSingleton(store.Schedule);
        services.AddSingleton(store.Machines);
        services.AddSingleton(store.UnitStates);
        services.AddSingleton(store.Leaders);

        UnitManagerRegistration.AddUnitManager(services, config, UnitManagerRegistration.Resolve(config.UnitManager));

        services.AddFleetAgent(o =>
        {
            o.AgentTtl = config.AgentTtl;
            o.UnitsDirectory = config.UnitsDirectory;
            o.DisableWatches = config.DisableWatches;
        });
        services.AddFleetEngine(o =>
        {
            o.ReconcileInterval = config.EngineReconcileInterval;
            o.DisableEngine = config.DisableEngine;
            o.DisableWatches = config.DisableWatches;
        });
        services.AddFleetApi(o =>
        {
            o.TokenLimit = config.TokenLimit;
            o.ServerVersion = FleetdVersion.Value;
            o.RegistryUnavailableMessage = store.UnavailableMessage;
        });
        services.AddUnitJournalForwarding();
    }

    /// <summary>Registration-gated API and engine (<see cref="DaemonAvailability"/>) and the SIGHUP reloader.</summary>
    private static void AddLifecycle(IServiceCollection services, FleetConfig config, string? configPath, IReadOnlyDictionary<string, string> environment, LocalMachine local)
    {
        services.AddSingleton<DaemonAvailability>();
        services.AddSingleton<Agent.IAgentPresenceObserver>(sp => sp.GetRequiredService<DaemonAvailability>());
        services.AddSingleton<Engine.IEngineStartGate>(sp => sp.GetRequiredService<DaemonAvailability>());
        services.AddSingleton(sp => new ConfigurationReloader(
            configPath,
            environment,
            local,
            config,
            sp.GetRequiredService<Agent.AgentService>().AnnounceAsync,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("fleetd")));
        services.AddHostedService(sp => sp.GetRequiredService<ConfigurationReloader>());
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Starting fleetd version {Version} as machine {MachineId} (config file: {ConfigFile})")]
        public static partial void Starting(ILogger logger, string version, string machineId, string configFile);

        [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Cluster store: {Store}")]
        public static partial void StoreOpened(ILogger logger, string store);
    }
}
