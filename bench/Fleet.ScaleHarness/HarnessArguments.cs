using System.Globalization;

namespace Fleet.ScaleHarness;

/// <summary>Command line; see <see cref="Usage"/>.</summary>
internal sealed record HarnessArguments(
    int Machines, int Units, string? JsonFile, TimeSpan Timeout, TimeSpan Idle, IReadOnlySet<string> Scenarios,
    int AgentsPerConnection, double ChurnRate, TimeSpan ChurnSeconds, int SubmitParallelism, bool Preload, TimeSpan ChurnWarmup)
{
    public static readonly string[] AllScenarios = ["bulk", "idle", "churn", "global", "failover", "loss"];

    /// <summary>The options that take a value (<c>--preload</c> is the only one without).</summary>
    private static readonly HashSet<string> ValueOptions = new(StringComparer.Ordinal)
    {
        "--machines", "--units", "--json", "--timeout", "--idle", "--agents-per-connection", "--churn-rate",
        "--churn-seconds", "--churn-warmup", "--submit-parallelism", "--scenario",
    };

    public const string Usage = """
        usage: Fleet.ScaleHarness --machines N --units U [--json FILE] [--scenario all|bulk,idle,churn,global,failover,loss]
                                  [--timeout SECONDS] [--idle SECONDS] [--agents-per-connection K]
                                  [--churn-rate CHANGES_PER_SECOND] [--churn-seconds SECONDS] [--churn-warmup SECONDS] [--submit-parallelism P]
                                  [--preload]
          Scenarios run in the order bulk, idle, churn, global, failover, loss; bulk always runs (the others need it).
          Defaults: --scenario all, --timeout 900, --idle 20, --agents-per-connection max(1, N/1000),
          --churn-rate 100, --churn-seconds 10, --churn-warmup 5 (unmeasured churn first; 0 for none), --submit-parallelism 16.
          --preload submits every unit before the engine starts and times the bulk start from its election (the
          engine's own placement rate, without the submission).
        """;

    public static HarnessArguments? Parse(string[] args, out string? error)
    {
        int? machines = null, units = null, perConnection = null;
        string? json = null;
        var timeout = 900;
        var idle = 20;
        var churnRate = 100;
        var churnSeconds = 10;
        var churnWarmup = 5;
        var parallelism = 16;
        var scenarios = new HashSet<string>(AllScenarios, StringComparer.Ordinal);
        var preload = false;
        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i];
            if (flag == "--preload")
            {
                preload = true;
                continue;
            }

            if (!ValueOptions.Contains(flag))
            {
                error = $"unknown option '{flag}'\n{Usage}";
                return null;
            }

            // "--json --preload" is a forgotten file name, not a file called "--preload".
            if (i + 1 >= args.Length || ValueOptions.Contains(args[i + 1]) || args[i + 1] == "--preload")
            {
                error = $"{flag}: missing value\n{Usage}";
                return null;
            }

            var value = args[++i];
            error = null;
            switch (flag)
            {
                case "--machines": machines = PositiveInt(flag, value, ref error); break;
                case "--units": units = PositiveInt(flag, value, ref error); break;
                case "--json": json = value; break;
                case "--timeout": timeout = PositiveInt(flag, value, ref error) ?? 0; break;
                case "--idle": idle = PositiveInt(flag, value, ref error) ?? 0; break;
                case "--agents-per-connection": perConnection = PositiveInt(flag, value, ref error); break;
                case "--churn-rate": churnRate = PositiveInt(flag, value, ref error) ?? 0; break;
                case "--churn-seconds": churnSeconds = PositiveInt(flag, value, ref error) ?? 0; break;
                case "--churn-warmup": churnWarmup = NonNegativeInt(flag, value, ref error) ?? 0; break;
                case "--submit-parallelism": parallelism = PositiveInt(flag, value, ref error) ?? 0; break;
                case "--scenario": scenarios = ParseScenarios(value, ref error); break;
                default: throw new InvalidOperationException($"{flag} is in ValueOptions but not handled");
            }

            if (error is not null)
            {
                return null;
            }
        }

        if (machines is null || units is null)
        {
            error = $"--machines and --units are required\n{Usage}";
            return null;
        }

        error = null;
        return new HarnessArguments(machines.Value, units.Value, json, TimeSpan.FromSeconds(timeout), TimeSpan.FromSeconds(idle),
            scenarios, perConnection ?? Math.Max(1, machines.Value / 1000), churnRate, TimeSpan.FromSeconds(churnSeconds), parallelism, preload, TimeSpan.FromSeconds(churnWarmup));
    }

    private static HashSet<string> ParseScenarios(string value, ref string? error)
    {
        if (value == "all")
        {
            return new HashSet<string>(AllScenarios, StringComparer.Ordinal);
        }

        var chosen = new HashSet<string>(StringComparer.Ordinal) { "bulk" };
        foreach (var name in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!AllScenarios.Contains(name))
            {
                error = $"--scenario: unknown scenario '{name}' (known: all, {string.Join(", ", AllScenarios)})";
                break;
            }

            chosen.Add(name);
        }

        return chosen;
    }

    private static int? NonNegativeInt(string flag, string value, ref string? error)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        error = $"{flag}: '{value}' is not a non-negative integer";
        return null;
    }

    private static int? PositiveInt(string flag, string value, ref string? error)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            return n;
        }

        error = $"{flag}: '{value}' is not a positive integer";
        return null;
    }
}
