using System.Globalization;
using Fleet.Cli.Hosting;

namespace Fleet.Cli.Ssh;

/// <summary>How fleetctl runs the system's OpenSSH client, from the global flags.</summary>
internal sealed record SshSettings
{
    public required string Program { get; init; }

    public required string User { get; init; }

    public required bool StrictHostKeyChecking { get; init; }

    public required string KnownHostsFile { get; init; }

    public required double TimeoutSeconds { get; init; }

    /// <summary><c>host:port</c> every connection jumps through (<c>--tunnel</c>), or null.</summary>
    public string? Tunnel { get; init; }

    public static SshSettings From(CliContext context)
    {
        var settings = context.Settings;
        return new SshSettings
        {
            Program = context.Console.SshProgram,
            User = settings.SshUsername,
            StrictHostKeyChecking = settings.StrictHostKeyChecking,
            KnownHostsFile = context.ExpandHome(settings.KnownHostsFile) ?? settings.KnownHostsFile,
            TimeoutSeconds = settings.SshTimeout,
            Tunnel = settings.Tunnel is { } tunnel ? WithDefaultPort(tunnel) : null,
        };
    }

    /// <summary>Appends <c>:22</c> when the address has no port, as fleetctl does for <c>--tunnel</c>.</summary>
    public static string WithDefaultPort(string address)
    {
        var close = address.LastIndexOf(']');
        var colon = address.LastIndexOf(':');
        return colon > close ? address : address + ":22";
    }

    /// <summary>Splits <c>host:port</c>.</summary>
    public static (string Host, int Port) SplitHostPort(string address)
    {
        var withPort = WithDefaultPort(address);
        var colon = withPort.LastIndexOf(':');
        var port = int.Parse(withPort[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
        return (withPort[..colon].Trim('[', ']'), port);
    }
}
