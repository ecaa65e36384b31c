using Fleet.Cli.Hosting;

namespace Fleet.Cli.Waiting;

/// <summary>fleetctl's blocking rhythm: one attempt is up to 2 s of polls every 250 ms
/// (<c>defaultSleepTime</c>); <c>--block-attempts=N</c> allows N attempts, 0 means no limit. The first poll is
/// made at once. Success lines are printed in the order units arrive (argument order within one poll).</summary>
internal sealed class UnitWaiter(CliContext context)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public const int PollsPerAttempt = 8;

    /// <summary>Waits for every unit; returns the timeout errors (empty when all arrived).</summary>
    public async Task<IReadOnlyList<string>> WaitAsync(IReadOnlyList<string> units, IUnitProbe probe, int maxAttempts, CancellationToken cancellationToken)
    {
        var pending = units.Distinct(StringComparer.Ordinal).ToList();
        var progress = new ProgressLine(context.Console, pending.Count, probe.Goal);
        var polls = 0;
        try
        {
            while (true)
            {
                var arrived = await probe.ProbeAsync(pending, cancellationToken);
                foreach (var unit in pending.Where(arrived.ContainsKey).ToList())
                {
                    progress.Clear();
                    if (arrived[unit].Length > 0)
                    {
                        context.Out(arrived[unit]);
                    }

                    pending.Remove(unit);
                }

                if (pending.Count == 0)
                {
                    return [];
                }

                if (maxAttempts > 0 && polls >= maxAttempts * PollsPerAttempt)
                {
                    return [.. pending.Select(probe.TimeoutMessage)];
                }

                progress.Show(pending.Count);
                await Task.Delay(PollInterval, context.Console.Time, cancellationToken);
                polls++;
            }
        }
        finally
        {
            progress.Clear();
        }
    }
}
