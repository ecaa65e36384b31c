using System.Reflection;

namespace Fleet.Api;

/// <summary>Settings of the HTTP API v1 server.</summary>
public sealed class FleetApiOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Api";

    /// <summary>fleet's message when the store cannot be reached (answered with 503).</summary>
    public const string EtcdUnavailableMessage = "fleet server unable to communicate with etcd";

    /// <summary>Gets or sets the page size of list endpoints (fleet's <c>token_limit</c>). Page tokens carry it,
    /// and a token made for another size is refused.</summary>
    /// <value>100 by default; 1 to 65535.</value>
    public int TokenLimit { get; set; } = 100;

    /// <summary>Gets or sets the largest request body accepted; larger bodies get 413.</summary>
    /// <value>1 MiB by default; must be positive.</value>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the version sent in every response's <c>Server: fleetd/&lt;version&gt;</c> header.</summary>
    /// <value>This assembly's informational version (without build metadata) by default.</value>
    public string ServerVersion { get; set; } = DefaultVersion();

    /// <summary>Gets or sets the 503 message when the store cannot be reached.</summary>
    /// <value><see cref="EtcdUnavailableMessage"/> by default; a daemon on the embedded store may say so instead.</value>
    public string RegistryUnavailableMessage { get; set; } = EtcdUnavailableMessage;

    /// <summary>Gets or sets the smallest JSON response body that is gzip-compressed when the client accepts gzip.</summary>
    /// <value>1024 bytes by default; 0 compresses every body, <see cref="int.MaxValue"/> none.</value>
    public int GzipMinimumBytes { get; set; } = 1024;

    private static string DefaultVersion()
    {
        var version = typeof(FleetApiOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
