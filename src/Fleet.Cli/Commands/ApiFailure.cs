using Fleet.Client;

namespace Fleet.Cli.Commands;

/// <summary>Recognises failures of the API call itself (as opposed to bugs).</summary>
internal static class ApiFailure
{
    public static bool Is(Exception ex) => ex is FleetApiException or FleetEndpointUnreachableException;
}
