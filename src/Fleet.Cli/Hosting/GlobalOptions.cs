using System.CommandLine;
using System.Globalization;

namespace Fleet.Cli.Hosting;

/// <summary>fleetctl's global flags (reference §1.1). A flag not given on the command line is read from
/// <c>FLEETCTL_&lt;FLAG&gt;</c> (upper case, '-' → '_'), then falls back to its default.</summary>
internal sealed class GlobalOptions
{
    public const string DefaultEndpoint = "unix:///var/run/fleet.sock";

    public Option<bool> Debug { get; } = Flag("--debug", "Print out more debug information to stderr");

    public Option<string> Driver { get; } = Text("--driver", "API", "Adapter used to execute fleetctl commands. Options include \"API\" and \"etcd\".");

    public Option<string> Endpoint { get; } = Text("--endpoint", DefaultEndpoint, "Location of the fleet API if --driver=API. Alternatively, if --driver=etcd, location of the etcd API.");

    public Option<string> EtcdKeyPrefix { get; } = Text("--etcd-key-prefix", "/_coreos.com/fleet/", "Keyspace for fleet data in etcd (development use only!)");

    public Option<string> KeyFile { get; } = Text("--key-file", string.Empty, "Location of TLS key file used to secure communication with the fleet API or etcd");

    public Option<string> CertFile { get; } = Text("--cert-file", string.Empty, "Location of TLS cert file used to secure communication with the fleet API or etcd");

    public Option<string> CaFile { get; } = Text("--ca-file", string.Empty, "Location of TLS CA file used to secure communication with the fleet API or etcd");

    public Option<string> KnownHostsFile { get; } = Text("--known-hosts-file", "~/.fleetctl/known_hosts", "File used to store remote machine fingerprints. Ignored if strict host key checking is disabled.");

    public Option<bool> StrictHostKeyChecking { get; } = Flag("--strict-host-key-checking", "Verify host keys presented by remote machines before initiating SSH connections.", true);

    public Option<double> SshTimeout { get; } = Number("--ssh-timeout", 10.0, "Amount of time in seconds to allow for SSH connection initialization before failing.");

    public Option<string> Tunnel { get; } = Text("--tunnel", string.Empty, "Establish an SSH tunnel through the provided address for communication with fleet and etcd.");

    public Option<double> RequestTimeout { get; } = Number("--request-timeout", 3.0, "Amount of time in seconds to allow a single request before considering it failed.");

    public Option<string> SshUsername { get; } = Text("--ssh-username", "core", "Username to use when connecting to CoreOS instance.");

    public Option<bool> ExperimentalApi { get; } = Hidden(Flag("--experimental-api", "DEPRECATED: do not use this flag.", true));

    public Option<string> EtcdKeyFile { get; } = Hidden(Text("--etcd-keyfile", string.Empty, "DEPRECATED: do not use this flag."));

    public Option<string> EtcdCertFile { get; } = Hidden(Text("--etcd-certfile", string.Empty, "DEPRECATED: do not use this flag."));

    public Option<string> EtcdCaFile { get; } = Hidden(Text("--etcd-cafile", string.Empty, "DEPRECATED: do not use this flag."));

    public Option<bool> Version { get; } = Flag("--version", "Print the version and exit");

    /// <summary>Every global option, in help order.</summary>
    public IEnumerable<Option> All =>
    [
        CaFile, CertFile, Debug, Driver, Endpoint, EtcdKeyPrefix, ExperimentalApi, EtcdCaFile, EtcdCertFile, EtcdKeyFile,
        KeyFile, KnownHostsFile, RequestTimeout, SshTimeout, SshUsername, StrictHostKeyChecking, Tunnel, Version,
    ];

    /// <summary>The environment variable read for <paramref name="option"/>.</summary>
    public static string EnvironmentVariableOf(Option option) =>
        "FLEETCTL_" + option.Name.TrimStart('-').Replace('-', '_').ToUpperInvariant();

    /// <summary>Applies command line, environment and defaults.</summary>
    /// <exception cref="CommandFailedException">An environment variable holds a value of the wrong type.</exception>
    public GlobalSettings Resolve(ParseResult parse, Func<string, string?> environment) => new()
    {
        Debug = Get(parse, environment, Debug, ParseBool),
        Driver = Get(parse, environment, Driver, s => s),
        Endpoint = Get(parse, environment, Endpoint, s => s),
        EtcdKeyPrefix = Get(parse, environment, EtcdKeyPrefix, s => s),
        KeyFile = NullIfEmpty(Get(parse, environment, KeyFile, s => s)) ?? NullIfEmpty(Get(parse, environment, EtcdKeyFile, s => s)),
        CertFile = NullIfEmpty(Get(parse, environment, CertFile, s => s)) ?? NullIfEmpty(Get(parse, environment, EtcdCertFile, s => s)),
        CaFile = NullIfEmpty(Get(parse, environment, CaFile, s => s)) ?? NullIfEmpty(Get(parse, environment, EtcdCaFile, s => s)),
        KnownHostsFile = Get(parse, environment, KnownHostsFile, s => s),
        StrictHostKeyChecking = Get(parse, environment, StrictHostKeyChecking, ParseBool),
        SshTimeout = Get(parse, environment, SshTimeout, ParseDouble),
        Tunnel = NullIfEmpty(Get(parse, environment, Tunnel, s => s)),
        RequestTimeout = Get(parse, environment, RequestTimeout, ParseDouble),
        SshUsername = Get(parse, environment, SshUsername, s => s),
    };

    private static T Get<T>(ParseResult parse, Func<string, string?> environment, Option<T> option, Func<string, T> convert)
    {
        var given = parse.GetResult(option);
        if (given is { Implicit: false })
        {
            return parse.GetValue(option)!; // a given option always has a value
        }

        var variable = EnvironmentVariableOf(option);
        var text = environment(variable);
        if (text is null)
        {
            return parse.GetValue(option)!; // options here all have default values
        }

        try
        {
            return convert(text);
        }
        catch (FormatException ex)
        {
            throw new CommandFailedException($"invalid value \"{text}\" for {variable}: {ex.Message}");
        }
    }

    // Go's strconv.ParseBool.
    internal static bool ParseBool(string text) => text switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => throw new FormatException("expected true or false"),
    };

    private static double ParseDouble(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException("expected a number");

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private static Option<bool> Flag(string name, string description, bool defaultValue = false) => new(name)
    {
        Description = description,
        Recursive = true,
        DefaultValueFactory = _ => defaultValue,
    };

    private static Option<string> Text(string name, string defaultValue, string description) => new(name)
    {
        Description = description,
        Recursive = true,
        DefaultValueFactory = _ => defaultValue,
    };

    private static Option<double> Number(string name, double defaultValue, string description) => new(name)
    {
        Description = description,
        Recursive = true,
        DefaultValueFactory = _ => defaultValue,
    };

    private static T Hidden<T>(T option)
        where T : Option
    {
        option.Hidden = true;
        return option;
    }
}
