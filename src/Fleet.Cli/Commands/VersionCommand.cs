using System.CommandLine;
using System.Reflection;
using Fleet.Cli.Hosting;

namespace Fleet.Cli.Commands;

/// <summary><c>version</c>: prints <c>fleetctl version &lt;ver&gt;</c>.</summary>
internal sealed class VersionCommand(CliContext context) : FleetCommand(context)
{
    /// <summary>This build's version (informational version without build metadata).</summary>
    public static string Version
    {
        get
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? version : version[..plus];
        }
    }

    public static string Line => $"fleetctl version {Version}";

    protected override bool NeedsClient => false;

    protected override Command Create() => new("version", "Print the version and exit");

    protected override Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        Context.Out(Line);
        return Task.FromResult(0);
    }
}
