using System.Globalization;

namespace Fleet.Systemd.Bench;

/// <summary>CPU time used so far by a process, from <c>/proc/PID/stat</c> (utime + stime).</summary>
internal static class CpuClock
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static TimeSpan Of(int pid)
    {
        if (pid <= 0)
        {
            return TimeSpan.Zero;
        }

        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
