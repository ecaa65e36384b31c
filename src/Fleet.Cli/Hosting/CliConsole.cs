namespace Fleet.Cli.Hosting;

/// <summary>Everything fleetctl takes from its surroundings, so that tests can run commands in-process.</summary>
public sealed class CliConsole
{
    /// <summary>Standard output.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Standard error.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Standard input (used by <c>fd-forward</c>).</summary>
    public Stream? In { get; init; }

    /// <summary>Raw standard output (used by <c>fd-forward</c>).</summary>
    public Stream? RawOut { get; init; }

    /// <summary>True when standard output is a terminal (progress lines are shown only then).</summary>
    public bool IsOutputTerminal { get; init; }

    /// <summary>Reads an environment variable (<c>FLEETCTL_*</c>, <c>HOME</c>).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The clock for waiting (attempt rhythm).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Directory relative unit file paths are resolved against.</summary>
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>The OpenSSH client program.</summary>
    public string SshProgram { get; init; } = "ssh";

    /// <summary>The process's console.</summary>
    public static CliConsole System() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        In = Console.OpenStandardInput(),
        RawOut = Console.OpenStandardOutput(),
        IsOutputTerminal = !Console.IsOutputRedirected,
    };
}
