using System.Collections.Immutable;

namespace Fleet.Daemon.Configuration;

/// <summary>fleetd's effective configuration: every coreos/fleet <c>fleet.conf</c> option plus this
/// project's additions, after defaults, the INI file and <c>FLEET_*</c> environment variables.</summary>
/// <remarks>Immutable; a SIGHUP builds a new one. See docs/configuration.md.</remarks>
public sealed record FleetConfig
{
    /// <summary><c>verbosity</c>: above 0 enables debug logging.</summary>
    public int Verbosity { get; init; }

    /// <summary><c>etcd_servers</c>: empty means the embedded store (single machine, no etcd).</summary>
    public ImmutableArray<string> EtcdServers { get; init; } = [];

    /// <summary><c>etcd_username</c>.</summary>
    public string EtcdUsername { get; init; } = string.Empty;

    /// <summary><c>etcd_password</c> (never logged).</summary>
    public string EtcdPassword { get; init; } = string.Empty;

    /// <summary><c>etcd_keyfile</c>.</summary>
    public string EtcdKeyFile { get; init; } = string.Empty;

    /// <summary><c>etcd_certfile</c>.</summary>
    public string EtcdCertFile { get; init; } = string.Empty;

    /// <summary><c>etcd_cafile</c>.</summary>
    public string EtcdCaFile { get; init; } = string.Empty;

    /// <summary><c>etcd_key_prefix</c>.</summary>
    public string EtcdKeyPrefix { get; init; } = "/_coreos.com/fleet/";

    /// <summary><c>etcd_request_timeout</c> (fleet: float seconds, default 1.0).</summary>
    public TimeSpan EtcdRequestTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>engine_reconcile_interval</c> (fleet: float seconds, default 2.0); the leader lease is 5× this.</summary>
    public TimeSpan EngineReconcileInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary><c>public_ip</c>: empty means detect the first global-unicast IPv4 of the default-route interface.</summary>
    public string PublicIp { get; init; } = string.Empty;

    /// <summary><c>metadata</c>: <c>k=v,k2=v2</c>, parsed.</summary>
    public ImmutableSortedDictionary<string, string> Metadata { get; init; } =
        ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary><c>agent_ttl</c> (Go duration, default 30s): TTL of machine presence and unit states.</summary>
    public TimeSpan AgentTtl { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>units_directory</c>.</summary>
    public string UnitsDirectory { get; init; } = "/run/fleet/units/";

    /// <summary><c>systemd_user</c>: use the user bus.</summary>
    public bool SystemdUser { get; init; }

    /// <summary><c>token_limit</c>: API page size.</summary>
    public int TokenLimit { get; init; } = 100;

    /// <summary><c>enable_grpc</c>: engine-to-agent gRPC mode.</summary>
    public bool EnableGrpc { get; init; }

    /// <summary><c>disable_engine</c>: never campaign for leadership.</summary>
    public bool DisableEngine { get; init; }

    /// <summary><c>disable_watches</c>: poll on intervals instead of watching.</summary>
    public bool DisableWatches { get; init; }

    /// <summary>Addition <c>machine_id</c>: overrides <c>/etc/machine-id</c>.</summary>
    public string MachineId { get; init; } = string.Empty;

    /// <summary>Addition <c>api_listen</c>: where the HTTP API listens (comma-separated <c>unix://</c>,
    /// <c>http://</c>); sockets passed by systemd (<c>LISTEN_FDS</c>) are always used as well.</summary>
    public ImmutableArray<string> ApiListen { get; init; } = ["unix:///var/run/fleet.sock"];

    /// <summary>Addition <c>data_dir</c>: where the embedded store and the process supervisor keep state.</summary>
    public string DataDir { get; init; } = "/var/lib/fleet";

    /// <summary>Addition <c>unit_manager</c>: <c>auto</c>, <c>systemd</c> or <c>process</c>.</summary>
    public string UnitManager { get; init; } = "auto";

    /// <summary>Where the configuration was read from (empty when no file was used).</summary>
    public string SourceFile { get; init; } = string.Empty;
}
