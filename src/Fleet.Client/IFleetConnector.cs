namespace Fleet.Client;

/// <summary>Opens the byte stream an HTTP connection to the fleet API runs over, replacing the direct
/// socket connection (used for <c>--tunnel</c>).</summary>
public interface IFleetConnector
{
    /// <summary>Opens a new connection to <paramref name="endpoint"/>.</summary>
    /// <returns>A duplex stream; disposing it closes the connection.</returns>
    /// <exception cref="IOException">The connection could not be established.</exception>
    ValueTask<Stream> ConnectAsync(FleetEndpoint endpoint, CancellationToken cancellationToken);
}
