namespace Fleet.Client;

/// <summary>How the client reaches the fleet API.</summary>
public enum FleetEndpointKind
{
    /// <summary>A unix domain socket (<c>unix:///var/run/fleet.sock</c> or <c>file://</c>).</summary>
    Unix,

    /// <summary>Plain HTTP over TCP.</summary>
    Http,

    /// <summary>HTTP over TLS.</summary>
    Https,
}
