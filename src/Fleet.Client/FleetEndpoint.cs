using System.Globalization;

namespace Fleet.Client;

/// <summary>A parsed fleet API endpoint: <c>unix:///path</c>, <c>file:///path</c>, <c>http://host:port</c> or
/// <c>https://host:port</c> (reference §1.1 "Endpoint handling").</summary>
public sealed record FleetEndpoint
{
    private FleetEndpoint(string text, FleetEndpointKind kind, string host, int port, string path)
    {
        Text = text;
        Kind = kind;
        Host = host;
        Port = port;
        Path = path;
    }

    /// <summary>The endpoint as the user wrote it (used in error messages).</summary>
    public string Text { get; }

    /// <summary>The transport.</summary>
    public FleetEndpointKind Kind { get; }

    /// <summary>TCP host name or address (empty for unix sockets).</summary>
    public string Host { get; }

    /// <summary>TCP port (0 for unix sockets).</summary>
    public int Port { get; }

    /// <summary>The socket path for <see cref="FleetEndpointKind.Unix"/>; otherwise the URL path prefix
    /// (empty or starting with '/').</summary>
    public string Path { get; }

    /// <summary>The base address API v1 paths are resolved against, ending in <c>/fleet/v1/</c>.</summary>
    public Uri ApiBaseAddress => Kind == FleetEndpointKind.Unix
        ? new Uri("http://domain-sock/fleet/v1/")
        : new Uri(string.Create(CultureInfo.InvariantCulture,
            $"{(Kind == FleetEndpointKind.Https ? "https" : "http")}://{HostForUri}:{Port}{Path.TrimEnd('/')}/fleet/v1/"));

    private string HostForUri => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;

    /// <summary>Parses an endpoint URL.</summary>
    /// <exception cref="FormatException">The text is not a usable endpoint; the message says why, in fleet's
    /// words where fleet has them (<c>URL scheme undefined</c>, <c>unable to connect to host "var" with
    /// scheme "unix"</c>).</exception>
    public static FleetEndpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            throw new FormatException("URL scheme undefined");
        }

        var scheme = text[..schemeEnd].ToLowerInvariant();
        var rest = text[(schemeEnd + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? string.Empty : rest[slash..];
        return scheme switch
        {
            "unix" or "file" => ParseUnix(text, scheme, authority, path),
            "http" => ParseTcp(text, FleetEndpointKind.Http, authority, path, 80),
            "https" => ParseTcp(text, FleetEndpointKind.Https, authority, path, 443),
            _ => throw new FormatException($"unsupported URL scheme \"{scheme}\" in endpoint \"{text}\" (use unix, http or https)"),
        };
    }

    /// <summary>Parses the first of a comma-separated list of endpoints (fleet uses only the first).</summary>
    /// <param name="list">One or more endpoints separated by commas.</param>
    /// <param name="ignored">How many further endpoints were given and ignored.</param>
    public static FleetEndpoint ParseFirst(string list, out int ignored)
    {
        ArgumentNullException.ThrowIfNull(list);
        var parts = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new FormatException("no endpoint given");
        }

        ignored = parts.Length - 1;
        return Parse(parts[0]);
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static FleetEndpoint ParseUnix(string text, string scheme, string authority, string path)
    {
        if (authority.Length > 0)
        {
            throw new FormatException($"unable to connect to host \"{authority}\" with scheme \"{scheme}\"");
        }

        if (path.Length <= 1)
        {
            throw new FormatException($"endpoint \"{text}\" names no socket path");
        }

        return new FleetEndpoint(text, FleetEndpointKind.Unix, string.Empty, 0, path);
    }

    private static FleetEndpoint ParseTcp(string text, FleetEndpointKind kind, string authority, string path, int defaultPort)
    {
        if (authority.Contains('@', StringComparison.Ordinal))
        {
            throw new FormatException($"endpoint \"{text}\" must not carry user information");
        }

        var host = authority;
        var port = defaultPort;
        var close = authority.LastIndexOf(']');
        var colon = authority.LastIndexOf(':');
        if (colon > close)
        {
            host = authority[..colon];
            var portText = authority[(colon + 1)..];
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            {
                throw new FormatException($"invalid port \"{portText}\" in endpoint \"{text}\"");
            }
        }

        host = host.Trim('[', ']');
        if (host.Length == 0)
        {
            throw new FormatException($"endpoint \"{text}\" names no host");
        }

        var query = path.IndexOfAny(['?', '#']);
        return new FleetEndpoint(text, kind, host, port, query < 0 ? path : path[..query]);
    }
}
