namespace Fleet.Registry.Etcd;

/// <summary>How fleetd reaches etcd v3. Property names map to fleet's <c>etcd_*</c> options.</summary>
/// <remarks>Validated by <see cref="EtcdRegistryOptionsValidator"/> before use; every problem is reported at once.</remarks>
public sealed class EtcdRegistryOptions
{
    /// <summary>The configuration section (and the option prefix in fleet.conf).</summary>
    public const string SectionName = "Etcd";

    /// <summary>Gets the etcd client URLs (<c>etcd_servers</c>), all <c>http://</c> or all <c>https://</c>.</summary>
    /// <value>fleet's default: <c>http://127.0.0.1:2379</c> and <c>http://127.0.0.1:4001</c>.</value>
    public IList<string> EtcdServers { get; } = ["http://127.0.0.1:2379", "http://127.0.0.1:4001"];

    /// <summary>Gets or sets the keyspace root (<c>etcd_key_prefix</c>). fleet's v3 data lives under
    /// <c>&lt;prefix&gt;v3/</c> so that it never mixes with a coreos/fleet v2 keyspace.</summary>
    /// <value><c>/_coreos.com/fleet/</c> by default.</value>
    public string EtcdKeyPrefix { get; set; } = "/_coreos.com/fleet/";

    /// <summary>Gets or sets the etcd user (<c>etcd_username</c>); empty for no authentication.</summary>
    public string EtcdUsername { get; set; } = string.Empty;

    /// <summary>Gets or sets the etcd password (<c>etcd_password</c>). Never logged.</summary>
    public string EtcdPassword { get; set; } = string.Empty;

    /// <summary>Gets or sets a PEM file of CA certificates that etcd's server certificate must chain to
    /// (<c>etcd_cafile</c>); empty to use the system's trust store.</summary>
    public string EtcdCaFile { get; set; } = string.Empty;

    /// <summary>Gets or sets the PEM client certificate (<c>etcd_certfile</c>); needs <see cref="EtcdKeyFile"/>.</summary>
    public string EtcdCertFile { get; set; } = string.Empty;

    /// <summary>Gets or sets the PEM private key of <see cref="EtcdCertFile"/> (<c>etcd_keyfile</c>).</summary>
    public string EtcdKeyFile { get; set; } = string.Empty;

    /// <summary>Gets or sets the deadline of one etcd request (<c>etcd_request_timeout</c>).</summary>
    /// <value>1 second by default, as fleet; between 1 ms and 5 minutes.</value>
    public TimeSpan EtcdRequestTimeout { get; set; } = TimeSpan.FromSeconds(1);
}
