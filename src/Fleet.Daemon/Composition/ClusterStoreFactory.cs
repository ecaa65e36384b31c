using Fleet.Daemon.Configuration;
using Fleet.Registry.Embedded;
using Fleet.Registry.Etcd;
using Microsoft.Extensions.Logging;

namespace Fleet.Daemon.Composition;

/// <summary>Opens the store fleetd was configured with: etcd v3 when <c>etcd_servers</c> is set, otherwise the
/// embedded durable store under <c>data_dir</c> (single machine, no etcd).</summary>
internal static class ClusterStoreFactory
{
    /// <summary>The API's 503 message on the embedded store.</summary>
    public const string EmbeddedUnavailableMessage = "fleet server unable to communicate with its embedded store";

    /// <summary>Opens the store.</summary>
    /// <exception cref="InvalidOperationException">The options are invalid; the message lists every problem.</exception>
    public static ValueTask<ClusterStore> OpenAsync(FleetConfig config, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(config.EtcdServers.IsEmpty ? OpenEmbedded(config, time, loggers) : OpenEtcd(config, time, loggers));
    }

    private static ClusterStore OpenEmbedded(FleetConfig config, TimeProvider time, ILoggerFactory loggers)
    {
        var options = new EmbeddedRegistryOptions { DataDirectory = Path.Combine(config.DataDir, "registry") };
        var registry = EmbeddedRegistry.Open(options, time, loggers.CreateLogger<EmbeddedRegistry>());
        return new ClusterStore(
            registry.Units,
            registry.Schedule,
            registry.Machines,
            registry.UnitStates,
            registry.Leaders,
            $"embedded store in {registry.DataDirectory}",
            EmbeddedUnavailableMessage,
            () =>
            {
                registry.Dispose();
                return ValueTask.CompletedTask;
            });
    }

    private static ClusterStore OpenEtcd(FleetConfig config, TimeProvider time, ILoggerFactory loggers)
    {
        var options = new EtcdRegistryOptions
        {
            EtcdKeyPrefix = config.EtcdKeyPrefix,
            EtcdUsername = config.EtcdUsername,
            EtcdPassword = config.EtcdPassword,
            EtcdCaFile = config.EtcdCaFile,
            EtcdCertFile = config.EtcdCertFile,
            EtcdKeyFile = config.EtcdKeyFile,
            EtcdRequestTimeout = config.EtcdRequestTimeout,
        };
        options.EtcdServers.Clear();
        foreach (var server in config.EtcdServers)
        {
            options.EtcdServers.Add(server);
        }

        var registry = EtcdRegistry.Connect(options, time, loggers);
        return new ClusterStore(
            registry.Units,
            registry.Schedules,
            registry.Machines,
            registry.UnitStates,
            registry.Leadership,
            $"etcd at {registry.Endpoints} under {config.EtcdKeyPrefix}",
            "fleet server unable to communicate with etcd",
            registry.DisposeAsync);
    }
}
