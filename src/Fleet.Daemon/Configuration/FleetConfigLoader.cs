using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using Fleet.Core.Machines;

namespace Fleet.Daemon.Configuration;

/// <summary>Builds a <see cref="FleetConfig"/> the way fleetd does: the <c>FLEET_&lt;OPTION&gt;</c>
/// environment variable wins when set (even empty), then the INI file (<c>-config PATH</c>, else
/// <c>/etc/fleet/fleet.conf</c> if present), then the default. Every problem is reported at once.</summary>
internal static class FleetConfigLoader
{
    /// <summary>The file fleetd reads when no <c>-config</c> is given.</summary>
    public const string DefaultConfigPath = "/etc/fleet/fleet.conf";

    private static readonly ImmutableHashSet<string> Deprecated = ["verify_units", "authorized_keys_file"];

    /// <summary>Every option name fleetd understands.</summary>
    public static ImmutableArray<string> OptionNames { get; } =
    [
        "verbosity", "etcd_servers", "etcd_username", "etcd_password", "etcd_keyfile", "etcd_certfile", "etcd_cafile",
        "etcd_key_prefix", "etcd_request_timeout", "engine_reconcile_interval", "public_ip", "metadata", "agent_ttl",
        "units_directory", "systemd_user", "token_limit", "enable_grpc", "disable_engine", "disable_watches",
        "verify_units", "authorized_keys_file", "machine_id", "api_listen", "data_dir", "unit_manager",
    ];

    /// <summary>Loads the configuration.</summary>
    /// <param name="configPath">The <c>-config</c> argument, or null.</param>
    /// <param name="environment">Environment variables.</param>
    /// <returns>The configuration (null when there were errors), every error, and notices to log.</returns>
    public static FleetConfigResult Load(string? configPath, IReadOnlyDictionary<string, string> environment)
    {
        var errors = new List<string>();
        var notices = new List<string>();
        var file = ReadFile(configPath, errors, notices, out var source);

        string? Get(string option)
        {
            if (environment.TryGetValue("FLEET_" + option.ToUpperInvariant(), out var fromEnv))
            {
                return fromEnv;
            }

            return file.TryGetValue(option, out var fromFile) ? fromFile : null;
        }

        foreach (var key in file.Keys.Where(k => !OptionNames.Contains(k)))
        {
            notices.Add($"Unknown option \"{key}\" in {source} - ignoring");
        }

        foreach (var option in Deprecated.Where(o => Get(o) is not null))
        {
            notices.Add($"Config option {option} is no longer supported - ignoring");
        }

        var config = Build(Get, errors) with { SourceFile = source };
        Validate(config, errors);
        return new FleetConfigResult(errors.Count == 0 ? config : null, errors, notices);
    }

    private static Dictionary<string, string> ReadFile(string? configPath, List<string> errors, List<string> notices, out string source)
    {
        source = string.Empty;
        var path = configPath ?? (File.Exists(DefaultConfigPath) ? DefaultConfigPath : null);
        if (path is null)
        {
            notices.Add("No provided or default config file found - proceeding without");
            return [];
        }

        if (Directory.Exists(path))
        {
            errors.Add($"Provided config {path} is a directory, not a file");
            return [];
        }

        try
        {
            source = path;
            return IniFile.Parse(File.ReadAllText(path), path, errors);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"Unable to use config file {path}: {ex.Message}");
            return [];
        }
    }

    private static FleetConfig Build(Func<string, string?> get, List<string> errors)
    {
        var d = new FleetConfig();
        return new FleetConfig
        {
            Verbosity = Int(get, "verbosity", d.Verbosity, errors),
            EtcdServers = get("etcd_servers") is { } servers ? ParseList(servers) : d.EtcdServers,
            EtcdUsername = get("etcd_username") ?? d.EtcdUsername,
            EtcdPassword = get("etcd_password") ?? d.EtcdPassword,
            EtcdKeyFile = get("etcd_keyfile") ?? d.EtcdKeyFile,
            EtcdCertFile = get("etcd_certfile") ?? d.EtcdCertFile,
            EtcdCaFile = get("etcd_cafile") ?? d.EtcdCaFile,
            EtcdKeyPrefix = get("etcd_key_prefix") ?? d.EtcdKeyPrefix,
            EtcdRequestTimeout = Duration(get, "etcd_request_timeout", d.EtcdRequestTimeout, errors),
            EngineReconcileInterval = Duration(get, "engine_reconcile_interval", d.EngineReconcileInterval, errors),
            PublicIp = get("public_ip")?.Trim() ?? d.PublicIp,
            Metadata = get("metadata") is { } metadata ? ParseMetadata(metadata) : d.Metadata,
            AgentTtl = Duration(get, "agent_ttl", d.AgentTtl, errors),
            UnitsDirectory = get("units_directory") ?? d.UnitsDirectory,
            SystemdUser = Bool(get, "systemd_user", d.SystemdUser, errors),
            TokenLimit = Int(get, "token_limit", d.TokenLimit, errors),
            EnableGrpc = Bool(get, "enable_grpc", d.EnableGrpc, errors),
            DisableEngine = Bool(get, "disable_engine", d.DisableEngine, errors),
            DisableWatches = Bool(get, "disable_watches", d.DisableWatches, errors),
            MachineId = get("machine_id")?.Trim() ?? d.MachineId,
            ApiListen = get("api_listen") is { } listen ? ParseList(listen) : d.ApiListen,
            DataDir = get("data_dir") ?? d.DataDir,
            UnitManager = get("unit_manager")?.Trim() ?? d.UnitManager,
        };
    }

    private static void Validate(FleetConfig config, List<string> errors)
    {
        Positive(config.EtcdRequestTimeout, "etcd_request_timeout", errors);
        Positive(config.EngineReconcileInterval, "engine_reconcile_interval", errors);
        Positive(config.AgentTtl, "agent_ttl", errors);
        if (config.TokenLimit is < 1 or > ushort.MaxValue)
        {
            errors.Add($"token_limit must be between 1 and {ushort.MaxValue} (was {config.TokenLimit})");
        }

        if (config.UnitManager is not ("auto" or "systemd" or "process"))
        {
            errors.Add($"unit_manager must be auto, systemd or process (was \"{config.UnitManager}\")");
        }

        if (config.MachineId.Length > 0 && !Core.Machines.MachineId.TryParse(config.MachineId, out _))
        {
            errors.Add($"machine_id \"{config.MachineId}\" is not a machine ID (1 to 128 characters of A-Z, a-z, 0-9, '.', '_', '-')");
        }

        if (config.PublicIp.Length > 0 && !IPAddress.TryParse(config.PublicIp, out _))
        {
            errors.Add($"public_ip \"{config.PublicIp}\" is not an IP address");
        }

        foreach (var server in config.EtcdServers.Where(s => !IsHttpUrl(s)))
        {
            errors.Add($"etcd_servers entry \"{server}\" is not an http:// or https:// URL");
        }

        foreach (var listen in config.ApiListen.Where(l => !IsListenAddress(l)))
        {
            errors.Add($"api_listen entry \"{listen}\" must be unix:///absolute/path or http://IP:PORT");
        }

        if (config.ApiListen.IsEmpty)
        {
            errors.Add("api_listen must name at least one address");
        }

        if (config.EtcdKeyPrefix.Length == 0 || config.EtcdKeyPrefix[0] != '/')
        {
            errors.Add($"etcd_key_prefix must start with '/' (was \"{config.EtcdKeyPrefix}\")");
        }
    }

    /// <summary>Resolves the machine ID: <c>machine_id</c>, else the content of <paramref name="machineIdFile"/>.</summary>
    /// <returns>The ID, or null with a message in <paramref name="error"/>.</returns>
    public static MachineId? ResolveMachineId(FleetConfig config, string machineIdFile, out string? error)
    {
        error = null;
        var text = config.MachineId;
        if (text.Length == 0)
        {
            try
            {
                text = File.Exists(machineIdFile) ? File.ReadAllText(machineIdFile).Trim() : string.Empty;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                text = string.Empty;
            }
        }

        if (Core.Machines.MachineId.TryParse(text, out var id))
        {
            return id;
        }

        error = $"Failed creating Server: unable to determine local machine ID (set machine_id, or write one to {machineIdFile})";
        return null;
    }

    /// <summary>fleet's list parsing: split on <c>,</c> and trim spaces, brackets and quotes.</summary>
    public static ImmutableArray<string> ParseList(string text) =>
        [.. text.Split(',').Select(s => s.Trim(' ', '[', '"', ']', '\'')).Where(s => s.Length > 0)];

    /// <summary>fleet's metadata parsing: split on <c>,</c>, then on the first <c>=</c>, trimmed; pairs
    /// without <c>=</c> are dropped; later duplicates win.</summary>
    public static ImmutableSortedDictionary<string, string> ParseMetadata(string text)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split(','))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                continue;
            }

            var key = pair[..eq].Trim();
            if (key.Length > 0)
            {
                builder[key] = pair[(eq + 1)..].Trim();
            }
        }

        return builder.ToImmutable();
    }

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;

    private static bool IsListenAddress(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && ((uri.Scheme is "unix" && uri.Host.Length == 0 && uri.AbsolutePath.Length > 1)
            || (uri.Scheme is "http" && uri.Host.Length > 0 && !uri.IsDefaultPort));

    private static void Positive(TimeSpan value, string option, List<string> errors)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{option} must be positive (was {value.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s)");
        }
    }

    private static int Int(Func<string, string?> get, string option, int fallback, List<string> errors)
    {
        var text = get(option);
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add($"{option} must be an integer (was \"{text}\")");
        return fallback;
    }

    private static bool Bool(Func<string, string?> get, string option, bool fallback, List<string> errors)
    {
        var text = get(option);
        switch (text?.Trim())
        {
            case null: return fallback;
            case "1" or "t" or "T" or "TRUE" or "true" or "True": return true;
            case "0" or "f" or "F" or "FALSE" or "false" or "False": return false;
            default:
                errors.Add($"{option} must be true or false (was \"{text}\")");
                return fallback;
        }
    }

    private static TimeSpan Duration(Func<string, string?> get, string option, TimeSpan fallback, List<string> errors)
    {
        var text = get(option);
        if (text is null)
        {
            return fallback;
        }

        if (GoDuration.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add($"{option} must be a duration like 30s, 1m30s or a number of seconds (was \"{text}\")");
        return fallback;
    }
}
