using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Fleet.Api.Hosting;

/// <summary>One entry of <c>api_listen</c>: <c>unix:///var/run/fleet.sock</c>, <c>http://127.0.0.1:49153</c>
/// (<c>http://[::1]:49153</c>, <c>http://localhost:49153</c>) or <c>systemd:</c>.</summary>
public sealed record ApiListenAddress
{
    private ApiListenAddress(ApiListenKind kind, string text) => (Kind, Text) = (kind, text);

    /// <summary>What the entry names.</summary>
    public ApiListenKind Kind { get; }

    /// <summary>The entry as written.</summary>
    public string Text { get; }

    /// <summary>The socket file, for <see cref="ApiListenKind.UnixSocket"/>.</summary>
    public string? UnixPath { get; private init; }

    /// <summary>The address and port, for <see cref="ApiListenKind.Tcp"/>; port 0 picks a free one.</summary>
    public IPEndPoint? TcpEndPoint { get; private init; }

    /// <summary>Parses one entry.</summary>
    /// <param name="text">The entry.</param>
    /// <param name="address">The address, when valid.</param>
    /// <param name="error">What is wrong with the entry, naming it.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ApiListenAddress? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        error = null;
        var entry = text?.Trim() ?? string.Empty;
        if (entry is "systemd:" or "systemd")
        {
            address = new ApiListenAddress(ApiListenKind.SystemdActivation, entry);
        }
        else if (entry.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = entry["unix://".Length..];
            if (!path.StartsWith('/') || path.EndsWith('/') || path.Contains('\0', StringComparison.Ordinal))
            {
                error = $"api_listen entry \"{entry}\": the socket path must be absolute, e.g. unix:///var/run/fleet.sock";
            }
            else
            {
                address = new ApiListenAddress(ApiListenKind.UnixSocket, entry) { UnixPath = path };
            }
        }
        else if (entry.StartsWith("http://", StringComparison.Ordinal))
        {
            var endPoint = ParseHostPort(entry["http://".Length..].TrimEnd('/'));
            if (endPoint is null)
            {
                error = $"api_listen entry \"{entry}\": expected http://IP:PORT (an IP address or localhost, a port 0-65535)";
            }
            else
            {
                address = new ApiListenAddress(ApiListenKind.Tcp, entry) { TcpEndPoint = endPoint };
            }
        }
        else
        {
            error = $"api_listen entry \"{entry}\" must be unix:///absolute/path, http://IP:PORT or systemd:";
        }

        return address is not null;
    }

    /// <summary>Parses a comma-separated list, reporting every bad entry at once.</summary>
    /// <exception cref="FormatException">An entry is invalid or the list is empty; the message names each problem.</exception>
    public static IReadOnlyList<ApiListenAddress> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ParseList(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>Parses entries, reporting every bad entry at once.</summary>
    /// <exception cref="FormatException">An entry is invalid or there is none; the message names each problem.</exception>
    public static IReadOnlyList<ApiListenAddress> ParseList(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var addresses = new List<ApiListenAddress>();
        var errors = new List<string>();
        foreach (var entry in entries)
        {
            if (TryParse(entry, out var address, out var error))
            {
                addresses.Add(address);
            }
            else
            {
                errors.Add(error);
            }
        }

        if (addresses.Count == 0 && errors.Count == 0)
        {
            errors.Add("api_listen must name at least one address");
        }

        return errors.Count == 0 ? addresses : throw new FormatException(string.Join("; ", errors));
    }

    private static IPEndPoint? ParseHostPort(string hostPort)
    {
        var colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(hostPort.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port))
        {
            return null;
        }

        var host = hostPort[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            return null; // an IPv6 address must be bracketed
        }

        if (host == "localhost")
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        return IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, port) : null;
    }
}
