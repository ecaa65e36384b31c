namespace Fleet.Client;

/// <summary>The fleet API endpoint could not be reached (connection refused, no socket, TLS failure, timeout).</summary>
public sealed class FleetEndpointUnreachableException : Exception
{
    /// <summary>Creates the exception naming <paramref name="endpoint"/> and the cause.</summary>
    public FleetEndpointUnreachableException(string endpoint, string reason, Exception? innerException)
        : base($"cannot reach the fleet API at {endpoint}: {reason}", innerException)
    {
        Endpoint = endpoint;
    }

    /// <summary>Creates the exception.</summary>
    public FleetEndpointUnreachableException()
        : this("(unknown)", "unreachable", null)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public FleetEndpointUnreachableException(string message)
        : base(message)
    {
        Endpoint = string.Empty;
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public FleetEndpointUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
        Endpoint = string.Empty;
    }

    /// <summary>The endpoint as given.</summary>
    public string Endpoint { get; }
}
