namespace Fleet.Daemon;

/// <summary>fleetd's command line, as coreos/fleet's: <c>-config PATH</c> (or <c>--config</c>,
/// <c>-config=PATH</c>), <c>-version</c> (or <c>--version</c>, or the word <c>version</c>). The fleet.conf
/// options are not command-line flags.</summary>
internal sealed record CommandLine(string? ConfigPath, bool ShowVersion, string? Error)
{
    /// <summary>Description printed with the usage.</summary>
    public const string Description =
        "fleetd is the server component of fleet, a simple orchestration system for scheduling systemd units in a cluster.";

    /// <summary>Usage text.</summary>
    public static string Usage(string program) =>
        $"Usage: {program} [-config PATH] [-version]\n\n{Description}\n\n" +
        "  -config PATH\tPath to config file. Fleet will look for a config at /etc/fleet/fleet.conf by default.\n" +
        "  -version\tPrint the version and exit\n";

    /// <summary>Parses the arguments.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args, string program)
    {
        string? config = null;
        var version = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var flag = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : arg.StartsWith('-') ? arg[1..] : null;
            if (flag is null)
            {
                if (arg == "version" && args.Count == 1)
                {
                    return new(null, true, null);
                }

                return new(null, false, $"{program} takes no arguments. Did you mean to invoke fleetctl instead?");
            }

            var eq = flag.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? flag : flag[..eq];
            switch (name)
            {
                case "config" when eq >= 0:
                    config = flag[(eq + 1)..];
                    break;
                case "config" when i + 1 < args.Count:
                    config = args[++i];
                    break;
                case "config":
                    return new(null, false, "flag needs an argument: -config");
                case "version" when eq < 0:
                    version = true;
                    break;
                default:
                    return new(null, false, $"flag provided but not defined: -{name}");
            }
        }

        return new(config, version, null);
    }
}
