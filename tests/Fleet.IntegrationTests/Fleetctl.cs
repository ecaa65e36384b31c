namespace Fleet.IntegrationTests;

/// <summary>Runs the real fleetctl from the build output against an endpoint.</summary>
public static class Fleetctl
{
    /// <summary>The repository's examples directory.</summary>
    public static string ExamplesDirectory { get; } = FindExamples();

    /// <summary>Runs fleetctl with <paramref name="args"/> (the endpoint is added first) and returns what it printed.</summary>
    public static Task<FleetctlResult> RunAsync(string endpoint, IEnumerable<string> args, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        FleetctlRaw.RunAsync([$"--endpoint={endpoint}", .. args], new Dictionary<string, string>(), cancellationToken, timeout, ExamplesDirectory);

    /// <summary>Runs fleetctl until <paramref name="condition"/> holds for its output, polling with a deadline.</summary>
    public static async Task<FleetctlResult> WaitForAsync(string endpoint, string[] args, Func<FleetctlResult, bool> condition, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        FleetctlResult last;
        do
        {
            last = await RunAsync(endpoint, args, cancellationToken);
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, cancellationToken);
        }
        while (TimeProvider.System.GetTimestamp() < deadline);

        throw new TimeoutException($"{what} did not happen within {timeout}; last `fleetctl {string.Join(' ', args)}`:\n{last}");
    }

    private static string FindExamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples");
            if (File.Exists(Path.Combine(candidate, "hello.service")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("examples/ not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>What one fleetctl run printed.</summary>
public sealed record FleetctlResult(int ExitCode, string Stdout, string Stderr)
{
    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";

    /// <summary>Fails the test with everything fleetctl printed unless it exited 0.</summary>
    public FleetctlResult ShouldSucceed()
    {
        Xunit.Assert.True(ExitCode == 0, $"fleetctl failed: {this}");
        return this;
    }
}
