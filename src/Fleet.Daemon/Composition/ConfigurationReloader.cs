using System.Threading.Channels;
using Fleet.Daemon.Api;
using Fleet.Daemon.Configuration;
using Fleet.Registry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Daemon.Composition;

/// <summary>SIGHUP: re-reads the configuration as at start-up. An invalid configuration is refused whole and the
/// running one stays; a valid one updates what can change live (public IP, metadata) and re-announces the
/// machine under its live presence, keeping API listeners, units and leadership; it names the options that
/// need a restart.</summary>
/// <remarks>Reload requests (<see cref="Request"/>, safe from a signal handler) are coalesced and carried out
/// one at a time by the hosted loop.</remarks>
/// <param name="configPath">The <c>-config</c> path, or null for fleet's default lookup.</param>
/// <param name="environment">The process environment (<c>FLEET_*</c> variables win over the file).</param>
/// <param name="local">This machine as announced; updated in place.</param>
/// <param name="running">The configuration fleetd started with.</param>
/// <param name="announce">Re-announces <paramref name="local"/> under the live presence; false when there is
/// none (the next registration announces the current state).</param>
/// <param name="logger">The logger.</param>
internal sealed partial class ConfigurationReloader(
    string? configPath,
    IReadOnlyDictionary<string, string> environment,
    LocalMachine local,
    FleetConfig running,
    Func<CancellationToken, Task<bool>> announce,
    ILogger logger) : BackgroundService
{
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly IReadOnlyList<string> _listeners = running.ApiListen;
    private FleetConfig _running = running;
    private bool _announceFailed;

    /// <summary>Asks for a reload (SIGHUP). Never blocks; requests made while one is pending are merged.</summary>
    public void Request() => _requests.Writer.TryWrite(true);

    /// <summary>Reloads now.</summary>
    /// <param name="cancellationToken">Cancels the re-announcement.</param>
    /// <returns><see langword="true"/> when the new configuration was valid and applied.</returns>
    public async Task<bool> ReloadAsync(CancellationToken cancellationToken)
    {
        Log.Reloading(logger, configPath ?? FleetConfigLoader.DefaultConfigPath);
        var result = FleetConfigLoader.Load(configPath, environment);
        if (result.Config is null)
        {
            Log.ReloadRefused(logger, string.Join("; ", result.Errors));
            return false;
        }

        var next = result.Config;
        var needRestart = RestartOnly(_running, next);
        if (needRestart.Count > 0)
        {
            Log.NeedsRestart(logger, string.Join(", ", needRestart));
        }

        _running = next;
        var current = local.Current;
        var publicIp = next.PublicIp.Length > 0 ? next.PublicIp : current.PublicIp;
        if (!_announceFailed && publicIp == current.PublicIp && next.Metadata.SequenceEqual(current.Metadata))
        {
            Log.Unchanged(logger);
            return true;
        }

        // The listeners stay those fleetd started with; a wildcard one is advertised at the new public IP.
        local.Update(current with { PublicIp = publicIp, Metadata = next.Metadata, ApiEndpoint = AdvertisedApiEndpoint.From(_listeners, publicIp) });
        try
        {
            _announceFailed = false;
            if (!await announce(cancellationToken))
            {
                Log.AnnounceDeferred(logger);
            }
        }
        catch (RegistryUnavailableException ex)
        {
            _announceFailed = true;
            Log.AnnounceFailed(logger, ex);
        }

        return true;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var unused in _requests.Reader.ReadAllAsync(stoppingToken))
            {
                await ReloadAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // fleetd is stopping.
        }
    }

    private static List<string> RestartOnly(FleetConfig before, FleetConfig after)
    {
        var changed = new List<string>();
        void Check(string name, bool differs)
        {
            if (differs)
            {
                changed.Add(name);
            }
        }

        Check("etcd_servers", !before.EtcdServers.SequenceEqual(after.EtcdServers));
        Check("etcd_key_prefix", before.EtcdKeyPrefix != after.EtcdKeyPrefix);
        Check("agent_ttl", before.AgentTtl != after.AgentTtl);
        Check("engine_reconcile_interval", before.EngineReconcileInterval != after.EngineReconcileInterval);
        Check("disable_engine", before.DisableEngine != after.DisableEngine);
        Check("disable_watches", before.DisableWatches != after.DisableWatches);
        Check("units_directory", before.UnitsDirectory != after.UnitsDirectory);
        Check("token_limit", before.TokenLimit != after.TokenLimit);
        Check("machine_id", before.MachineId != after.MachineId);
        Check("api_listen", !before.ApiListen.SequenceEqual(after.ApiListen));
        Check("data_dir", before.DataDir != after.DataDir);
        Check("unit_manager", before.UnitManager != after.UnitManager);
        Check("verbosity", before.Verbosity != after.Verbosity);
        return changed;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "Reloading configuration from {Path}")]
        public static partial void Reloading(ILogger logger, string path);

        [LoggerMessage(EventId = 6011, Level = LogLevel.Error, Message = "Reloaded configuration is invalid, keeping the running one: {Errors}")]
        public static partial void ReloadRefused(ILogger logger, string errors);

        [LoggerMessage(EventId = 6012, Level = LogLevel.Warning, Message = "Changed options take effect only after a restart: {Options}")]
        public static partial void NeedsRestart(ILogger logger, string options);

        [LoggerMessage(EventId = 6013, Level = LogLevel.Information, Message = "Public IP and metadata unchanged; nothing to re-announce")]
        public static partial void Unchanged(ILogger logger);

        [LoggerMessage(EventId = 6014, Level = LogLevel.Information, Message = "Machine not registered at the moment; the new public IP and metadata are announced when it registers")]
        public static partial void AnnounceDeferred(ILogger logger);

        [LoggerMessage(EventId = 6015, Level = LogLevel.Error, Message = "Could not re-announce the machine: the store is unreachable; send SIGHUP again once it is back")]
        public static partial void AnnounceFailed(ILogger logger, Exception exception);
    }
}
