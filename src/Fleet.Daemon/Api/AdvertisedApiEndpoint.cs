using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Fleet.Api.Hosting;

namespace Fleet.Daemon.Api;

/// <summary>The API address a fleetd publishes in its machine state (<c>MachineState.ApiEndpoint</c>) so that
/// other machines can forward journal and status requests to it.</summary>
internal static class AdvertisedApiEndpoint
{
    /// <summary>The first TCP entry of <paramref name="apiListen"/> as <c>http://IP:PORT</c>, with a wildcard
    /// address (<c>0.0.0.0</c>, <c>[::]</c>) replaced by <paramref name="publicIp"/> (or loopback when there is
    /// none); empty when no entry is TCP or the port is 0 (chosen at bind time, unknown here).</summary>
    public static string From(IEnumerable<string> apiListen, string publicIp)
    {
        foreach (var entry in apiListen)
        {
            if (!ApiListenAddress.TryParse(entry, out var address, out _) || address.TcpEndPoint is not { } endPoint)
            {
                continue;
            }

            if (endPoint.Port == 0)
            {
                return string.Empty;
            }

            var ip = endPoint.Address;
            if (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
            {
                ip = IPAddress.TryParse(publicIp, out var advertised) ? advertised : IPAddress.Loopback;
            }

            var host = ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString();
            return string.Create(CultureInfo.InvariantCulture, $"http://{host}:{endPoint.Port}");
        }

        return string.Empty;
    }
}
