using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Fleet.Daemon;

/// <summary>fleet's default for <c>public_ip</c>: the first global-unicast IPv4 address of the interface
/// that holds the default route.</summary>
internal static class PublicIpDetector
{
    /// <summary>Detects the address, or returns empty when there is no default route.</summary>
    public static string Detect()
    {
        var interfaces = NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .Select(i => i.GetIPProperties())
            .ToList();
        var withGateway = interfaces.Where(p => p.GatewayAddresses.Any(g => g.Address.AddressFamily == AddressFamily.InterNetwork && !g.Address.Equals(IPAddress.Any)));
        return withGateway.Concat(interfaces)
            .SelectMany(p => p.UnicastAddresses.Select(u => u.Address))
            .FirstOrDefault(IsGlobalUnicastV4)?.ToString() ?? string.Empty;
    }

    /// <summary>True for an IPv4 address that is neither loopback, link-local, multicast nor unspecified.</summary>
    public static bool IsGlobalUnicastV4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        return bytes[0] is not 127 and not 0 and < 224 && !(bytes[0] == 169 && bytes[1] == 254);
    }
}
