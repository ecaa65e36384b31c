namespace Fleet.Cli.Hosting;

/// <summary>Ends a command: the message goes to standard error as one line and fleetctl exits with
/// <see cref="ExitCode"/>.</summary>
internal sealed class CommandFailedException : Exception
{
    public CommandFailedException(string message, int exitCode = 1)
        : base(message) => ExitCode = exitCode;

    public CommandFailedException()
        : this("command failed")
    {
    }

    public CommandFailedException(string message, Exception innerException)
        : base(message, innerException) => ExitCode = 1;

    /// <summary>The process exit code.</summary>
    public int ExitCode { get; }
}
