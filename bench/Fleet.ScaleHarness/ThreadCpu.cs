using System.Globalization;

namespace Fleet.ScaleHarness;

/// <summary>CPU seconds of a process's live threads from <c>/proc/PID/task/*/stat</c>, split into the runtime's
/// tiered-compilation (JIT) thread and the rest: in a run of seconds to minutes, re-JITting hot code to tier 1 is
/// a large part of a .NET process's CPU time that a long-running fleetd pays once.</summary>
internal static class ThreadCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Seconds used by the JIT thread ("<c>.NET Tiered Com</c>") of process <paramref name="pid"/>.</summary>
    public static double JitSeconds(int pid)
    {
        var total = 0.0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered Com", StringComparison.Ordinal))
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                total += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            }
            catch (IOException)
            {
                // The thread exited meanwhile.
            }
        }

        return total;
    }
}
