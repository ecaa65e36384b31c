namespace Fleet.Cli.Hosting;

/// <summary>The global (persistent) flags after applying command line, <c>FLEETCTL_*</c> environment and
/// defaults, in that precedence.</summary>
internal sealed record GlobalSettings
{
    public bool Debug { get; init; }

    public string Driver { get; init; } = "API";

    public string Endpoint { get; init; } = GlobalOptions.DefaultEndpoint;

    public string EtcdKeyPrefix { get; init; } = "/_coreos.com/fleet/";

    public string? KeyFile { get; init; }

    public string? CertFile { get; init; }

    public string? CaFile { get; init; }

    public string KnownHostsFile { get; init; } = "~/.fleetctl/known_hosts";

    public bool StrictHostKeyChecking { get; init; } = true;

    public double SshTimeout { get; init; } = 10.0;

    public string? Tunnel { get; init; }

    public double RequestTimeout { get; init; } = 3.0;

    public string SshUsername { get; init; } = "core";
}
