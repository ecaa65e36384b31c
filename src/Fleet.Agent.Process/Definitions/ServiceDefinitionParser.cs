using System.Collections.Immutable;
using System.Globalization;
using Fleet.Agent.Process.Runtime;
using Fleet.Core.Units;

namespace Fleet.Agent.Process.Definitions;

/// <summary>Turns a unit file into a <see cref="ServiceDefinition"/>: expands specifiers, parses every
/// supported directive, collects every error (each naming the directive) and lists unsupported directives.</summary>
internal static class ServiceDefinitionParser
{
    private static readonly HashSet<string> UnitDirectives =
        ["Description", "Documentation", "StartLimitIntervalSec", "StartLimitInterval", "StartLimitBurst"];

    private static readonly HashSet<string> ServiceDirectives =
    [
        "Type", "ExecStartPre", "ExecStart", "ExecStartPost", "ExecStop", "ExecStopPost", "Restart", "RestartSec",
        "Environment", "EnvironmentFile", "WorkingDirectory", "User", "Group", "TimeoutStartSec", "TimeoutStopSec",
        "TimeoutSec", "KillMode", "KillSignal", "SendSIGKILL", "RemainAfterExit", "PIDFile", "SuccessExitStatus",
    ];

    /// <summary>Parses <paramref name="file"/> for unit <paramref name="name"/>.</summary>
    /// <param name="name">The unit's name (for specifiers and the unit type).</param>
    /// <param name="file">The unit file.</param>
    /// <param name="isRoot">Whether the supervisor runs as root (<c>User=</c>/<c>Group=</c> apply only then).</param>
    public static ServiceDefinition Parse(UnitName name, UnitFile file, bool isRoot)
    {
        var errors = new List<string>();
        var unsupported = new List<string>();
        var unknownSpecifiers = new SortedSet<string>(StringComparer.Ordinal);
        var isService = name.UnitType == "service";
        var values = new Dictionary<(string Section, string Name), List<string>>();
        foreach (var option in file.Options)
        {
            var known = option.Section switch
            {
                "Unit" => UnitDirectives.Contains(option.Name),
                "Service" => isService && ServiceDirectives.Contains(option.Name),
                "X-Fleet" => true, // fleet's scheduling section: handled by the engine, not by the unit manager
                _ => false,
            };
            if (!known)
            {
                var label = $"{option.Section}.{option.Name}";
                if (!unsupported.Contains(label))
                {
                    unsupported.Add(label);
                }

                continue;
            }

            var key = (option.Section, option.Name);
            if (!values.TryGetValue(key, out var list))
            {
                values[key] = list = [];
            }

            list.Add(UnitSpecifiers.Expand(option.Value, name, unknownSpecifiers));
        }

        string? Last(string section, string directive) =>
            values.TryGetValue((section, directive), out var list) ? list[^1] : null;
        IEnumerable<string> All(string section, string directive) =>
            values.TryGetValue((section, directive), out var list) ? list : [];

        var definition = new ServiceDefinition { IsService = isService, Description = Last("Unit", "Description") ?? string.Empty };
        if (!isService)
        {
            unsupported.AddRange(unknownSpecifiers.Select(s => $"specifier {s}"));
            return definition with { Unsupported = [.. unsupported] };
        }

        var type = ServiceType.Simple;
        switch (Last("Service", "Type"))
        {
            case null or "simple" or "exec" or "idle":
                break;
            case "notify" or "notify-reload":
                unsupported.Add("Service.Type=notify (treated as simple: no readiness notification)");
                break;
            case "dbus":
                unsupported.Add("Service.Type=dbus (treated as simple)");
                break;
            case "oneshot":
                type = ServiceType.Oneshot;
                break;
            case "forking":
                type = ServiceType.Forking;
                break;
            case var other:
                errors.Add($"Type={other}: unknown service type (expected simple, exec, oneshot, forking, notify)");
                break;
        }

        ImmutableArray<ExecCommand> Commands(string directive)
        {
            var commands = new List<ExecCommand>();
            foreach (var value in All("Service", directive))
            {
                if (value.Trim().Length == 0)
                {
                    commands.Clear(); // systemd: an empty assignment resets the list
                    continue;
                }

                if (!ExecLineParser.TryParse(value, out var parsed, out var notes, out var error))
                {
                    errors.Add($"{directive}={value}: {error}");
                    continue;
                }

                commands.AddRange(parsed);
                unsupported.AddRange(notes.Select(n => $"Service.{directive} {n}").Where(n => !unsupported.Contains(n)));
            }

            return [.. commands];
        }

        var execStart = Commands("ExecStart");
        if (execStart.Length == 0 && type != ServiceType.Oneshot)
        {
            errors.Add("ExecStart= is missing: a service needs a command to run (only Type=oneshot may omit it)");
        }
        else if (execStart.Length > 1 && type != ServiceType.Oneshot)
        {
            errors.Add($"ExecStart= has {execStart.Length} commands: only Type=oneshot may have more than one");
        }

        var restart = RestartPolicy.No;
        switch (Last("Service", "Restart"))
        {
            case null or "no": break;
            case "on-success": restart = RestartPolicy.OnSuccess; break;
            case "on-failure": restart = RestartPolicy.OnFailure; break;
            case "on-abnormal": restart = RestartPolicy.OnAbnormal; break;
            case "on-abort": restart = RestartPolicy.OnAbort; break;
            case "on-watchdog": unsupported.Add("Service.Restart=on-watchdog (no watchdog: never restarts)"); break;
            case "always": restart = RestartPolicy.Always; break;
            case var other:
                errors.Add($"Restart={other}: unknown policy (expected no, on-success, on-failure, on-abnormal, on-abort, always)");
                break;
        }

        TimeSpan Span(string section, string directive, TimeSpan fallback)
        {
            var text = Last(section, directive);
            if (text is null)
            {
                return fallback;
            }

            if (!SystemdTimeSpan.TryParse(text, out var span, out var error))
            {
                errors.Add($"{directive}={text}: {error}");
                return fallback;
            }

            return span == TimeSpan.Zero && directive.StartsWith("Timeout", StringComparison.Ordinal) ? Timeout.InfiniteTimeSpan : span;
        }

        var timeoutBoth = Span("Service", "TimeoutSec", type == ServiceType.Oneshot ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(90));
        var stopBoth = Last("Service", "TimeoutSec") is null ? TimeSpan.FromSeconds(90) : timeoutBoth;

        var environment = new List<KeyValuePair<string, string>>();
        foreach (var value in All("Service", "Environment"))
        {
            if (value.Trim().Length == 0)
            {
                environment.Clear();
            }
            else if (EnvironmentParser.TryParseAssignments(value, out var assignments, out var error))
            {
                environment.AddRange(assignments);
            }
            else
            {
                errors.Add($"Environment={value}: {error}");
            }
        }

        var environmentFiles = new List<(string, bool)>();
        foreach (var value in All("Service", "EnvironmentFile"))
        {
            var v = value.Trim();
            if (v.Length == 0)
            {
                environmentFiles.Clear();
                continue;
            }

            var optional = v.StartsWith('-');
            var path = optional ? v[1..] : v;
            if (!Path.IsPathRooted(path))
            {
                errors.Add($"EnvironmentFile={value}: the path must be absolute");
                continue;
            }

            environmentFiles.Add((path, optional));
        }

        string? workingDirectory = Last("Service", "WorkingDirectory")?.Trim();
        var workingOptional = false;
        if (workingDirectory is { Length: > 0 })
        {
            workingOptional = workingDirectory.StartsWith('-');
            workingDirectory = workingOptional ? workingDirectory[1..] : workingDirectory;
            if (workingDirectory != "~" && !Path.IsPathRooted(workingDirectory))
            {
                errors.Add($"WorkingDirectory={workingDirectory}: the path must be absolute or ~");
            }
        }
        else
        {
            workingDirectory = null;
        }

        var user = NullIfEmpty(Last("Service", "User"));
        var group = NullIfEmpty(Last("Service", "Group"));
        if (!isRoot && (user is not null || group is not null))
        {
            unsupported.Add("Service.User=/Group= (the supervisor does not run as root: the unit runs as the supervisor's user)");
            user = group = null;
        }

        var killMode = KillMode.ControlGroup;
        switch (Last("Service", "KillMode"))
        {
            case null or "control-group": break;
            case "process": killMode = KillMode.Process; break;
            case "mixed": killMode = KillMode.Mixed; break;
            case "none": killMode = KillMode.None; break;
            case var other:
                errors.Add($"KillMode={other}: unknown mode (expected control-group, process, mixed, none)");
                break;
        }

        var killSignal = Signals.Term;
        if (Last("Service", "KillSignal") is { } signalText && !Signals.TryParse(signalText, out killSignal))
        {
            errors.Add($"KillSignal={signalText}: unknown signal");
            killSignal = Signals.Term;
        }

        var successCodes = ImmutableHashSet.CreateBuilder<int>();
        var successSignals = ImmutableHashSet.CreateBuilder<int>();
        foreach (var value in All("Service", "SuccessExitStatus"))
        {
            foreach (var word in value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                if (int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code <= 255)
                {
                    successCodes.Add(code);
                }
                else if (Signals.TryParse(word, out var signal))
                {
                    successSignals.Add(signal);
                }
                else
                {
                    errors.Add($"SuccessExitStatus={value}: '{word}' is neither an exit code (0-255) nor a signal");
                }
            }
        }

        var burst = 5;
        if (Last("Unit", "StartLimitBurst") is { } burstText
            && !int.TryParse(burstText, NumberStyles.None, CultureInfo.InvariantCulture, out burst))
        {
            errors.Add($"StartLimitBurst={burstText}: not a non-negative integer");
            burst = 5;
        }

        var pidFile = NullIfEmpty(Last("Service", "PIDFile"));
        if (pidFile is not null && !Path.IsPathRooted(pidFile))
        {
            errors.Add($"PIDFile={pidFile}: the path must be absolute");
        }

        var startLimit = Last("Unit", "StartLimitIntervalSec") is not null
            ? Span("Unit", "StartLimitIntervalSec", TimeSpan.FromSeconds(10))
            : Span("Unit", "StartLimitInterval", TimeSpan.FromSeconds(10));
        var remain = ParseBool("RemainAfterExit", Last("Service", "RemainAfterExit"), false, errors);
        var sendSigkill = ParseBool("SendSIGKILL", Last("Service", "SendSIGKILL"), true, errors);
        if (remain && type != ServiceType.Oneshot)
        {
            unsupported.Add("Service.RemainAfterExit= (only for Type=oneshot here)");
        }

        unsupported.AddRange(unknownSpecifiers.Select(s => $"specifier {s}"));
        return definition with
        {
            Type = type,
            ExecStartPre = Commands("ExecStartPre"),
            ExecStart = execStart,
            ExecStartPost = Commands("ExecStartPost"),
            ExecStop = Commands("ExecStop"),
            ExecStopPost = Commands("ExecStopPost"),
            Restart = restart,
            RestartDelay = Span("Service", "RestartSec", TimeSpan.FromMilliseconds(100)),
            Environment = [.. environment],
            EnvironmentFiles = [.. environmentFiles],
            WorkingDirectory = workingDirectory,
            WorkingDirectoryOptional = workingOptional,
            User = user,
            Group = group,
            StartTimeout = Span("Service", "TimeoutStartSec", timeoutBoth),
            StopTimeout = Span("Service", "TimeoutStopSec", stopBoth),
            KillMode = killMode,
            KillSignal = killSignal,
            SendSigkill = sendSigkill,
            RemainAfterExit = remain,
            PidFile = pidFile,
            SuccessExitCodes = successCodes.ToImmutable(),
            SuccessSignals = successSignals.ToImmutable(),
            StartLimitInterval = startLimit,
            StartLimitBurst = burst,
            Errors = [.. errors],
            Unsupported = [.. unsupported],
        };
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static bool ParseBool(string directive, string? text, bool fallback, List<string> errors)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null: return fallback;
            case "1" or "yes" or "y" or "true" or "t" or "on": return true;
            case "0" or "no" or "n" or "false" or "f" or "off": return false;
            default:
                errors.Add($"{directive}={text}: not a boolean (expected yes or no)");
                return fallback;
        }
    }
}
