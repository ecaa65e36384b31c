using System.Diagnostics;

namespace Fleet.Systemd.ClusterTests;

/// <summary>What a finished command printed.</summary>
public sealed record CommandResult(int ExitCode, string Stdout, string Stderr)
{
    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>Runs a program to completion with a deadline (killing it and its children when the deadline passes).</summary>
public static class Command
{
    public static async Task<CommandResult> RunAsync(string program, IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        using var deadline = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"{program} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}:\n{await stdout}{await stderr}");
        }

        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds or the deadline passes (then fails with the last value).</summary>
    public static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what, Func<T, string>? describe = null)
    {
        var until = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        var value = await read();
        while (!done(value))
        {
            if (TimeProvider.System.GetTimestamp() > until)
            {
                throw new TimeoutException($"{what} did not happen within {timeout}; last:\n{(describe is null ? value : describe(value))}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System, CancellationToken.None);
            value = await read();
        }

        return value;
    }
}
