using Fleet.Cli.Hosting;

namespace Fleet.Cli.Tests;

/// <summary>Runs fleetctl in-process with captured output, an injectable environment and clock.</summary>
public sealed class FleetctlRunner
{
    // A generous request timeout: the machine running the tests is shared and the first request JITs Kestrel.
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal)
    {
        ["HOME"] = Path.GetTempPath(),
        ["FLEETCTL_REQUEST_TIMEOUT"] = "60",
    };

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public bool IsTerminal { get; init; }

    public string WorkingDirectory { get; init; } = Path.GetTempPath();

    public string SshProgram { get; init; } = "ssh";

    public async Task<FleetctlResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CliConsole
        {
            Out = output,
            Error = error,
            IsOutputTerminal = IsTerminal,
            GetEnvironmentVariable = name => Environment.GetValueOrDefault(name),
            Time = Time,
            WorkingDirectory = WorkingDirectory,
            SshProgram = SshProgram,
        };
        var exit = await FleetctlApp.RunAsync(args, console, TestContext.Current.CancellationToken);
        return new FleetctlResult(exit, output.ToString(), error.ToString());
    }
}

public sealed record FleetctlResult(int ExitCode, string Out, string Error);
