namespace Fleet.Client;

/// <summary>How to reach and talk to the fleet API.</summary>
public sealed record FleetClientOptions
{
    /// <summary>The endpoint.</summary>
    public required FleetEndpoint Endpoint { get; init; }

    /// <summary>PEM file of the CA that signs the server certificate (https only). When set, the server
    /// certificate must chain to it; when not set, the system trust store is used.</summary>
    public string? CaFile { get; init; }

    /// <summary>PEM client certificate (https only); requires <see cref="KeyFile"/>.</summary>
    public string? CertFile { get; init; }

    /// <summary>PEM private key of <see cref="CertFile"/>.</summary>
    public string? KeyFile { get; init; }

    /// <summary>Limit for one ordinary request (not for streamed journal output).</summary>
    /// <value>No limit when null.</value>
    public TimeSpan? RequestTimeout { get; init; }

    /// <summary>Replaces direct socket connections (e.g. an SSH tunnel); null connects directly.</summary>
    public IFleetConnector? Connector { get; init; }

    /// <summary>Called with each request line and response status when not null (<c>--debug</c>).</summary>
    public Action<string>? Trace { get; init; }
}
