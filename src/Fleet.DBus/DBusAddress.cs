using System.Net.Sockets;

namespace Fleet.DBus;

/// <summary>Parses D-Bus server addresses of the <c>unix</c> transport (<c>unix:path=...</c>, <c>unix:abstract=...</c>).</summary>
public static class DBusAddress
{
    /// <summary>Parses an address (the first usable of a <c>;</c>-separated list) into a socket end point.</summary>
    /// <param name="address">For example <c>unix:path=/run/dbus/system_bus_socket</c>.</param>
    /// <param name="endPoint">The end point.</param>
    /// <param name="error">Why the address is not usable.</param>
    public static bool TryParse(string? address, out UnixDomainSocketEndPoint? endPoint, out string? error)
    {
        endPoint = null;
        if (string.IsNullOrWhiteSpace(address))
        {
            error = "The D-Bus address is empty.";
            return false;
        }

        foreach (var entry in address.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || entry[..colon] != "unix")
            {
                continue;
            }

            foreach (var pair in entry[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0)
                {
                    continue;
                }

                var value = Uri.UnescapeDataString(pair[(eq + 1)..]);
                switch (pair[..eq])
                {
                    case "path" when value.StartsWith('/'):
                        endPoint = new UnixDomainSocketEndPoint(value);
                        error = null;
                        return true;
                    case "abstract" when value.Length > 0:
                        endPoint = new UnixDomainSocketEndPoint("\0" + value);
                        error = null;
                        return true;
                    default:
                        break;
                }
            }
        }

        error = $"The D-Bus address '{address}' has no usable 'unix:path=/...' or 'unix:abstract=...' entry.";
        return false;
    }
}
