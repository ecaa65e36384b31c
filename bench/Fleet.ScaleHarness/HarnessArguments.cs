using System.Globalization;

namespace Fleet.ScaleHarness;

/// <summary>Command line: <c>--machines N --units U [--json FILE] [--timeout SECONDS] [--idle SECONDS]</c>.</summary>
internal sealed record HarnessArguments(int Machines, int Units, string? JsonFile, TimeSpan Timeout, TimeSpan Idle)
{
    public const string Usage = "usage: Fleet.ScaleHarness --machines N --units U [--json FILE] [--timeout SECONDS] [--idle SECONDS]";

    public static HarnessArguments? Parse(string[] args, out string? error)
    {
        int? machines = null, units = null;
        string? json = null;
        var timeout = TimeSpan.FromSeconds(600);
        var idle = TimeSpan.FromSeconds(10);
        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i];
            if (i + 1 >= args.Length)
            {
                error = $"{flag}: missing value\n{Usage}";
                return null;
            }

            var value = args[++i];
            switch (flag)
            {
                case "--machines": machines = PositiveInt(flag, value, out error); break;
                case "--units": units = PositiveInt(flag, value, out error); break;
                case "--json": json = value; error = null; break;
                case "--timeout": timeout = TimeSpan.FromSeconds(PositiveInt(flag, value, out error) ?? 0); break;
                case "--idle": idle = TimeSpan.FromSeconds(PositiveInt(flag, value, out error) ?? 0); break;
                default: error = $"unknown flag '{flag}'\n{Usage}"; return null;
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
        return new HarnessArguments(machines.Value, units.Value, json, timeout, idle);
    }

    private static int? PositiveInt(string flag, string value, out string? error)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            error = null;
            return n;
        }

        error = $"{flag}: '{value}' is not a positive integer";
        return null;
    }
}
