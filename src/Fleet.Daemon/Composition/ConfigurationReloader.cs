using Fleet.Daemon.Configuration;
using Microsoft.Extensions.Logging;

namespace Fleet.Daemon.Composition;

/// <summary>SIGHUP: re-reads the configuration as at start-up. An invalid configuration is refused whole and the
/// running one stays; a valid one updates what can change live (public IP, metadata), keeping API listeners,
/// and names the options that need a restart.</summary>
internal sealed partial class ConfigurationReloader(
    string? configPath,
    IReadOnlyDictionary<string, string> environment,
    LocalMachine local,
    FleetConfig running,
    ILogger logger) : IDisposable
{
    private readonly Lock _gate = new();
    private FleetConfig _running = running;

    /// <summary>Reloads; called on SIGHUP.</summary>
    public void Reload()
    {
        lock (_gate)
        {
            Log.Reloading(logger, configPath ?? FleetConfigLoader.DefaultConfigPath);
            var result = FleetConfigLoader.Load(configPath, environment);
            if (result.Config is null)
            {
                Log.ReloadRefused(logger, string.Join("; ", result.Errors));
                return;
            }

            var next = result.Config;
            var current = local.Current;
            var publicIp = next.PublicIp.Length > 0 ? next.PublicIp : current.PublicIp;
            local.Update(current with { PublicIp = publicIp, Metadata = next.Metadata });
            var needRestart = RestartOnly(_running, next);
            if (needRestart.Count > 0)
            {
                Log.NeedsRestart(logger, string.Join(", ", needRestart));
            }

            _running = next;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
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
    }
}
